"""Rules about safeguarding records, who is told and who may see them.

The routing rule carries floors no profile or override can go below: a
concern never goes to the person it is about, a concern about a head or an
executive head always reaches someone above them, and a record always has
a reader besides its subject. `safeguarding.selectors.routes_for` keeps the
same floors at run time, with the people the school really has.
"""

from schoolgate.policy.engine import define
from schoolgate.policy.rules._common import (
    flag,
    includes_one_of,
    kept_at_run_time,
    never_includes,
    roles,
)

# Who is above whom when a concern is about a leader. A concern about the
# head goes to the executive head or to governance; one about the executive
# head goes to governance or the trust's executive.
ABOVE_HEAD = ("executive_head", "ceo", "deputy_ceo", "chair", "governors_chair", "trustee")
ABOVE_EXECUTIVE_HEAD = ("ceo", "deputy_ceo", "chair", "governors_chair", "trustee")
# The routing parameter a subject's role selects, and the roles above it.
ROUTE_ABOVE: dict[str, tuple[str, tuple[str, ...]]] = {
    "executive_head": ("executive_head_concerns_to", ABOVE_EXECUTIVE_HEAD),
    "head": ("head_concerns_to", ABOVE_HEAD),
}
# Allegations about those working with children, including the head, are
# dealt with by someone other than the person concerned: the chair of
# governors (or the trust) where it is the headteacher.
ALLEGATIONS_CLAUSE = "Keeping children safe in education, Part 4; catalogue C7.3"
ROUTING_FLOORS = (
    never_includes(
        "head_concerns_to",
        ["head"],
        code="routing.not_to_subject.head",
        guarantee="a concern about the head never goes to the head",
        clause=ALLEGATIONS_CLAUSE,
    ),
    includes_one_of(
        "head_concerns_to",
        ABOVE_HEAD,
        code="routing.above.head",
        guarantee=(
            "a concern about the head always reaches someone above the head "
            "(an executive head, the CEO or deputy CEO, a chair or a trustee)"
        ),
        clause=ALLEGATIONS_CLAUSE,
    ),
    never_includes(
        "executive_head_concerns_to",
        ["executive_head", "head"],
        code="routing.not_to_subject.executive_head",
        guarantee="a concern about the executive head never goes to the executive head",
        clause=ALLEGATIONS_CLAUSE,
    ),
    includes_one_of(
        "executive_head_concerns_to",
        ABOVE_EXECUTIVE_HEAD,
        code="routing.above.executive_head",
        guarantee=(
            "a concern about the executive head always reaches someone above them "
            "(the CEO or deputy CEO, a chair or a trustee)"
        ),
        clause=ALLEGATIONS_CLAUSE,
    ),
    includes_one_of(
        "staff_concerns_to",
        ("head", *ABOVE_HEAD),
        code="routing.staff_reader",
        guarantee="a concern about a member of staff always reaches the head or above",
        clause=ALLEGATIONS_CLAUSE,
    ),
    includes_one_of(
        "pupil_concerns_to",
        ["dsl"],
        code="routing.pupil_dsl",
        guarantee="a concern about a pupil always reaches the designated safeguarding lead",
        clause="Keeping children safe in education, Part 2 and Annex C; catalogue C7.3",
    ),
    kept_at_run_time(
        code="routing.reader",
        guarantee=(
            "a record always has a reader besides the people it is about; when the "
            "school has nobody in the roles named, it goes to the trust's leaders, "
            "and it is refused only when there is nobody at all"
        ),
        clause=ALLEGATIONS_CLAUSE,
    ),
)

define(
    "safeguarding.cyberbullying",
    title="Cyberbullying reports",
    description=(
        "A report records the time, date and place, the evidence, who reported it, "
        "and the victim's own wish about involving the police."
    ),
    catalogue=["C7.1"],
    params=[
        roles("report_to", ["dsl", "head"], "Roles told of a new report."),
        flag("victim_decides_police", False, "The person bullied decides whether to tell police."),
        flag(
            "line_manager_told",
            False,
            "The member of staff who reports it also tells their line manager.",
        ),
        flag("evidence_required", True, "Ask for screenshots or messages as evidence."),
    ],
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.adult_disclosure",
    title="Disclosures about adults; LADO referral",
    description=(
        "A disclosure that an adult at the school misuses social media is recorded "
        "and referred to the LADO; no action is taken until the LADO has advised."
    ),
    catalogue=["C7.2"],
    params=[
        roles("recorded_by", ["head", "dsl"], "Roles that record the disclosure."),
        flag("await_lado_advice", True, "Block any action until the LADO's advice is recorded."),
        flag(
            "steps_by_discloser",
            False,
            "The steps differ by who disclosed it (a parent, a member of staff or a child).",
        ),
    ],
    actions=["safeguarding.record_adult_disclosure"],
)

define(
    "safeguarding.routing",
    title="Routing of concerns",
    description=(
        "Who hears about a concern depends on whom it is about; nobody ever sees a "
        "record about themselves."
    ),
    catalogue=["C7.3"],
    params=[
        roles("staff_concerns_to", ["head"], "Roles told of a concern about staff."),
        roles(
            "head_concerns_to", ["executive_head", "chair"], "Told of a concern about the head."
        ),
        roles("executive_head_concerns_to", ["chair"], "Told of one about the executive head."),
        roles("pupil_concerns_to", ["dsl"], "Roles told of a concern about a pupil."),
    ],
    floors=ROUTING_FLOORS,
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.indecent_images",
    title="Indecent images",
    description=(
        "Police and the head are told at once; nobody opens, copies, forwards or "
        "investigates the material; only its details are recorded."
    ),
    catalogue=["C7.4"],
    params=[
        roles("tell", ["head", "dsl"], "Roles told at once."),
        flag("tell_police", True, "Prompt the person to tell the police at once."),
    ],
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.prevent",
    title="Prevent concerns",
    description=(
        "A concern that a pupil seeks extremist material or may be drawn into "
        "radicalisation goes to the named leaders."
    ),
    catalogue=["C7.5"],
    params=[roles("report_to", ["dsl"], "Roles told of a Prevent concern.")],
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.sightings",
    title="Sightings on social networks in the working day",
    description=(
        "Evidence of pupils or adults on social networks during the school day "
        "goes to the child-protection lead."
    ),
    catalogue=["C7.6"],
    params=[roles("report_to", ["dsl"], "Roles told of a sighting.")],
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.breaches",
    title="Policy breaches and their outcomes",
    description=(
        "A breach is recorded with its disciplinary outcome, any request to remove "
        "a posting, and whether it was removed."
    ),
    catalogue=["C7.7"],
    params=[
        roles("handled_by", ["head", "hr"], "Roles that handle a breach."),
        flag("removal_request", True, "Record a request to remove the posting."),
    ],
    actions=["safeguarding.record", "safeguarding.view"],
)

define(
    "safeguarding.confidential_records",
    title="Confidential records",
    description=(
        "Safeguarding records are seen only by the roles that need them, and every "
        "view is written to the audit trail."
    ),
    catalogue=["C7.8"],
    params=[
        roles("viewers", ["dsl", "head"], "Roles that may read safeguarding records."),
        flag("log_views", True, "Write every view to the audit trail."),
    ],
    actions=["safeguarding.view"],
)
