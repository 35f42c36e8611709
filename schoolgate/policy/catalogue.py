"""The capability catalogue: every row a profile must map to a rule or parameter.

Titles are short labels in Schoolgate's own words; the full catalogue with its
sources is kept in the project's design notes.
"""

CATALOGUE: dict[str, str] = {
    "C1.1": "Built-in profiles with school overrides",
    "C1.2": "Every decision explained with its rules and sources",
    "C1.3": "The school's policy document (HTML and PDF)",
    "C1.4": "Review dates and reminders",
    "C1.5": "A new version asks staff to acknowledge again",
    "C1.6": "Judgement calls outside the policy, told to the head",
    "C2.1": "A trust holds schools",
    "C2.2": "Roles",
    "C2.3": "Pupils, ages and MIS import",
    "C2.4": "Staff formal names and school email",
    "C3.1": "Channels and their owners",
    "C3.2": "Staff blog accounts made only by the head",
    "C3.3": "Photo-consent register",
    "C3.4": "Photos need current consent for every pupil and colleague",
    "C3.5": "How children may be named",
    "C3.6": "School devices only; metadata stripped",
    "C3.7": "Content rules",
    "C3.8": "Approval of posts",
    "C3.9": "Cross-posting; one-way external pages",
    "C3.10": "Professional labelling; private by default",
    "C3.11": "No personal accounts on the school's pages",
    "C4.1": "Comments held until approved",
    "C4.2": "Negative comments escalated to the head",
    "C4.3": "Parents' duties when commenting",
    "C4.4": "No bullying or individual matters; under-13s banned",
    "C4.5": "Praise collected",
    "C4.6": "External comments in the same queue",
    "C5.1": "Register of professional accounts",
    "C5.2": "Requests for further applications",
    "C5.3": "No friending pupils or parents; requests reported",
    "C5.4": "Declarations of links and contact",
    "C5.5": "Staff self-check of personal profiles",
    "C5.6": "The head's permissions",
    "C5.7": "Professional accounts reviewed by their owners",
    "C6.1": "Policy sign-off by every member of staff",
    "C6.2": "Training records",
    "C7.1": "Cyberbullying reports",
    "C7.2": "Disclosures about adults; LADO referral",
    "C7.3": "Routing of concerns",
    "C7.4": "Indecent images",
    "C7.5": "Prevent concerns",
    "C7.6": "Sightings on social networks in the working day",
    "C7.7": "Breaches and their outcomes",
    "C7.8": "Confidential records, every view logged",
    "C7.9": "Low-level concerns, in confidence",
    "C8.1": "Register of school devices",
    "C8.2": "The school trip phone",
    "C8.3": "Pupils' phones handed in",
    "C8.4": "Sanctions with start and end",
    "C8.5": "Staff phone IMEI",
    "C8.6": "Visitors' phones and photos at school events",
    "C9.1": "Tamper-evident audit trail",
    "C9.2": "Retention of monitoring copies",
    "C9.3": "Data-protection duties",
    "C9.4": "Filtering and monitoring checked",
    "C9.5": "No social media screening of applicants",
}

# The catalogue's areas, by the prefix of their rows.
AREAS: dict[str, str] = {
    "C1": "The policy itself",
    "C2": "People, roles and schools",
    "C3": "Publishing on the school's channels",
    "C4": "Comments from parents and the public",
    "C5": "Accounts, applications and declarations",
    "C6": "Sign-off and training",
    "C7": "Safeguarding records and routing",
    "C8": "Devices, phones and sanctions",
    "C9": "Monitoring, data protection and audit",
}


def area_of(row: str) -> str:
    """Return the area code ("C3") a catalogue row ("C3.10") belongs to."""
    return row.partition(".")[0]
