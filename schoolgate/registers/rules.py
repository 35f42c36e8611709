"""Who may use the registers of catalogue C5, their audit events and menu."""

from schoolgate.audit import events
from schoolgate.core.permissions import register
from schoolgate.people.roles import SCHOOL_LEADERS, TRUST_LEADERS, WORKFORCE, Role
from schoolgate.registers import checks  # noqa: F401  (attaches the friend-request check)
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

# Every member of the workforce may ask, report and declare, and sees their
# own entries; the whole register is for those the policy names.
register("registers.accounts", "Request professional accounts", roles=WORKFORCE)
register("registers.view_accounts", "See every professional account", roles=SCHOOL_LEADERS)
register(
    "registers.approve_account",
    "Approve professional accounts",
    roles_from=("registers.professional_accounts", "approvers"),
)
# Staff of the trust's office ask the trust's own approvers (whmat 6.6).
register(
    "registers.approve_trust_office_account",
    "Approve professional accounts for the trust's office",
    roles_from=("registers.professional_accounts", "trust_office_approvers"),
)
register("registers.trust_accounts", "See the trust's professional accounts", roles=TRUST_LEADERS)

register("registers.applications", "Ask to use a further application", roles=WORKFORCE)
# ICT hears of every request (whmat 4.4.1), so it reads the whole list.
register(
    "registers.view_applications",
    "See requests to use further applications",
    roles=SCHOOL_LEADERS | {Role.ICT},
)
register(
    "registers.decide_application",
    "Decide requests to use further applications",
    roles_from=("registers.new_applications", "deciders"),
)

register("registers.friend_requests", "Report a friend or follow request", roles=WORKFORCE)
register(
    "registers.view_friend_requests",
    "See friend and follow requests reported",
    roles_from=("registers.friend_requests", "report_to"),
)

register("registers.declarations", "Make a declaration", roles=WORKFORCE)
register(
    "registers.view_link_declarations",
    "Read declarations of family or social links",
    roles_from=("registers.declarations", "kept_by"),
)
# Contact with parents on personal social media is kept by HR on the
# person's file (whmat 5.5): read by the roles the profile says read HR forms
# (data.protection:hr_forms_readers, HR alone by default and in whmat 7).
register(
    "registers.view_contact_declarations",
    "Read declarations of contact with parents",
    roles_from=("data.protection", "hr_forms_readers"),
)

for code, text in {
    "registers.account_requested": "Asked for a professional account",
    "registers.account_updated": "Changed a professional account",
    "registers.account_approved": "Approved a professional account",
    "registers.account_declined": "Declined a professional account",
    "registers.account_set_up": "Set up a professional account",
    "registers.account_closed": "Closed a professional account",
    "registers.application_requested": "Asked to use a further application",
    "registers.application_updated": "Changed a request to use an application",
    "registers.application_decided": "Decided a request to use an application",
    "registers.friend_request_reported": "Reported a friend or follow request",
    "registers.friend_request_updated": "Changed a friend or follow request report",
    "registers.parents_told": "Recorded that parents were told of a request",
    "registers.declaration_made": "Made a declaration",
    "registers.declaration_updated": "Changed a declaration",
    "registers.declaration_confirmed": "Confirmed a declaration again",
    "registers.declaration_withdrawn": "Withdrew a declaration",
    "registers.declaration_reviewed": "Reviewed a declaration",
    "registers.declaration_reminded": "Reminded to confirm a declaration",
    "registers.exported": "Exported a register",
}.items():
    events.register(code, text)

add("Accounts", "registers:accounts", "registers.accounts")
add("Applications", "registers:applications", "registers.applications")
add("Friend requests", "registers:friend_requests", "registers.friend_requests")
add("Declarations", "registers:declarations", "registers.declarations")


def _review_panel(request):  # type: ignore[no-untyped-def]
    from schoolgate.registers.selectors import declarations_to_review  # models load first

    waiting = declarations_to_review(request.user, request.school)
    return {"declarations_to_review": waiting.count()}


# Declarations their keeper (HR for contact with parents) has not reviewed
# yet: a count only, the dashboard never says whose.
add_panel(
    "registers.declarations_to_review",
    template="registers/_review_panel.html",
    action="registers.declarations",
    context=_review_panel,
    order=30,
)
