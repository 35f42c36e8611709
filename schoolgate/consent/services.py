"""Writes to the photo-consent register: recording, withdrawing, importing.

Every answer is a new row that supersedes the same parent's current answer
for the same use; nothing is overwritten, so the history stays. Each call
writes its audit entry in the same transaction, and when an answer takes
away consent that was in force, `signals.consent_withdrawn` is sent after
commit (see that module).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.consent import selectors
from schoolgate.consent.models import (
    WRITTEN_METHODS,
    Answer,
    Method,
    PhotoConsent,
    RenewalRequest,
    StaffPhotoPermission,
)
from schoolgate.consent.policy import PhotoTerms, expiry_months, photo_terms, uses_asked
from schoolgate.consent.signals import consent_withdrawn
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.notifications.services import notify_addresses
from schoolgate.people.models import Parent, ParentLink, Pupil, School, StaffMember

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

RECORDED, UNCHANGED = "recorded", "unchanged"


@dataclass(frozen=True)
class GivenAnswer:
    """One answer about a pupil's photo: what was said, for which uses, by whom, how, when.

    `parent` None is the school's own record (or the pupil's, with `by_pupil`).
    """

    uses: Sequence[str]
    answer: str
    parent: Parent | None
    method: str
    given_on: dt.date
    note: str = ""
    by_pupil: bool = False


def consent_record(
    *, pupil: Pupil, given: GivenAnswer, actor: Actor, event: str = "consent.recorded"
) -> list[PhotoConsent]:
    """Record a parent's answer for one or more uses of a pupil's photo.

    Return the new rows (none where the same answer is on record already).
    Raise ApplicationError for a use the school does not ask about, a parent
    not linked to the pupil, consent given other than in writing where the
    policy asks for writing, a date in the future, or an answer older than
    the one it would replace; ActionDenied for an actor who may not record
    answers (a parent answers through `consent_answer` or `consent_withdraw`).
    The actor None is the system: the operator's command line or an import.
    """
    if actor is not None:
        require(actor, "consent.record", pupil.school)
    return record_answers(pupil=pupil, given=given, actor=actor, event=event)


def record_answers(
    *, pupil: Pupil, given: GivenAnswer, actor: Actor, event: str = "consent.recorded"
) -> list[PhotoConsent]:
    """Record answers for a caller that has checked who may (see `consent_record`)."""
    terms = photo_terms(pupil.school)
    uses = _checked_uses(terms, given.uses)
    parent, answer, method, given_on = given.parent, given.answer, given.method, given.given_on
    _check_answer(terms, pupil, parent, answer, method, given_on)
    if given.by_pupil:
        _check_pupil_answers(terms, pupil, parent, given_on)
    with transaction.atomic():
        # One writer per pupil at a time, so "before" is what the change replaced.
        Pupil.objects.select_for_update().filter(pk=pupil.pk).first()
        before = {use: selectors.photo_consent(pupil, use) for use in uses}
        data = {"answer": answer, "method": method, "given_on": given_on, "note": given.note}
        data["by_pupil"] = given.by_pupil
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
    actor: Actor,
    note: str = "",
) -> list[PhotoConsent]:
    """Record a parent's withdrawal of consent (every asked use by default).

    A withdrawal counts however it reaches the school, in writing or not. A
    parent withdraws their own consent; anyone else records it for them.
    """
    if actor is not None:  # None: the system, as for consent_record
        own = parent is not None and parent.user_id is not None and parent.user_id == actor.pk
        require(actor, "consent.answer_own" if own else "consent.record", pupil.school)
    if uses is None:
        uses = uses_asked(pupil.school)
    withdrawn = GivenAnswer(
        uses=list(uses),
        answer=Answer.WITHDRAWN,
        parent=parent,
        method=method,
        given_on=given_on or timezone.localdate(),
        note=note,
    )
    return record_answers(pupil=pupil, given=withdrawn, actor=actor, event="consent.withdrawn")


YES, NO = "yes", "no"


def consent_answer(
    *, pupil: Pupil, parent: Parent, answers: Mapping[str, str], actor: User
) -> list[PhotoConsent]:
    """Record a parent's own answers, given online, for uses of their child's photo.

    `answers` maps each use to ``"yes"`` or ``"no"``. A yes is consent given
    today, so it also renews consent that is lapsing or has lapsed; a no
    withdraws the parent's consent where they had given it and is a refusal
    otherwise. Both parents' answers are kept, and the decision about the
    pupil follows the policy (a refusal wins, C3.3). A no already on record
    is left as it is. Return the new rows.

    Raise ActionDenied when the actor may not answer for children, and
    ApplicationError when the parent record is not the actor's own or is not
    linked to the pupil, or for an answer other than yes or no.
    """
    require(actor, "consent.answer_own", pupil.school)
    if parent.user_id != getattr(actor, "pk", None):
        raise ApplicationError("Parents answer only for themselves.")
    if any(value not in (YES, NO) for value in answers.values()):
        raise ApplicationError("Answer yes or no for each use.")
    today = timezone.localdate()
    own = {
        c.use: c
        for c in PhotoConsent.objects.filter(
            pupil=pupil, parent=parent, superseded_at__isnull=True
        )
    }
    groups: dict[str, list[str]] = defaultdict(list)
    for use, value in answers.items():
        current = own.get(use)
        if value == YES:
            groups[Answer.GIVEN].append(use)
        elif current is not None and current.answer == Answer.GIVEN:
            groups[Answer.WITHDRAWN].append(use)
        elif current is None:
            groups[Answer.REFUSED].append(use)
    added: list[PhotoConsent] = []
    with transaction.atomic():
        for answer, uses in groups.items():
            given = GivenAnswer(
                uses=uses, answer=answer, parent=parent, method=Method.ONLINE, given_on=today
            )
            event = "consent.withdrawn" if answer == Answer.WITHDRAWN else "consent.answered"
            added += record_answers(pupil=pupil, given=given, actor=actor, event=event)
    return added


# ---------------------------------------------------------------------------
# Renewal requests and reminders (run daily by `consent_renewals`)
# ---------------------------------------------------------------------------

#: Days after the first request that a reminder goes to parents who have not answered.
REMINDER_DAYS = {RenewalRequest.Stage.REMINDER_7: 7, RenewalRequest.Stage.REMINDER_14: 14}


def _stage_due(sent: Mapping[str, dt.datetime], today: dt.date) -> str | None:
    """Return the stage to send now for one parent and cycle, or None."""
    first = sent.get(RenewalRequest.Stage.REQUEST)
    if first is None:
        return RenewalRequest.Stage.REQUEST
    waited = (today - timezone.localdate(first)).days
    for stage, days in sorted(REMINDER_DAYS.items(), key=lambda item: -item[1]):
        if waited >= days:
            # A missed 7-day reminder is not sent late once the 14-day one is due.
            return None if stage in sent else stage
    return None


def consent_renewals_send(
    *, school: School, base_url: str = "", today: dt.date | None = None
) -> dict[str, int]:
    """Ask the parents of pupils whose consent is due (or lapsed) to renew it.

    Each parent gets the request once per lapse cycle, then a reminder after
    7 and after 14 days while the pupil's consent is still unanswered (a
    renewal moves the lapse date on, which ends the cycle; a refusal takes
    the use off the list). The emails carry links only, to the parent's own
    children's consent pages: no names and no answers. A parent without an
    email address is recorded as needing a letter, which the office prints.
    Safe to run as often as wanted: each stage is recorded under a unique
    constraint, so a second run or a second machine sends nothing twice.
    Return counts by stage, and "letters".
    """
    today = today or timezone.localdate()
    counts = {stage: 0 for stage in RenewalRequest.Stage.values} | {"letters": 0}
    if not expiry_months(school):
        return counts
    emails: dict[tuple[str, str], list[int]] = defaultdict(list)
    accounts: dict[str, User | None] = {}
    with transaction.atomic():
        for row in selectors.renewals_unanswered(school, on=today):
            for chase in row.parents:
                stage = _stage_due(chase.sent, today)
                if stage is None or (not chase.email and stage != RenewalRequest.Stage.REQUEST):
                    continue
                if not _request_once(row, chase, stage):
                    continue
                if chase.email:
                    emails[(chase.email, stage)].append(row.pupil.pk)
                    accounts[chase.email] = chase.parent.user if chase.parent.user_id else None
                    counts[stage] += 1
                else:
                    counts["letters"] += 1
        if any(counts.values()):
            audit_log(
                event="consent.renewals_requested",
                school=school,
                label="photo-consent renewal requests",
                extra=counts,
            )
        for (email, stage), pupils in emails.items():
            user = accounts[email]
            transaction.on_commit(
                partial(_send_renewal, school, email, user, stage, pupils, base_url)
            )
    return counts


def _request_once(row: selectors.Unanswered, chase: selectors.ParentChase, stage: str) -> bool:
    """Record one stage for one parent and cycle; False if it was recorded already."""
    try:
        with transaction.atomic():
            RenewalRequest.objects.create(
                school=row.pupil.school,
                pupil=row.pupil,
                parent=chase.parent,
                expires_on=row.renewal.expires_on,
                stage=stage,
                emailed=bool(chase.email),
                sent_at=timezone.now(),
            )
    except IntegrityError:  # another run got there first
        return False
    return True


def _send_renewal(
    school: School, email: str, user: User | None, stage: str, pupils: list[int], base: str
) -> None:
    # Links only: who the child is and what was answered stay behind the sign-in.
    links = "\n".join(base + reverse("consent:answer", kwargs={"pk": pk}) for pk in pupils)
    ask = "Reminder: please" if stage != RenewalRequest.Stage.REQUEST else "Please"
    body = (
        f"{ask} renew your answer about photos of your child at {school.name}.\n\n"
        "The school asks parents again each year whether photos of their child may be "
        "used. Sign in to answer (yes or no, for each use):\n\n"
        f"{links}\n\n"
        "If you would rather answer on paper, ask the school office for a form.\n"
    )
    first = base + reverse("consent:answer", kwargs={"pk": pupils[0]})
    notify_addresses(
        topic_code=selectors.RENEWAL_TOPIC,
        to=[(email, user)],
        subject=f"{school.name}: please renew photo consent",
        body=body,
        line=f"{school.name} asks you to renew your answer about photos of your child.",
        link=first,
        school=school,
    )


def _checked_uses(terms: PhotoTerms, uses: Iterable[str]) -> list[str]:
    asked = list(terms.uses)
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
    terms: PhotoTerms,
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
    if terms.written and answer == Answer.GIVEN and method not in WRITTEN_METHODS:
        source = terms.source
        raise ApplicationError(
            f"This school's policy asks for consent in writing ({source}): record the "
            "paper form, online form or email it came on."
        )


def _check_pupil_answers(
    terms: PhotoTerms, pupil: Pupil, parent: Parent | None, given_on: dt.date
) -> None:
    if not terms.pupils_answer:
        raise ApplicationError("This school's policy asks parents, not pupils, for consent.")
    if parent is not None:
        raise ApplicationError("A pupil's own answer names no parent.")
    age = terms.pupil_from_age
    if pupil.age_on(given_on) < age:
        raise ApplicationError(
            f"{pupil.first_name} was under {age} then, so a parent answers ({terms.pupil_source})."
        )


def _supersede_and_add(
    pupil: Pupil, use: str, parent: Parent | None, data: dict[str, Any], actor: Actor
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


def _user(actor: Actor) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _audit(
    event: str, pupil: Pupil, added: list[PhotoConsent], parent: Parent | None, actor: Actor
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
    pupil: Pupil, before: dict[str, selectors.ConsentAnswer], actor: Actor
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
    actor: Actor,
    note: str = "",
) -> StaffPhotoPermission | None:
    """Record a colleague's own answer about photos of them being posted.

    Return the new row, or None when the same answer is on record already.
    A member of staff answers for themselves; others record a colleague's answer.
    """
    if actor is not None:  # None: the system, as for consent_record
        own = staff.user_id is not None and staff.user_id == actor.pk
        require(actor, "consent.own_permission" if own else "consent.record_staff", staff)
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
