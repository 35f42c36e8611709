"""Changes to the registers: each in one transaction, validated, audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can, require
from schoolgate.core.services import model_update
from schoolgate.people.models import School
from schoolgate.people.selectors import roles_at, users_with_role
from schoolgate.registers import policy
from schoolgate.registers.models import (
    ApplicationRequest,
    Declaration,
    DeclarationReminder,
    FriendRequest,
    ProfessionalAccount,
)
from schoolgate.registers.selectors import (
    account_identity_decision,
    approval_action,
    declarations_due,
    friend_request_decision,
    works_at_trust_office,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

Status = ProfessionalAccount.Status
PROFESSIONAL_ONLY = policy.PROFESSIONAL_ONLY


# The registers whose entries _update changes.
R = TypeVar("R", ProfessionalAccount, ApplicationRequest, FriendRequest, Declaration)


def _notify(school: School, roles: list[str], subject: str, body: str) -> None:
    """Email everyone holding the roles at the school once the change is saved,
    as each prefers."""
    from schoolgate.notifications.services import notify

    people = list(users_with_role(school, roles))
    if not people:
        return
    transaction.on_commit(
        lambda: notify(
            topic_code="registers",
            to=people,
            subject=f"[Schoolgate] {subject}",
            body=body,
            line=f"{subject} at {school.name}",
            school=school,
        )
    )


def _save(instance: Any) -> Any:
    instance.full_clean()
    instance.save()
    return instance


def _update(instance: R, fields: list[str], data: dict[str, Any], event: str, actor: User) -> R:
    instance, changed = model_update(instance=instance, fields=fields, data=data)
    if changed:
        audit_log(
            event=event,
            actor=actor,
            subject=instance,
            school=instance.school,
            label=str(instance),
            extra={"changed": changed},
        )
    return instance


def _log(event: str, instance: Any, actor: User, **extra: Any) -> None:
    audit_log(
        event=event,
        actor=actor,
        subject=instance,
        school=instance.school,
        label=str(instance),
        extra=extra,
    )


# ---------------------------------------------------------------------------
# Professional accounts (C5.1)
# ---------------------------------------------------------------------------

ACCOUNT_FIELDS = ["platform", "handle", "purpose", "audience", "visibility", "public_reason"]


def _require_school_identity(school: School, handle: str) -> None:
    decision = account_identity_decision(school, handle)
    if decision.blocking:
        finding = decision.blocking[0]
        raise ApplicationError(f"{finding.reason} ({finding.source})")


@transaction.atomic
def account_request(*, school: School, data: dict[str, Any], actor: User) -> ProfessionalAccount:
    """Record a request for a professional account and tell the approvers."""
    _require_school_identity(school, data.get("handle", ""))
    account = ProfessionalAccount(school=school, requested_by=actor, owner=actor)
    for name in ACCOUNT_FIELDS:
        setattr(account, name, data.get(name, getattr(account, name)))
    _require_professional_only(school, bool(data.get("professional_only")))
    account.professional_only = bool(data.get("professional_only"))
    account.for_trust_office = works_at_trust_office(actor, school)
    _save(account)
    _log("registers.account_requested", account, actor)
    approvers = policy.account_approvers(school, trust_office=account.for_trust_office)
    _notify(
        school,
        approvers,
        "A professional account waits for approval",
        f"{actor} asks to set up {account} for {account.audience}.",
    )
    return account


def _require_professional_only(school: School, confirmed: bool) -> None:
    rule = policy.rule(school, PROFESSIONAL_ONLY)
    if rule.enabled and not confirmed:
        raise ApplicationError(
            "Confirm that you will use only professional accounts on the school's pages "
            f"({rule.source})."
        )


@transaction.atomic
def account_update(
    *, account: ProfessionalAccount, data: dict[str, Any], actor: User
) -> ProfessionalAccount:
    """Change an account's details; a closed or declined one stays as it was."""
    if account.status in {Status.CLOSED, Status.DECLINED}:
        raise ApplicationError("A closed or declined account cannot be changed.")
    if "handle" in data:
        _require_school_identity(account.school, data["handle"])
    # What was approved is what gets set up: after the decision only leaders edit.
    if account.status != Status.REQUESTED and not can(
        actor, "registers.view_accounts", account.school
    ):
        raise ApplicationError("Ask the head to change an account once it is approved.")
    return _update(account, ACCOUNT_FIELDS, data, "registers.account_updated", actor)


@transaction.atomic
def account_decide(
    *, account: ProfessionalAccount, approve: bool, reason: str, actor: User
) -> ProfessionalAccount:
    """Approve or decline a requested account; the requester never decides."""
    if account.status != Status.REQUESTED:
        raise ApplicationError("This account has already been decided.")
    if actor.pk == account.requested_by_id:
        raise ApplicationError("Someone other than the person who asked must decide.")
    require(actor, approval_action(account), account.school)
    data = {
        "status": Status.APPROVED if approve else Status.DECLINED,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "decision_reason": reason,
    }
    account, _ = model_update(instance=account, fields=list(data), data=data)
    event = "registers.account_approved" if approve else "registers.account_declined"
    _log(event, account, actor, reason=reason)
    return account


@transaction.atomic
def account_set_up(*, account: ProfessionalAccount, actor: User) -> ProfessionalAccount:
    """Record that an approved account now exists; refuse one not yet approved."""
    if account.status != Status.APPROVED:
        raise ApplicationError("The account must be approved before it is set up.")
    data = {"status": Status.ACTIVE, "set_up_at": timezone.now()}
    account, _ = model_update(instance=account, fields=list(data), data=data)
    _log("registers.account_set_up", account, actor)
    return account


@transaction.atomic
def account_close(
    *, account: ProfessionalAccount, reason: str, actor: User
) -> ProfessionalAccount:
    """Close an account that was set up, with the reason."""
    if account.status not in {Status.ACTIVE, Status.APPROVED}:
        raise ApplicationError("Only an approved or active account can be closed.")
    data = {"status": Status.CLOSED, "closed_at": timezone.now(), "closed_reason": reason}
    account, _ = model_update(instance=account, fields=list(data), data=data)
    _log("registers.account_closed", account, actor, reason=reason)
    return account


# ---------------------------------------------------------------------------
# Further applications (C5.2)
# ---------------------------------------------------------------------------

APPLICATION_FIELDS = ["application", "address", "purpose"]


@transaction.atomic
def application_request(
    *, school: School, data: dict[str, Any], actor: User
) -> ApplicationRequest:
    """Record a request to use an application; tell ICT (and the deciders).

    Where the profile exempts use unconnected with school
    (`non_school_use_exempt`, shire "Additional Social Networking
    Applications"), such a request is refused as needing no approval.
    """
    exempt = policy.non_school_use_exempt(school)
    if data.get("for_school_work") is False and exempt:
        raise ApplicationError(
            "Use unconnected with school needs no approval, so nothing has been recorded "
            f"({exempt})."
        )
    request = ApplicationRequest(school=school, requested_by=actor)
    for name in APPLICATION_FIELDS:
        setattr(request, name, data.get(name, ""))
    _save(request)
    _log("registers.application_requested", request, actor)
    told = policy.application_told(school)
    _notify(
        school,
        told,
        f"Request to use {request.application}",
        f"{actor} asks to use {request.application}: {request.purpose}",
    )
    return request


@transaction.atomic
def application_update(
    *, request: ApplicationRequest, data: dict[str, Any], actor: User
) -> ApplicationRequest:
    """Change a request while it waits for a decision."""
    if request.status != ApplicationRequest.Status.PENDING:
        raise ApplicationError("A decided request cannot be changed.")
    return _update(request, APPLICATION_FIELDS, data, "registers.application_updated", actor)


@transaction.atomic
def application_decide(
    *, request: ApplicationRequest, approve: bool, reasons: str, actor: User
) -> ApplicationRequest:
    """Approve or refuse a request, keeping the reasons."""
    if request.status != ApplicationRequest.Status.PENDING:
        raise ApplicationError("This request has already been decided.")
    require(actor, "registers.decide_application", request.school)
    status = ApplicationRequest.Status.APPROVED if approve else ApplicationRequest.Status.REFUSED
    data = {
        "status": status,
        "decided_by": actor,
        "decided_at": timezone.now(),
        "reasons": reasons,
    }
    request, _ = model_update(instance=request, fields=list(data), data=data)
    _log("registers.application_decided", request, actor, status=status, reasons=reasons)
    return request


# ---------------------------------------------------------------------------
# Friend and follow requests (C5.3)
# ---------------------------------------------------------------------------

FRIEND_FIELDS = ["platform", "received_on", "sender_kind", "pupil", "parent", "sender_name"]
FRIEND_FIELDS += ["notes"]


@transaction.atomic
def friend_request_report(*, school: School, data: dict[str, Any], actor: User) -> FriendRequest:
    """Record a request received and tell the people the policy names."""
    report = FriendRequest(school=school, reported_by=actor)
    for name in FRIEND_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    _save(report)
    # The audit label avoids the sender's name: the log is read more widely.
    audit_log(
        event="registers.friend_request_reported",
        actor=actor,
        subject=report,
        school=school,
        label=f"{report.get_platform_display()} request from {report.get_sender_kind_display()}",
    )
    report_to = policy.friend_requests_report_to(school)
    # What the policy asks of it (decline, or not forbidden), without the sender's name.
    said = " ".join(f.reason for f in friend_request_decision(report).findings)
    _notify(
        school,
        report_to,
        "A friend or follow request was reported",
        f"{actor} reported a {report.get_platform_display()} request from "
        f"{report.get_sender_kind_display().lower()}. {said} Open Schoolgate to see it.",
    )
    return report


@transaction.atomic
def friend_request_update(
    *, report: FriendRequest, data: dict[str, Any], actor: User
) -> FriendRequest:
    """Correct a report's details."""
    return _update(report, FRIEND_FIELDS, data, "registers.friend_request_updated", actor)


@transaction.atomic
def friend_request_parents_told(*, report: FriendRequest, whom: str, actor: User) -> FriendRequest:
    """Record that the parents of the pupil who sent the request were told."""
    if not report.from_pupil:
        raise ApplicationError("Parents are told only of requests from pupils.")
    if report.parents_told_at:
        raise ApplicationError("The parents have already been recorded as told.")
    data = {"parents_told_by": actor, "parents_told_at": timezone.now(), "parents_told": whom}
    report, _ = model_update(instance=report, fields=list(data), data=data)
    _log("registers.parents_told", report, actor, whom=whom)
    return report


# ---------------------------------------------------------------------------
# Declarations (C5.4)
# ---------------------------------------------------------------------------

DECLARATION_FIELDS = ["job_title", "pupil_names", "parent_names", "is_friend", "is_family"]
DECLARATION_FIELDS += ["details", "read_policy", "signed_name"]


@transaction.atomic
def declaration_make(
    *, school: School, kind: str, data: dict[str, Any], actor: User
) -> Declaration:
    """Record a declaration signed today.

    Contact with a parent has its own form only where the policy says so
    (`registers.declare_parent_contact`); raise ActionDenied elsewhere.
    """
    if kind == Declaration.Kind.PARENT_CONTACT:
        require(actor, "registers.declare_parent_contact", school)
    declaration = Declaration(school=school, declarant=actor, kind=kind)
    for name in DECLARATION_FIELDS:
        if name in data:
            setattr(declaration, name, data[name])
    _save(declaration)
    _log("registers.declaration_made", declaration, actor, kind=kind)
    _tell_keepers(declaration, "A new declaration has been made", new=True)
    return declaration


def _tell_keepers(declaration: Declaration, subject: str, *, new: bool = False) -> None:
    # The email names nobody: the keeper signs in to read it (and the reading is audited).
    # A new declaration goes to those it is declared to; a change, to its keepers.
    from django.urls import reverse

    from schoolgate.registers.selectors import (
        declaration_keeper_roles,
        declaration_recipient_roles,
    )

    school = declaration.school
    link = _site_url() + reverse("registers:declaration", kwargs={"pk": declaration.pk})
    whom = declaration_recipient_roles if new else declaration_keeper_roles
    _notify(
        school,
        whom(school, declaration.kind),
        subject,
        f"{subject} at {school.name}: {declaration.get_kind_display().lower()}.\n"
        f"Sign in to read it and mark it reviewed: {link}\n",
    )


def _site_url() -> str:
    return str(getattr(settings, "SCHOOLGATE_SITE_URL", "")).rstrip("/")


@transaction.atomic
def declaration_update(
    *, declaration: Declaration, data: dict[str, Any], actor: User
) -> Declaration:
    """Change a declaration; changing it signs and confirms it again today."""
    data = data | {"signed_on": timezone.localdate(), "confirmed_on": timezone.localdate()}
    fields = DECLARATION_FIELDS + ["signed_on", "confirmed_on"]
    before = {name: getattr(declaration, name) for name in DECLARATION_FIELDS}
    declaration = _update(declaration, fields, data, "registers.declaration_updated", actor)
    if any(getattr(declaration, name) != value for name, value in before.items()):
        # What the keeper reviewed is no longer what it says: they read it again.
        reset = {"reviewed_at": None, "reviewed_by": None, "review_note": ""}
        declaration, _ = model_update(instance=declaration, fields=list(reset), data=reset)
        _tell_keepers(declaration, "A declaration has been changed")
    return declaration


@transaction.atomic
def declaration_review(*, declaration: Declaration, note: str, actor: User) -> Declaration:
    """Mark a declaration read by its keeper (HR for contact with parents), with a note."""
    from schoolgate.registers.selectors import declaration_keeper_roles

    if declaration.declarant_id == actor.pk:
        raise ApplicationError("Someone else reviews your own declaration.")
    keepers = set(declaration_keeper_roles(declaration.school, declaration.kind))
    if not keepers & set(roles_at(actor, declaration.school)):
        raise ApplicationError("Only those who keep these declarations review them.")
    data = {"reviewed_at": timezone.now(), "reviewed_by": actor, "review_note": note.strip()}
    declaration, _ = model_update(instance=declaration, fields=list(data), data=data)
    _log("registers.declaration_reviewed", declaration, actor, note=bool(note.strip()))
    return declaration


@transaction.atomic
def declaration_confirm(*, declaration: Declaration, actor: User) -> Declaration:
    """Confirm that a declaration still holds (the yearly re-confirmation)."""
    if declaration.status != Declaration.Status.CURRENT:
        raise ApplicationError("A withdrawn declaration cannot be confirmed.")
    data = {"confirmed_on": timezone.localdate()}
    declaration, _ = model_update(instance=declaration, fields=list(data), data=data)
    _log("registers.declaration_confirmed", declaration, actor)
    return declaration


@transaction.atomic
def declaration_withdraw(*, declaration: Declaration, actor: User) -> Declaration:
    """Withdraw a declaration that no longer holds."""
    data = {"status": Declaration.Status.WITHDRAWN}
    declaration, _ = model_update(instance=declaration, fields=list(data), data=data)
    _log("registers.declaration_withdrawn", declaration, actor)
    return declaration


# Remind again a week later while a declaration stays unconfirmed: often
# enough to get it done, not so often that the emails are ignored.
REMIND_EVERY_DAYS = 7


def declaration_reminders_send(*, school: School, today: date | None = None) -> int:
    """Remind each declarant whose declaration is due to confirm it again.

    Reminders repeat every `REMIND_EVERY_DAYS` until the declaration is
    confirmed or withdrawn; a second run on the same day sends nothing (one
    reminder per declaration a day, held by a unique constraint). The email
    names no pupil or parent: it only asks the person to sign in. Return how
    many were sent.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=REMIND_EVERY_DAYS)
    sent = 0
    for declaration in declarations_due(school, today):
        sent += _declaration_remind(declaration, today=today, since=since)
    return sent


@transaction.atomic
def _declaration_remind(declaration: Declaration, *, today: date, since: date) -> int:
    if DeclarationReminder.objects.filter(declaration=declaration, sent_on__gt=since).exists():
        return 0
    _, created = DeclarationReminder.objects.get_or_create(declaration=declaration, sent_on=today)
    if not created:
        return 0
    audit_log(
        event="registers.declaration_reminded",
        subject=declaration,
        school=declaration.school,
        label=declaration.get_kind_display(),
        extra={"confirmed_on": declaration.confirmed_on.isoformat()},
    )
    from schoolgate.notifications.services import notify

    declarant = declaration.declarant
    transaction.on_commit(
        lambda: notify(
            topic_code="compliance",
            to=[declarant],
            subject="[Schoolgate] Please confirm your declaration",
            body="A declaration you made is due to be confirmed again. Sign in to Schoolgate and "
            "open Declarations to confirm that it still holds, or withdraw it.\n",
            line="A declaration of yours is due to be confirmed again",
        )
    )
    return 1


def declaration_viewed(*, declaration: Declaration, actor: User, how: str) -> None:
    """Audit one reading of a declaration by someone other than its declarant."""
    audit_log(
        event="record.viewed",
        actor=actor,
        subject=declaration,
        school=declaration.school,
        label=f"{declaration.get_kind_display()} ({how})",
        extra={"how": how, "kind": declaration.kind},
    )
