"""Reads of the registers: what each person may see, and the one way in to
each entry (`access_<thing>_for`), which answers a missing entry and a
forbidden one with the same 404."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.core.permissions import can
from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import STAFF_ROLES
from schoolgate.policy.engine import Decision
from schoolgate.registers import policy
from schoolgate.registers.checks import (
    ACCOUNT_CONTEXT,
    FRIEND_REQUEST_CONTEXT,
    AccountFacts,
    RequestFacts,
)
from schoolgate.registers.models import (
    ApplicationRequest,
    Declaration,
    FriendRequest,
    ProfessionalAccount,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

M = TypeVar("M", bound=Model)

NOT_FOUND = "No such entry."
CONTACT_READ = "registers.view_contact_declarations"
LINK_READ = "registers.view_link_declarations"


def _search(qs: QuerySet[Any], q: str, fields: list[str]) -> QuerySet[Any]:
    for word in q.split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(condition)
    return qs


def _first(qs: QuerySet[M], pk: int) -> M:
    found = qs.select_related("school__trust").filter(pk=pk).first()
    if found is None:
        raise Http404(NOT_FOUND)
    return found


# ---------------------------------------------------------------------------
# Professional accounts (C5.1)
# ---------------------------------------------------------------------------

ACCOUNT_SEARCH = ["handle", "purpose", "audience", "owner__first_name", "owner__last_name"]


def accounts_for(
    user: User, school: School, *, q: str = "", status: str = "", platform: str = ""
) -> QuerySet[ProfessionalAccount]:
    """Return the school's accounts the user may see, searched and filtered.

    Leaders see the whole register; anyone else sees what they asked for or own.
    """
    qs = ProfessionalAccount.objects.filter(school=school)
    if not can(user, "registers.view_accounts", school):
        qs = qs.filter(Q(requested_by=user) | Q(owner=user))
    if status:
        qs = qs.filter(status=status)
    if platform:
        qs = qs.filter(platform=platform)
    qs = qs.select_related("owner", "requested_by", "decided_by")
    return _search(qs, q, ACCOUNT_SEARCH)


def trust_accounts(
    trust: Trust, *, q: str = "", status: str = ""
) -> QuerySet[ProfessionalAccount]:
    """Return the accounts of every school in the trust, by school."""
    qs = ProfessionalAccount.objects.filter(school__trust=trust)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("school", "owner").order_by("school__name", "platform", "handle")
    return _search(qs, q, ACCOUNT_SEARCH)


APPROVE = "registers.approve_account"
APPROVE_TRUST_OFFICE = "registers.approve_trust_office_account"


def works_at_trust_office(user: User, school: School) -> bool:
    """Return whether the user works for the trust's office, not at the school.

    That is: a staff role held trust-wide, and none held at the school itself.
    """
    today = timezone.localdate()
    rows = list(
        RoleAssignment.objects.filter(user=user, trust_id=school.trust_id)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=today))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    at_school = any(r.school_id == school.pk for r in rows)
    trust_wide = any(r.school_id is None and r.role in STAFF_ROLES for r in rows)
    return trust_wide and not at_school


def approval_action(account: ProfessionalAccount) -> str:
    """Return the action that approves this account: the school's or the trust's."""
    return APPROVE_TRUST_OFFICE if account.for_trust_office else APPROVE


def may_approve(user: User, account: ProfessionalAccount) -> bool:
    """Return whether the user may decide the account (never their own request)."""
    if account.status != ProfessionalAccount.Status.REQUESTED:
        return False
    if account.requested_by_id == user.pk:
        return False
    return can(user, approval_action(account), account.school)


def access_account_for(
    user: User, pk: int, *, action: str = "registers.accounts"
) -> ProfessionalAccount:
    """Return the account if the user may take the action on it; else 404.

    `action=APPROVE` asks for whichever approval the account needs.
    """
    account = _first(ProfessionalAccount.objects.select_related("owner", "requested_by"), pk)
    if action == APPROVE:
        action = approval_action(account)
    mine = user.pk in {account.requested_by_id, account.owner_id}
    if action == "registers.accounts" and mine and can(user, action, account.school):
        return account
    if action == "registers.accounts":
        action = "registers.view_accounts"
    if not can(user, action, account.school):
        raise Http404(NOT_FOUND)
    return account


# ---------------------------------------------------------------------------
# Further applications (C5.2)
# ---------------------------------------------------------------------------


def applications_for(
    user: User, school: School, *, q: str = "", status: str = ""
) -> QuerySet[ApplicationRequest]:
    """Return the requests the user may see: all for ICT and deciders, else their own."""
    qs = ApplicationRequest.objects.filter(school=school)
    if not _sees_all_applications(user, school):
        qs = qs.filter(requested_by=user)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("requested_by", "decided_by")
    return _search(qs, q, ["application", "purpose", "reasons", "address"])


def _sees_all_applications(user: User, school: School) -> bool:
    return can(user, "registers.view_applications", school) or can(
        user, "registers.decide_application", school
    )


def access_application_for(
    user: User, pk: int, *, action: str = "registers.applications"
) -> ApplicationRequest:
    """Return the request if the user may take the action on it; else 404."""
    request = _first(ApplicationRequest.objects.select_related("requested_by"), pk)
    if action == "registers.applications":
        if request.requested_by_id == user.pk and can(user, action, request.school):
            return request
        if _sees_all_applications(user, request.school):
            return request
        raise Http404(NOT_FOUND)
    if not can(user, action, request.school):
        raise Http404(NOT_FOUND)
    return request


# ---------------------------------------------------------------------------
# Friend and follow requests received (C5.3)
# ---------------------------------------------------------------------------


def friend_requests_for(
    user: User, school: School, *, q: str = "", sender_kind: str = ""
) -> QuerySet[FriendRequest]:
    """Return the reports the user may see: all for those told, else their own."""
    qs = FriendRequest.objects.filter(school=school)
    if not can(user, "registers.view_friend_requests", school):
        qs = qs.filter(reported_by=user)
    if sender_kind:
        qs = qs.filter(sender_kind=sender_kind)
    qs = qs.select_related("reported_by", "pupil", "parent", "parents_told_by")
    fields = ["sender_name", "pupil__first_name", "pupil__surname", "parent__first_name"]
    return _search(qs, q, fields + ["parent__surname", "notes"])


def access_friend_request_for(
    user: User, pk: int, *, action: str = "registers.friend_requests"
) -> FriendRequest:
    """Return the report if the user may take the action on it; else 404.

    Its reporter and those told of reports read it; other actions need the
    action itself.
    """
    report = _first(FriendRequest.objects.select_related("pupil", "parent", "reported_by"), pk)
    mine = report.reported_by_id == user.pk
    if action == "registers.friend_requests" and mine and can(user, action, report.school):
        return report
    if action == "registers.friend_requests":
        action = "registers.view_friend_requests"
    if not can(user, action, report.school):
        raise Http404(NOT_FOUND)
    return report


def friend_request_decision(report: FriendRequest) -> Decision:
    """Return what the school's policy asks of a request received (C5.3).

    Blocking when the policy forbids connecting with the sender (its
    `forbidden` list, and for former pupils its age limit, counted on the
    day the request came); informational otherwise. Each finding cites the
    school's clause.
    """
    age = report.pupil.age_on(report.received_on) if report.pupil else None
    facts = RequestFacts(sender_kind=report.sender_kind, age=age)
    return policy.decision(report.school, FRIEND_REQUEST_CONTEXT, facts)


def account_identity_decision(school: School, handle: str) -> Decision:
    """Return whether a professional account's address fits `people.staff_identity`.

    The school's own domains are those of its email and of its staff's
    school email addresses (from the MIS).
    """
    from schoolgate.people.models import StaffMember

    addresses = [
        school.email,
        *StaffMember.objects.filter(school=school).values_list("email", flat=True),
    ]
    domains = frozenset(a.rpartition("@")[2].lower() for a in addresses if "@" in a)
    facts = AccountFacts(handle=handle, school_domains=domains)
    return policy.decision(school, ACCOUNT_CONTEXT, facts)


def parents_to_tell(report: FriendRequest) -> bool:
    """Return whether the school's policy wants this report's parents told."""
    if not report.from_pupil or report.parents_told_at:
        return False
    return policy.friend_requests_tell_parents(report.school)


# ---------------------------------------------------------------------------
# Declarations (C5.4)
# ---------------------------------------------------------------------------


def _readable_kinds(user: User, school: School | None) -> list[str]:
    kinds: list[str] = []
    if can(user, LINK_READ, school):
        kinds.append(Declaration.Kind.FAMILY_LINK)
    if can(user, CONTACT_READ, school):
        kinds.append(Declaration.Kind.PARENT_CONTACT)
    return kinds


def declarations_for(
    user: User, school: School, *, q: str = "", kind: str = "", due: bool = False
) -> QuerySet[Declaration]:
    """Return the declarations the user may read: their own, and the kinds they keep."""
    qs = Declaration.objects.filter(school=school).filter(
        Q(declarant=user) | Q(kind__in=_readable_kinds(user, school))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if due:
        qs = qs.filter(status=Declaration.Status.CURRENT, confirmed_on__lte=due_cutoff(school))
    qs = qs.select_related("declarant")
    fields = ["signed_name", "pupil_names", "parent_names", "details", "job_title"]
    return _search(qs, q, fields)


def due_cutoff(school: School, today: date | None = None) -> date:
    """Return the date on or before which a confirmation is due again."""
    months = policy.declarations_reconfirm_months(school)
    today = today or timezone.localdate()
    year, month = divmod(today.month - 1 - int(months), 12)
    return today.replace(year=today.year + year, month=month + 1, day=min(today.day, 28))


def declarations_due(school: School, today: date | None = None) -> QuerySet[Declaration]:
    """Return the school's current declarations due to be confirmed again."""
    cutoff = due_cutoff(school, today)
    return Declaration.objects.filter(
        school=school, status=Declaration.Status.CURRENT, confirmed_on__lte=cutoff
    ).select_related("declarant")


def is_due(declaration: Declaration) -> bool:
    """Return whether the declaration should be confirmed again now."""
    current = declaration.status == Declaration.Status.CURRENT
    return current and declaration.confirmed_on <= due_cutoff(declaration.school)


def keeps_declaration(user: User, declaration: Declaration) -> bool:
    """Return whether the user keeps (may review) the declaration: a keeper, not its declarant."""
    if declaration.declarant_id == user.pk:
        return False
    return declaration.kind in _readable_kinds(user, declaration.school)


def declarations_to_review(user: User, school: School | None) -> QuerySet[Declaration]:
    """Return the current declarations the user keeps that nobody has reviewed yet."""
    return (
        Declaration.objects.filter(
            school=school,
            kind__in=_readable_kinds(user, school),
            status=Declaration.Status.CURRENT,
            reviewed_at__isnull=True,
        )
        .exclude(declarant=user)
        .order_by("created_at", "pk")
    )


def declaration_keeper_roles(school: School, kind: str) -> list[str]:
    """Return the roles that keep (read and review) the school's declarations of a kind."""
    if kind == Declaration.Kind.PARENT_CONTACT:
        return policy.hr_forms_readers(school)
    return policy.declarations_kept_by(school)


def declaration_recipient_roles(school: School, kind: str) -> list[str]:
    """Return the roles a new declaration of a kind goes to (C5.4).

    A family link goes to those the profile names (`declare_to`, e.g. the
    head under brize and jessons, HR under whmat); contact with parents is an
    HR form and goes to its readers alone.
    """
    if kind == Declaration.Kind.PARENT_CONTACT:
        return declaration_keeper_roles(school, kind)
    return policy.declarations_declare_to(school)


def access_declaration_for(
    user: User, pk: int, *, edit: bool = False, review: bool = False
) -> Declaration:
    """Return the declaration to its declarant or its keepers; else 404.

    Only the declarant changes a declaration (`edit`): keepers read it, and
    only a keeper other than the declarant reviews it (`review`).
    """
    declaration = _first(Declaration.objects.select_related("declarant"), pk)
    mine = declaration.declarant_id == user.pk
    if review:
        if keeps_declaration(user, declaration):
            return declaration
        raise Http404(NOT_FOUND)
    if mine and can(user, "registers.declarations", declaration.school):
        return declaration
    if edit:
        raise Http404(NOT_FOUND)
    if declaration.kind in _readable_kinds(user, declaration.school):
        return declaration
    raise Http404(NOT_FOUND)
