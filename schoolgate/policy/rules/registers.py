"""Rules about professional accounts, new applications, contact and declarations."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number, roles, text

CONTACTS = ("pupil", "former_pupil", "parent")

define(
    "registers.professional_accounts",
    title="Register of professional accounts",
    description=(
        "A professional social media account is set up only after approval, and "
        "is listed in a register the school can produce on request."
    ),
    catalogue=["C5.1"],
    params=[
        roles("approvers", ["head"], "Roles that approve a new professional account."),
        roles(
            "trust_office_approvers",
            ["ceo", "deputy_ceo"],
            "Approvers for staff of the trust's office.",
        ),
        flag("approval_before_setup", True, "Approval comes before the account exists."),
    ],
    actions=["registers.approve_account", "registers.approve_trust_office_account"],
)

define(
    "registers.new_applications",
    title="Requests to use further applications",
    description=(
        "Using a further social networking application for school work needs "
        "approval; ICT tells the decision-makers of each request."
    ),
    catalogue=["C5.2"],
    params=[
        roles("deciders", ["head"], "Roles that decide requests."),
        flag("ict_notifies", True, "ICT support tells the deciders of every request."),
        flag("non_school_use_exempt", True, "Use unconnected with school needs no approval."),
    ],
    actions=["registers.decide_application"],
)

define(
    "registers.friend_requests",
    title="No friending pupils or parents; requests reported",
    description=(
        "Staff do not friend or follow pupils, former pupils or parents; a request "
        "received is declined and reported."
    ),
    catalogue=["C5.3"],
    params=[
        Param("forbidden", "list", list(CONTACTS), "Who staff must not connect with.", CONTACTS),
        number(
            "former_pupil_age_limit",
            0,
            "Former pupils covered only below this age; 0 = all.",
            low=0,
            high=25,
        ),
        roles("report_to", ["dsl"], "Roles told of a request received."),
        flag("tell_parents", False, "Parents are told when their child sent a request."),
    ],
    actions=["registers.friend_requests", "registers.view_friend_requests"],
)

define(
    "registers.declarations",
    title="Declarations of links and contact",
    description=(
        "Staff declare family or social links with pupils' families, and any "
        "contact with parents on personal social media."
    ),
    catalogue=["C5.4"],
    params=[
        roles("declare_to", ["head"], "Roles a declaration goes to."),
        flag("parent_contact_form", False, "Personal contact with parents uses its own form."),
        roles("kept_by", ["head"], "Roles that keep and may read declarations."),
        number(
            "reconfirm_months",
            12,
            "Months after which a declaration is confirmed again.",
            low=1,
            high=60,
        ),
    ],
    actions=["registers.declarations", "registers.view_link_declarations"],
)

# ---------------------------------------------------------------------------
# The smaller registers the policies ask for (issue 15, section 4)
# ---------------------------------------------------------------------------

PERMISSION_KINDS = ("wifi", "pupils_social", "recording", "mention_school")

define(
    "registers.head_permissions",
    title="The head's permissions",
    description=(
        "Where the policy reserves something to the head's permission (personal "
        "accounts on the school Wi-Fi, pupils on social networks in class, "
        "recording equipment where pupils work, staff naming the school "
        "personally), staff ask in writing and the head grants or refuses with a note."
    ),
    catalogue=["C5.6"],
    actions=["registers.permissions", "registers.permissions_add"],
    params=[
        roles("granted_by", ["head"], "Roles that grant or refuse a permission."),
        Param(
            "kinds",
            "list",
            list(PERMISSION_KINDS),
            "What needs the head's permission under this policy.",
            PERMISSION_KINDS,
        ),
    ],
)

define(
    "registers.account_reviews",
    title="Professional accounts reviewed by their owners",
    description=(
        "The owner of each professional account reviews it regularly and the "
        "review is reported to the head; an account past its review is shown overdue."
    ),
    catalogue=["C5.7"],
    actions=["registers.account_reviews", "registers.account_reviews_add"],
    params=[
        number("every_months", 3, "Months between reviews of an account.", low=1, high=24),
        roles("report_to", ["head"], "Roles that read every review."),
    ],
)

define(
    "registers.low_level_concerns",
    title="Low-level concerns log",
    description=(
        "A worry about an adult's conduct online that does not meet the harm "
        "threshold is logged in confidence, seen only by its keepers."
    ),
    catalogue=["C7.9"],
    actions=["registers.low_level_concerns", "registers.low_level_concerns_add"],
    params=[roles("kept_by", ["dsl", "head"], "Roles that read and answer the log.")],
)

define(
    "registers.filtering_checks",
    title="Filtering and monitoring checked",
    description=(
        "ICT records each check that filtering and monitoring are fit for "
        "purpose, and any concerning social media use it finds is reported at once."
    ),
    catalogue=["C9.4"],
    actions=["registers.filtering_checks", "registers.filtering_checks_add"],
    params=[
        roles("checked_by", ["ict"], "Roles that record a check."),
        roles("report_to", ["head", "dsl"], "Roles told of concerning use, and who read the log."),
        number("every_months", 3, "Months between checks.", low=1, high=24),
    ],
)

define(
    "registers.policy_departures",
    title="Judgement calls outside the policy",
    description=(
        "When a member of staff makes a professional judgement the policy does "
        "not cover, or departs from it, they tell the head why; the head notes it."
    ),
    catalogue=["C1.6"],
    actions=["registers.departures", "registers.departures_add"],
    params=[
        roles("report_to", ["head"], "Roles that are told and note each one."),
        flag("hr_advice", False, "The head seeks HR's advice where appropriate."),
    ],
)

define(
    "registers.event_photos",
    title="Visitors' phones and photos at school events",
    description=(
        "Visitors keep phones out of pupils' areas, and photos at a school "
        "event are taken only on the terms parents agreed for it."
    ),
    catalogue=["C8.6"],
    actions=["registers.event_photos", "registers.event_photos_add"],
    params=[
        roles("kept_by", ["head", "office"], "Roles that record each event's agreement."),
        text(
            "visitor_notice",
            "Please do not use your phone where pupils are, and take no photos "
            "except as agreed for this event.",
            "The notice shown to visitors and parents.",
            high=300,
        ),
    ],
)

define(
    "registers.recruitment_screening",
    title="No social media screening of applicants",
    description=(
        "Applicants' personal social media is not checked routinely during "
        "selection; HR is reminded where it works on recruitment."
    ),
    catalogue=["C9.5"],
    actions=["registers.recruitment_reminder"],
    params=[
        roles("remind", ["hr"], "Roles shown the reminder."),
        flag(
            "verify_professional",
            True,
            "A professional network may be read to verify skills and experience.",
        ),
    ],
)

define(
    "registers.personal_accounts_off_school_pages",
    title="No personal accounts on the school's pages",
    description=(
        "Staff interact with the school's social networks only through a "
        "professional account, never a personal one; each professional account "
        "request confirms it."
    ),
    catalogue=["C3.11"],
    actions=["registers.accounts"],
)
