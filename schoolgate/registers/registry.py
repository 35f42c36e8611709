"""Who may use the registers of catalogue C5, their audit events and menu."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypedDict

from schoolgate.audit import events
from schoolgate.core.permissions import add_precondition, register
from schoolgate.core.types import SchoolRequest, SignedInRequest, current_school
from schoolgate.people.models import School
from schoolgate.people.roles import SCHOOL_LEADERS, TRUST_LEADERS, WORKFORCE, Role
from schoolgate.policy.engine import Finding
from schoolgate.registers import checks  # noqa: F401  (attaches the friend-request check)
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from schoolgate.accounts.models import User
    from schoolgate.core.permissions import Precondition
    from schoolgate.people.models import School
    from schoolgate.policy.engine import Finding
    from schoolgate.registers.logbooks import Logbook

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


def _parent_contact_form(user: User, school: School | None) -> Finding | None:
    """Refuse the parent-contact form where the policy has none (C5.4)."""
    from schoolgate.registers import policy

    if school is not None and policy.parent_contact_form(school):
        return None
    reason = (
        "Your school's policy has no separate form for contact with parents: "
        "declare it as a family or social link."
    )
    source = policy.source(school, "registers.declarations") if school is not None else ""
    return Finding("registers.declarations", reason, source, "block", "access")


add_precondition("registers.parent_contact_form", _parent_contact_form)
register(
    "registers.declare_parent_contact",
    "Declare contact with a parent on personal social media",
    roles=WORKFORCE,
    preconditions=("registers.parent_contact_form",),
)
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


def _review_panel(request: SignedInRequest) -> dict[str, Any]:
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


# ---------------------------------------------------------------------------
# The smaller registers (issue 15, section 4): actions, events and menu entries
# come from each logbook's one description.
# ---------------------------------------------------------------------------


def _logbook_open(book: Logbook) -> Precondition:
    """Return the precondition: the school's policy keeps the logbook, and the
    person records in it or reads it."""

    def check(user: User, school: School | None) -> Finding | None:
        from schoolgate.people.selectors import roles_at
        from schoolgate.policy.engine import Finding
        from schoolgate.registers import policy

        if school is None:
            return Finding(book.rule, "Choose a school first.", "Schoolgate", "block", "access")
        rule = policy.rule(school, book.rule)
        if not rule.enabled:
            reason = f"{school.name}'s policy keeps no register of {book.title.lower()}."
            return Finding(book.rule, reason, rule.source, "block", "access")
        # Those who record and those who read (the whole workforce unless a
        # parameter names them), and those who answer.
        wanted = set(
            policy.logbook_roles(school, book.rule, book.writers) if book.writers else WORKFORCE
        )
        wanted |= set(
            policy.logbook_roles(school, book.rule, book.readers) if book.readers else WORKFORCE
        )
        if book.answered_by:
            wanted |= set(policy.logbook_roles(school, book.rule, book.answered_by))
        if not wanted & set(roles_at(user, school)):
            reason = f"{book.title}: kept by the roles the policy names."
            return Finding(book.rule, reason, rule.source, "block", "access")
        return None

    return check


class _Who(TypedDict, total=False):
    """Who may take a logbook's action, as `register` takes it."""

    roles: Iterable[str]
    roles_from: tuple[str, str]
    preconditions: list[str]


def _register_logbook(book: Logbook) -> None:
    from schoolgate.core.permissions import add_precondition

    on = f"registers.{book.slug}_open"
    add_precondition(on, _logbook_open(book))

    def roles(param: str | None) -> _Who:
        who: _Who = {"roles_from": (book.rule, param)} if param else {"roles": WORKFORCE}
        return who | {"preconditions": [on]}

    title = book.title
    register(book.open_action, f"Open {title.lower()}", **roles(None))
    register(book.add_action, f"Record in {title.lower()}", **roles(book.writers))
    register(book.read_action, f"Read all of {title.lower()}", **roles(book.readers))
    if book.answers:
        register(book.answer_action, f"Answer in {title.lower()}", **roles(book.answered_by))
    events.register(f"registers.{book.slug}_recorded", f"Recorded in {title.lower()}")
    events.register(f"registers.{book.slug}_answered", f"Answered in {title.lower()}")
    add(title, f"registers:{book.slug}", book.open_action)


def _confidential(book: Logbook) -> Callable[[Any, Any], QuerySet[Any]]:
    def pks(user: User, school: Any) -> QuerySet[Any]:
        from schoolgate.registers.record_selectors import visible_pks

        return visible_pks(book, user, school)

    return pks


from schoolgate.audit import confidential  # noqa: E402
from schoolgate.registers.logbooks import LOGBOOKS  # noqa: E402

for _book in LOGBOOKS.values():
    _register_logbook(_book)
    if _book.confidential:
        # Audit entries about a confidential entry follow who may open it.
        confidential.register(
            f"registers.{_book.model._meta.model_name}", visible_pks=_confidential(_book)
        )


# ---------------------------------------------------------------------------
# HR reminded that applicants are not screened on social media (whmat 10.1)
# ---------------------------------------------------------------------------

SCREENING = "registers.recruitment_screening"


def _screening_on(user: User, school: School | None) -> Finding | None:
    from schoolgate.policy.engine import Finding
    from schoolgate.registers import policy

    rule = policy.rule(school, SCREENING) if school is not None else None
    if rule is None or not rule.enabled:
        return Finding(SCREENING, "The school's policy says nothing on this.", "", "block")
    return None


def _screening_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.registers import policy

    school = current_school(request)
    return {
        "screening_source": policy.source(school, SCREENING),
        "screening_verify": policy.screening_verifies_professional(school),
    }


add_precondition("registers.recruitment_screening_on", _screening_on)
register(
    "registers.recruitment_reminder",
    "See the reminder about applicants' social media",
    roles_from=(SCREENING, "remind"),
    preconditions=["registers.recruitment_screening_on"],
)
# On the dashboard of those who recruit (HR), where the profile asks for it.
add_panel(
    "registers.recruitment_screening",
    template="registers/_screening_panel.html",
    action="registers.recruitment_reminder",
    context=_screening_panel,
    order=35,
)
