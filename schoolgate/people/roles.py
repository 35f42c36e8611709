"""The roles a person may hold (catalogue C2.2), and the groups views ask for.

Pupils, former pupils and the public hold no login: pupils are records
(`Pupil.status`) and the public are anonymous visitors.
"""

from django.db import models


class Role(models.TextChoices):
    TRUSTEE = "trustee", "Trustee / board member"
    CHAIR = "chair", "Chair of trustees"
    CEO = "ceo", "Chief executive (CEO)"
    DEPUTY_CEO = "deputy_ceo", "Deputy CEO"
    EXECUTIVE_HEAD = "executive_head", "Executive head / principal"
    HEAD = "head", "Head of school / headteacher"
    DEPUTY_HEAD = "deputy_head", "Deputy head"
    DSL = "dsl", "Designated safeguarding lead"
    HR = "hr", "HR"
    ICT = "ict", "ICT support"
    ONLINE_SAFETY = "online_safety", "Online-safety officer"
    DPO = "dpo", "Data protection officer"
    OFFICE = "office", "School office"
    TEACHER = "teacher", "Class teacher"
    SUPPORT = "support", "Support staff"
    SUPPLY = "supply", "Supply teacher"
    AGENCY = "agency", "Agency staff"
    CONTRACTOR = "contractor", "Contractor"
    VOLUNTEER = "volunteer", "Volunteer"
    GOVERNOR = "governor", "Governor / local academy committee"
    # The chair of a school's own governing body or local academy committee,
    # as distinct from the chair of the trust's board (stpeters "Online safety").
    GOVERNORS_CHAIR = "governors_chair", "Chair of governors (or LAC)"
    PARENT = "parent", "Parent / carer"


STAFF_ROLES = frozenset(r for r in Role.values if r != Role.PARENT)
TRUST_LEADERS = frozenset({Role.CEO, Role.DEPUTY_CEO, Role.EXECUTIVE_HEAD})
SCHOOL_LEADERS = frozenset({Role.HEAD, Role.DEPUTY_HEAD}) | TRUST_LEADERS
GOVERNANCE = frozenset({Role.TRUSTEE, Role.CHAIR, Role.GOVERNOR, Role.GOVERNORS_CHAIR})
# Staff who work with pupils or school data day to day (not governance).
WORKFORCE = STAFF_ROLES - GOVERNANCE
