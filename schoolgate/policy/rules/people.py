"""Rules about trusts, schools, roles, pupils and staff identities."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, roles

define(
    "people.trust",
    title="Trusts and their schools",
    description=(
        "A trust holds one or more schools; a single school is a trust of one. "
        "Trust-wide roles act in every school of the trust."
    ),
    catalogue=["C2.1"],
    actions=["people.grant_roles"],
    params=[
        flag("shared_policy", True, "The trust's schools share one policy."),
        roles(
            "trust_roles",
            ["ceo", "deputy_ceo", "executive_head", "chair", "trustee"],
            "Roles held across the trust rather than in one school.",
        ),
    ],
)

define(
    "people.roles",
    title="Who the policy applies to",
    description="The roles the policy names and the people it covers.",
    catalogue=["C2.2"],
    params=[
        roles(
            "covers",
            ["teacher", "support", "supply", "agency", "contractor", "volunteer", "governor"],
            "Kinds of adult the policy applies to besides leaders.",
        ),
        flag(
            "ceo_includes_deputy", False, "What the policy says of the CEO also binds the deputy."
        ),
        flag("online_safety_officer", False, "The school names an online-safety officer."),
        roles(
            "appointed_roles",
            ["head", "dsl", "hr"],
            "Roles only the people named in appointed_by may grant (never to themselves).",
        ),
        roles(
            "appointed_by",
            ["head", "executive_head", "ceo"],
            "Who may grant the appointed roles.",
        ),
        flag(
            "appointments_four_eyes",
            False,
            "Granting an appointed role needs a second person's approval, so no import grants it.",
        ),
    ],
    actions=["people.grant_appointed_roles"],
)

define(
    "people.pupils",
    title="Pupils, ages and the MIS import",
    description=(
        "Pupils come from the school's MIS with name, date of birth, class and "
        "status; the age bands decide which age rules apply."
    ),
    catalogue=["C2.3"],
    statement=True,
    params=[
        Param(
            "age_bands",
            "list",
            ["13", "16", "18"],
            "Ages at which rules change (platform minimum, grooming, adulthood).",
            choices=("13", "16", "18"),
        ),
        flag("keep_former_pupils", True, "Keep former pupils, so contact rules still apply."),
    ],
)

define(
    "people.staff_identity",
    title="Formal names and school email",
    description=(
        "Staff appear under a formal professional name and use their school email "
        "for anything professional."
    ),
    catalogue=["C2.4"],
    checks=["registers.account_request"],
    params=[
        flag("formal_names", True, "Professional accounts use a formal name (e.g. Mrs Smith)."),
        flag("school_email_only", True, "Professional accounts use a school email address."),
    ],
)
