"""Writes to the photo-consent register: recording, withdrawing, importing.

Every answer is a new row that supersedes the same parent's current answer
for the same use; nothing is overwritten, so the history stays. Each call
writes its audit entry in the same transaction, and when an answer takes
away consent that was in force, `signals.consent_withdrawn` is sent after
commit (see that module).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.consent import selectors
from schoolgate.consent.models import (
    WRITTEN_METHODS,
    Answer,
    PhotoConsent,
    StaffPhotoPermission,
)
from schoolgate.consent.signals import consent_withdrawn
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.models import Parent, ParentLink, Pupil, StaffMember
from schoolgate.policy.engine import Profile
from schoolgate.policy.selectors import school_policy

RECORDED, UNCHANGED = "recorded", "unchanged"


def consent_record(
    *,
    pupil: Pupil,
    uses: Iterable[str],
    answer: str,
    parent: Parent | None,
    method: str,
    given_on: dt.date,
    actor: Any,
    note: str = "",
    event: str = "consent.recorded",
) -> list[PhotoConsent]:
    """Record a parent's answer for one or more uses of a pupil's photo.

    Return the new rows (none where the same answer is on record already).
    Raise ApplicationError for a use the school does not ask about, a parent
    not linked to the pupil, consent given other than in writing where the
    policy asks for writing, a date in the future, or an answer older than
    the one it would replace.
    """
    policy = school_policy(pupil.school)
    uses = _checked_uses(policy, uses)
    _check_answer(policy, pupil, parent, answer, method, given_on)
    with transaction.atomic():
        # One writer per pupil at a time, so "before" is what the change replaced.
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
        before = {use: selectors.photo_consent(pupil, use) for use in uses}
        data = {"answer": answer, "method": method, "given_on": given_on, "note": note}
        rows = [_supersede_and_add(pupil, use, parent, data, actor) for use in uses]
        added = [row for row in rows if row is not None]
        if added:
            _audit(event, pupil, added, parent, actor)
            _signal_lost_consent(pupil, before, actor)
    return added


def consent_withdraw(
    *,
    pupil: Pupil,
    uses: Iterable[str] | None = None,
    parent: Parent | None,
    method: str,
    given_on: dt.date | None = None,
    actor: Any,
    note: str = "",
) -> list[PhotoConsent]:
    """Record a parent's withdrawal of consent (every asked use by default).

    A withdrawal counts however it reaches the school, in writing or not.
    """
    if uses is None:
        uses = selectors.policy_uses(school_policy(pupil.school))
    return consent_record(
        pupil=pupil,
        uses=uses,
        answer=Answer.WITHDRAWN,
        parent=parent,
        method=method,
        given_on=given_on or timezone.localdate(),
        actor=actor,
        note=note,
        event="consent.withdrawn",
    )


def _checked_uses(policy: Profile, uses: Iterable[str]) -> list[str]:
    asked = selectors.policy_uses(policy)
    chosen = list(dict.fromkeys(uses))
    if not chosen:
        raise ApplicationError("Choose at least one use.")
    unknown = [u for u in chosen if u not in asked]
    if unknown:
        raise ApplicationError(
            f"This school does not ask consent for {', '.join(unknown)}; "
            f"it asks for {', '.join(asked)}."
        )
    return chosen


def _check_answer(
    policy: Profile,
    pupil: Pupil,
    parent: Parent | None,
    answer: str,
    method: str,
    given_on: dt.date,
) -> None:
    if parent is not None and not ParentLink.objects.filter(parent=parent, pupil=pupil).exists():
        raise ApplicationError(f"{parent} is not recorded as a parent of {pupil.first_name}.")
    if given_on > timezone.localdate():
        raise ApplicationError("The date of the answer is in the future.")
    written = policy.param(selectors.RULE, "written")
    if written and answer == Answer.GIVEN and method not in WRITTEN_METHODS:
        source = policy.rule(selectors.RULE).source
        raise ApplicationError(
            f"This school's policy asks for consent in writing ({source}): record the "
            "paper form, online form or email it came on."
        )


def _supersede_and_add(
    pupil: Pupil, use: str, parent: Parent | None, data: dict[str, Any], actor: Any
) -> PhotoConsent | None:
    """Return the new answer, or None when the same answer is on record."""
    current = PhotoConsent.objects.filter(
        pupil=pupil, use=use, parent=parent, superseded_at__isnull=True
    ).first()
    if current is not None and _same(current, data):
        return None
    if current is not None and data["given_on"] < current.given_on:
        raise ApplicationError(
            f"A newer answer for {selectors.use_label(use)} is on record "
            f"(dated {current.given_on:%d/%m/%Y})."
        )
    if current is not None:
        current.superseded_at = timezone.now()
        current.save(update_fields=["superseded_at", "updated_at"])
    consent = PhotoConsent(
        school=pupil.school, pupil=pupil, use=use, parent=parent, recorded_by=_user(actor), **data
    )
    consent.full_clean()
    consent.save()
    return consent


def _same(current: PhotoConsent, data: dict[str, Any]) -> bool:
    return all(getattr(current, name) == value for name, value in data.items() if name != "note")


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(
    event: str, pupil: Pupil, added: list[PhotoConsent], parent: Parent | None, actor: Any
) -> None:
    first = added[0]
    audit_log(
        event=event,
        actor=actor,
        subject=pupil,
        school=pupil.school,
        label=f"photo consent of pupil {pupil.mis_id}",
        extra={
            "uses": [c.use for c in added],
            "answer": first.answer,
            "method": first.method,
            "given_on": first.given_on,
            "parent": parent.mis_id if parent else "",
            "consents": [c.pk for c in added],
        },
    )


def _signal_lost_consent(
    pupil: Pupil, before: dict[str, selectors.ConsentAnswer], actor: Any
) -> None:
    lost = [
        use
        for use, was in before.items()
        if was.allowed and not selectors.photo_consent(pupil, use).allowed
    ]
    if lost:
        transaction.on_commit(
            lambda: consent_withdrawn.send(
                sender=PhotoConsent, pupil=pupil, uses=lost, actor=actor
            )
        )


# ---------------------------------------------------------------------------
# Staff permission for photos of them (C3.4)
# ---------------------------------------------------------------------------


def staff_photo_permission_record(
    *,
    staff: StaffMember,
    answer: str,
    method: str,
    given_on: dt.date,
    actor: Any,
    note: str = "",
) -> StaffPhotoPermission | None:
    """Record a colleague's own answer about photos of them being posted.

    Return the new row, or None when the same answer is on record already.
    """
    if given_on > timezone.localdate():
        raise ApplicationError("The date of the answer is in the future.")
    data = {"answer": answer, "method": method, "given_on": given_on, "note": note}
    with transaction.atomic():
        StaffMember.objects.select_for_update().filter(pk=staff.pk).first()
        current = staff.photo_permissions.filter(superseded_at__isnull=True).first()
        if current is not None and _same(current, data):  # type: ignore[arg-type]
            return None
        if current is not None:
            current.superseded_at = timezone.now()
            current.save(update_fields=["superseded_at", "updated_at"])
        permission = StaffPhotoPermission(
            school=staff.school, staff=staff, recorded_by=_user(actor), **data
        )
        permission.full_clean()
        permission.save()
        audit_log(
            event="consent.staff_permission_recorded",
            actor=actor,
            subject=staff,
            school=staff.school,
            label=f"photo permission of staff {staff.mis_id}",
            extra={"answer": answer, "method": method, "given_on": given_on},
        )
    return permission


def staff_photo_permission_withdraw(
    *, staff: StaffMember, method: str, actor: Any, note: str = ""
) -> StaffPhotoPermission | None:
    """Record that a colleague no longer agrees to photos of them, from today."""
    return staff_photo_permission_record(
        staff=staff,
        answer=Answer.WITHDRAWN,
        method=method,
        given_on=timezone.localdate(),
        actor=actor,
        note=note,
    )


def validation_message(error: ValidationError) -> str:
    """Return a model validation error as one line for a person."""
    return "; ".join(error.messages)
