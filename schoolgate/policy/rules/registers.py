"""Rules about professional accounts, new applications, contact and declarations."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number, roles

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
