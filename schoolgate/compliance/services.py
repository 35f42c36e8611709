"""Writes: publishing a policy version, signing it, training, reminders.

Each runs in one transaction with its audit entry; emails go out only once
the transaction has committed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.compliance import policy
from schoolgate.compliance.document import VersionFacts
from schoolgate.compliance.models import (
    PolicyVersion,
    Reminder,
    SavedCheck,
    SignOff,
    TrainingSession,
)
from schoolgate.compliance.selectors import (
    POLICY_UPDATED,
    announced_to,
    current_version,
    parent_addresses,
    review_due_on,
    signoff_register,
)
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.people.selectors import users_with_role

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def _email_later(subject: str, body: str, recipients: list[Any]) -> None:
    """Tell the people once the change is saved, as each prefers."""
    from schoolgate.notifications.services import notify

    if recipients:
        transaction.on_commit(
            lambda: notify(
                topic_code="compliance", to=recipients, subject=subject, body=body, line=subject
            )
        )


def _announce(school: School, version: PolicyVersion) -> int:
    """Email each parent with an address that a new version was approved; return how many.

    One message each, so no parent sees another's address. Pupils hold no
    login: the publisher is asked to tell them in class (see the view).
    """
    if "parents" not in announced_to(school):
        return 0
    from schoolgate.notifications.services import notify_addresses

    to = parent_addresses(school)
    subject = f"{school.name}: our social media policy has been updated"
    body = (
        f"{school.name} approved version {version.number} of its social media policy on "
        f"{version.approved_on.day} {version.approved_on:%B %Y}. "
        "Ask the school office if you would like a copy."
    )
    if to:
        transaction.on_commit(
            lambda: notify_addresses(
                topic_code=POLICY_UPDATED,
                to=to,
                subject=subject,
                body=body,
                school=school,
                fail_silently=True,
            )
        )
    return len(to)


def policy_version_publish(
    *,
    school: School,
    actor: User,
    note: str,
    signatory: str = "",
    approved_on: date | None = None,
) -> PolicyVersion:
    """Approve the school's policy as it stands now as its next version.

    The rendered document is kept with the version, so what staff signed can
    be shown again after the rules change; staff are then asked to sign it.
    """
    require(actor, "compliance.version_publish", school)
    approved_on = approved_on or timezone.localdate()
    signatory = signatory.strip() or actor.get_full_name() or actor.email
    with transaction.atomic():
        latest = PolicyVersion.objects.select_for_update().filter(school=school).first()
        number = latest.number + 1 if latest else 1
        facts = VersionFacts(number, approved_on, signatory, note.strip())
        version = PolicyVersion(
            school=school,
            number=number,
            approved_on=approved_on,
            signatory=signatory,
            note=note.strip(),
            text=policy.policy_document(school, facts),
            digest=policy.digest(school),
            published_by=actor,
        )
        version.full_clean()
        version.save()
        audit_log(
            event="compliance.version_published",
            actor=actor,
            subject=version,
            school=school,
            label=f"version {number}",
            extra={"number": number, "approved_on": approved_on, "signatory": signatory},
        )
        _announce(school, version)
    return version


def _answer(*, version: PolicyVersion, actor: User, status: str, question: str = "") -> SignOff:
    require(actor, "compliance.sign", version.school)
    if current_version(version.school) != version:
        raise ApplicationError("A newer version has been approved: read and sign that one.")
    with transaction.atomic():
        signoff, _ = SignOff.objects.select_for_update().get_or_create(
            version=version,
            user=actor,
            defaults={"status": status, "question": question, "answered_at": timezone.now()},
        )
        if signoff.status == SignOff.Status.SIGNED:
            return signoff  # signing is final; a second click changes nothing
        signoff.status, signoff.question, signoff.answered_at = status, question, timezone.now()
        # A new query (or a signature) after the head's reply starts afresh.
        signoff.reply, signoff.replied_by, signoff.replied_at = "", None, None
        signoff.full_clean()
        signoff.save()
        audit_log(
            event=f"compliance.{status}",
            actor=actor,
            subject=signoff,
            school=version.school,
            label=f"version {version.number}",
            extra={"version": version.number},
        )
    actor.__dict__.pop("_signoff_cache", None)
    return signoff


def signoff_sign(*, version: PolicyVersion, actor: User) -> SignOff:
    """Record that the actor has read and signed the policy version."""
    return _answer(version=version, actor=actor, status=SignOff.Status.SIGNED)


def signoff_query(*, version: PolicyVersion, actor: User, question: str) -> SignOff:
    """Record the actor's query about the version instead, and tell the head."""
    question = question.strip()
    if not question:
        raise ApplicationError("Write your question so the head can answer it.")
    signoff = _answer(version=version, actor=actor, status=SignOff.Status.QUERY, question=question)
    heads = users_with_role(version.school, [Role.HEAD])
    _email_later(
        f"A query about the social media policy (version {version.number})",
        f"{actor.get_full_name() or actor.email} asks, instead of signing:\n\n{question}\n",
        list(heads),
    )
    return signoff


def signoff_query_reply(*, signoff: SignOff, reply: str, actor: User) -> SignOff:
    """Record the head's answer to a query and tell the person who asked.

    The person is then asked to read and sign the version again.
    """
    require(actor, "compliance.query_reply", signoff.version.school)
    reply = reply.strip()
    if not reply:
        raise ApplicationError("Write your answer to the query.")
    with transaction.atomic():
        signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
        if signoff.status != SignOff.Status.QUERY or signoff.replied_at:
            raise ApplicationError("This query has already been answered.")
        signoff.reply, signoff.replied_by, signoff.replied_at = reply, actor, timezone.now()
        signoff.full_clean()
        signoff.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
        number = signoff.version.number
        audit_log(
            event="compliance.query_replied",
            actor=actor,
            subject=signoff,
            school=signoff.version.school,
            label=f"version {number}",
            extra={"version": number, "asked_by": signoff.user_id},
        )
        _email_later(
            f"Your query about the social media policy (version {number}) is answered",
            f"{actor.get_full_name() or actor.email} answered your query:\n\n{reply}\n\n"
            "Sign in to Schoolgate to read the policy again and sign it.\n",
            [signoff.user],
        )
    return signoff


TRAINING_FIELDS = ["audience", "title", "held_on", "class_name", "parents_attending"]


def training_session_record(
    *, school: School, actor: User, attendees: list[Any] | None = None, **fields: Any
) -> TrainingSession:
    """Record a session held and who attended it."""
    require(actor, "compliance.training_record", school)
    with transaction.atomic():
        session = TrainingSession(school=school, recorded_by=actor, **fields)
        session.full_clean()
        session.save()
        if attendees:
            session.attendees.set(attendees)
        audit_log(
            event="compliance.training_recorded",
            actor=actor,
            subject=session,
            school=school,
            label=session.title,
            extra={"audience": session.audience, "attendees": len(attendees or [])},
        )
    return session


def training_session_update(
    *, session: TrainingSession, actor: User, attendees: list[Any], **fields: Any
) -> TrainingSession:
    """Correct a session's details or attendance, auditing what changed."""
    require(actor, "compliance.training_record", session.school)
    with transaction.atomic():
        # Compare with what is stored: a bound form has already changed `session`.
        session = TrainingSession.objects.select_for_update().get(pk=session.pk)
        changed = [name for name in TRAINING_FIELDS if getattr(session, name) != fields[name]]
        for name in changed:
            setattr(session, name, fields[name])
        session.full_clean()
        session.save()
        before = set(session.attendees.values_list("pk", flat=True))
        after = {user.pk for user in attendees}
        if before != after:
            session.attendees.set(attendees)
        if changed or before != after:
            audit_log(
                event="compliance.training_updated",
                actor=actor,
                subject=session,
                school=session.school,
                label=session.title,
                extra={
                    "changed": changed,
                    "added": sorted(after - before),
                    "removed": sorted(before - after),
                },
            )
    return session


def training_session_delete(*, session: TrainingSession, actor: User) -> None:
    """Delete a session recorded by mistake; refuse one with attendance.

    Attendance is what keeps each person's training current (the
    `training_current` precondition), so a session with anyone recorded as
    attending is corrected through its edit page, never deleted with its
    history. The audit entry keeps what the session was.
    """
    require(actor, "compliance.training_record", session.school)
    with transaction.atomic():
        if session.parents_attending or session.attendees.exists():
            raise ApplicationError(
                "This session has attendance recorded. Remove the attendance first "
                "(on its edit page) if it was recorded by mistake."
            )
        audit_log(
            event="compliance.training_deleted",
            actor=actor,
            subject=session,
            school=session.school,
            label=session.title,
            extra={
                "audience": session.audience,
                "held_on": session.held_on.isoformat(),
                "class_name": session.class_name,
            },
        )
        session.delete()


# ---------------------------------------------------------------------------
# The self-check: kept only when the person asks
# ---------------------------------------------------------------------------


def saved_check_create(
    *, school: School, actor: User, findings: list[dict[str, Any]], **fields: Any
) -> SavedCheck:
    """Keep a self-check for its person, who alone can read or delete it.

    The audit entry says a check was saved, never what it said.
    """
    require(actor, "compliance.selfcheck", school)
    with transaction.atomic():
        saved = SavedCheck(user=actor, school=school, findings=findings, **fields)
        saved.full_clean()
        saved.save()
        audit_log(event="compliance.selfcheck_saved", actor=actor, subject=saved, school=school)
    return saved


def saved_check_delete(*, saved: SavedCheck, actor: User) -> None:
    """Delete one of the person's own saved checks."""
    if saved.user_id != actor.pk:
        raise ApplicationError("Only the person who saved a check may delete it.")
    with transaction.atomic():
        audit_log(
            event="compliance.selfcheck_deleted", actor=actor, subject=saved, school=saved.school
        )
        saved.delete()


# ---------------------------------------------------------------------------
# Reminders (run by tasks; safe to run any number of times)
# ---------------------------------------------------------------------------


def review_reminder_send(*, school: School, today: date | None = None) -> bool:
    """Email the reviewers once when the review falls within the notice period.

    Return whether a reminder went out. One reminder per review date: the
    unique constraint makes a second run (or a second worker) a no-op.
    """
    due = review_due_on(school, current_version(school))
    today = today or timezone.localdate()
    notice = policy.review_reminder_days(school)
    if due is None or due - today > timedelta(days=notice):
        return False
    reviewers = users_with_role(school, policy.reviewers(school))
    with transaction.atomic():
        _, created = Reminder.objects.get_or_create(
            kind=Reminder.Kind.REVIEW,
            school=school,
            key=due.isoformat(),
            defaults={"sent_at": timezone.now()},
        )
        if created:
            _email_later(
                f"{school}: the social media policy is due for review",
                f"The policy is due for review on {due:%d %B %Y}.\n",
                list(reviewers),
            )
    return created


def signoff_reminders_send(*, school: School) -> int:
    """Remind each member of staff who has not signed, every so many days.

    Return how many were reminded; someone reminded within the policy's
    interval is skipped, so the task may run as often as wanted.
    """
    version = current_version(school)
    if version is None or not policy.signoff_asked(school):
        return 0
    since = timezone.now() - timedelta(days=policy.signoff_reminder_days(school))
    recent = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.SIGNOFF, school=school, key=str(version.number), sent_at__gt=since
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for row in signoff_register(school, outstanding_only=True):
        # Someone waiting for the head's answer to their query has done their part.
        if row.user.pk in recent or row.waiting_for_reply:
            continue
        with transaction.atomic():
            Reminder.objects.create(
                kind=Reminder.Kind.SIGNOFF,
                school=school,
                user=row.user,
                key=str(version.number),
                sent_at=timezone.now(),
            )
            _email_later(
                f"Please read and sign the social media policy (version {version.number})",
                "Sign in to Schoolgate to read the policy and sign it, or raise a query.\n",
                [row.user],
            )
        sent += 1
    return sent
