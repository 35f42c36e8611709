"""Imposing and lifting sanctions; each change audited in its transaction."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from schoolgate.audit.services import save_audited
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.people.models import Parent, Pupil, School
from schoolgate.sanctions import policy
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.registry import decide_action

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


def default_end(school: School, kind: str, starts_on: dt.date) -> dt.date | None:
    """Return the last day of a sanction of the kind under the school's policy.

    A length of 0 days means the sanction runs until someone lifts it.
    """
    days = policy.length_days(school, kind)
    return starts_on + dt.timedelta(days=days - 1) if days > 0 else None


def _ensure_may_decide(actor: User, school: School, kind: str) -> None:
    require(actor, decide_action(kind), school)
    if not policy.provided_for(school, kind):
        raise ApplicationError(
            f"{school.name}'s policy does not provide for a "
            f"{Sanction.Kind(kind).label.lower()} ({policy.source(school, kind)})."
        )


@transaction.atomic
def sanction_create(
    *,
    school: School,
    kind: str,
    starts_on: dt.date,
    reason: str,
    actor: User,
    ends_on: dt.date | None = None,
    pupil: Pupil | None = None,
    parent: Parent | None = None,
    email: str = "",
    platform: str = "",
    platform_user_id: str = "",
) -> Sanction:
    """Impose a sanction; without an end date, the profile's length applies.

    A commenter block names the commenter's email, or (for a commenter on an
    external channel) the platform and the platform's user id.
    """
    _ensure_may_decide(actor, school, kind)
    if (pupil and pupil.school_id != school.pk) or (parent and parent.school_id != school.pk):
        raise ApplicationError("That person is not at this school.")
    sanction = Sanction(
        school=school,
        kind=kind,
        pupil=pupil,
        parent=parent,
        email=email.strip().lower(),
        platform=platform,
        platform_user_id=platform_user_id.strip(),
        starts_on=starts_on,
        ends_on=ends_on or default_end(school, kind, starts_on),
        reason=reason,
        decided_by=actor,
    )
    save_audited(
        sanction,
        event="sanctions.created",
        actor=actor,
        school=school,
        extra={"kind": kind, "starts_on": starts_on, "ends_on": sanction.ends_on},
    )
    return sanction


@transaction.atomic
def sanction_platform_unblock_record(*, sanction: Sanction, error: str = "") -> Sanction:
    """Record that the platform unblocked the account of an ended block, or why not.

    A block of a platform's user is lifted on the platform once Schoolgate's
    block has lapsed or been lifted (`moderation.channels.platform_blocks_lift`);
    a refusal is kept, shown to the head, and tried again on the next run
    (the same refusal again is not recorded twice).
    """
    if sanction.kind != Sanction.Kind.COMMENTER_BLOCK or not sanction.platform_user_id:
        raise ApplicationError("Only a block of a platform's user is unblocked there.")
    if sanction.state_on(timezone.localdate()) not in {
        Sanction.State.EXPIRED,
        Sanction.State.LIFTED,
    }:
        raise ApplicationError("This block is still in force.")
    error = error.strip()[:300]
    if error and error == sanction.platform_unblock_error:
        return sanction  # the same refusal as last run: already recorded
    sanction.platform_unblock_error = error
    if not error:
        sanction.platform_unblocked_at = timezone.now()
    save_audited(
        sanction,
        event="sanctions.platform_unblock_failed" if error else "sanctions.platform_unblocked",
        school=sanction.school,
        extra={"platform": sanction.platform, "error": sanction.platform_unblock_error},
        update_fields=["platform_unblocked_at", "platform_unblock_error", "updated_at"],
    )
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, reason: str, actor: User) -> Sanction:
    """End a sanction early, today; the record stays with who lifted it and why."""
    _ensure_may_decide(actor, sanction.school, sanction.kind)
    today = timezone.localdate()
    if sanction.state_on(today) in {Sanction.State.EXPIRED, Sanction.State.LIFTED}:
        raise ApplicationError("This sanction is no longer in force.")
    if not reason.strip():
        raise ApplicationError("Say why the sanction is lifted early.")
    sanction.lifted_at = timezone.now()
    sanction.lifted_by = actor
    sanction.lift_reason = reason.strip()
    save_audited(
        sanction,
        event="sanctions.lifted",
        actor=actor,
        school=sanction.school,
        extra={"kind": sanction.kind, "reason": sanction.lift_reason},
        update_fields=["lifted_at", "lifted_by", "lift_reason", "updated_at"],
    )
    return sanction
