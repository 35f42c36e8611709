"""Writes: publishing a policy version, signing it, training, reminders.

Each runs in one transaction with its audit entry; emails go out only once
the transaction has committed.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.compliance.document import VersionFacts, policy_digest, render_document
from schoolgate.compliance.models import PolicyVersion, Reminder, SignOff, TrainingSession
from schoolgate.compliance.selectors import current_version, review_due_on, signoff_register
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.permissions import decide
from schoolgate.people.models import School
from schoolgate.people.roles import Role
from schoolgate.people.selectors import users_with_role
from schoolgate.policy.selectors import school_policy


def _require(actor: Any, action: str, school: School) -> None:
    decision = decide(actor, action, school)
    if not decision.allowed:
        raise ActionDenied(decision)


def _email_later(subject: str, body: str, recipients: list[str]) -> None:
    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=False)
        )


def policy_version_publish(
    *,
    school: School,
    actor: Any,
    note: str,
    signatory: str = "",
    approved_on: date | None = None,
) -> PolicyVersion:
    """Approve the school's policy as it stands now as its next version.

    The rendered document is kept with the version, so what staff signed can
    be shown again after the rules change; staff are then asked to sign it.
    """
    _require(actor, "compliance.version_publish", school)
    profile = school_policy(school)
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
            text=render_document(school, profile, facts),
            digest=policy_digest(profile),
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
    return version


def _answer(*, version: PolicyVersion, actor: Any, status: str, question: str = "") -> SignOff:
    _require(actor, "compliance.sign", version.school)
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


def signoff_sign(*, version: PolicyVersion, actor: Any) -> SignOff:
    """Record that the actor has read and signed the policy version."""
    return _answer(version=version, actor=actor, status=SignOff.Status.SIGNED)


def signoff_query(*, version: PolicyVersion, actor: Any, question: str) -> SignOff:
    """Record the actor's query about the version instead, and tell the head."""
    question = question.strip()
    if not question:
        raise ApplicationError("Write your question so the head can answer it.")
    signoff = _answer(version=version, actor=actor, status=SignOff.Status.QUERY, question=question)
    heads = users_with_role(version.school, [Role.HEAD])
    _email_later(
        f"A query about the social media policy (version {version.number})",
        f"{actor.get_full_name() or actor.email} asks, instead of signing:\n\n{question}\n",
        [h.email for h in heads],
    )
    return signoff


def training_session_record(
    *, school: School, actor: Any, attendees: list[Any] | None = None, **fields: Any
) -> TrainingSession:
    """Record a session held and who attended it."""
    _require(actor, "compliance.training_record", school)
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


# ---------------------------------------------------------------------------
# Reminders (run by tasks; safe to run any number of times)
# ---------------------------------------------------------------------------


def review_reminder_send(*, school: School, today: date | None = None) -> bool:
    """Email the reviewers once when the review falls within the notice period.

    Return whether a reminder went out. One reminder per review date: the
    unique constraint makes a second run (or a second worker) a no-op.
    """
    policy = school_policy(school)
    due = review_due_on(school, current_version(school))
    today = today or timezone.localdate()
    notice = policy.param("documents.review", "reminder_days")
    if due is None or due - today > timedelta(days=notice):
        return False
    reviewers = users_with_role(school, policy.param("documents.review", "reviewers"))
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
                [u.email for u in reviewers],
            )
    return created


def signoff_reminders_send(*, school: School) -> int:
    """Remind each member of staff who has not signed, every so many days.

    Return how many were reminded; someone reminded within the policy's
    interval is skipped, so the task may run as often as wanted.
    """
    policy = school_policy(school)
    version = current_version(school)
    if version is None or not policy.enabled("signoff.required"):
        return 0
    since = timezone.now() - timedelta(days=policy.param("signoff.required", "reminder_days"))
    recent = set(
        Reminder.objects.filter(
            kind=Reminder.Kind.SIGNOFF, school=school, key=str(version.number), sent_at__gt=since
        ).values_list("user_id", flat=True)
    )
    sent = 0
    for row in signoff_register(school, outstanding_only=True):
        if row.user.pk in recent:
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
                [row.user.email],
            )
        sent += 1
    return sent
