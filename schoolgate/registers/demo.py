"""The demo trust's smaller registers, for the schools whose policies keep them.

Puddlecombe (shire) has a permission granted and one waiting, a judgement
call the head noted and the nativity's photo agreement; Kettlewick
(jessons) a request to bring a camera into class; Gorsemoor (whmat) a
filtering check now overdue and its Year 6 account's review; St Bartleby's
(stpeters) a Wi-Fi request, a recent filtering check and a low-level concern
for the safeguarding lead. A Gorsemoor pupil of 13 or over gave their own
consent for the website (whmat 6.10). Rows are made directly, under the demo's single
"demo.loaded" audit entry, and only where the school's policy keeps the register.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from schoolgate.people.models import RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.policy.selectors import school_policy
from schoolgate.registers.models import ProfessionalAccount
from schoolgate.registers.records import (
    AccountReview,
    Answer,
    EventPhotoAgreement,
    FilteringCheck,
    LowLevelConcern,
    PermissionRequest,
    PolicyDeparture,
)


def demo_logbooks_load(trust: Trust, *, today: dt.date | None = None) -> None:
    """Fill in the smaller registers each demo school's policy keeps."""
    today = today or timezone.localdate()
    for school in trust.schools.order_by("slug"):
        people = {role: _holder(school, role) for role in Role.values}
        if people[Role.HEAD] is None or people[Role.TEACHER] is None:
            continue
        policy = school_policy(school)
        for rule, load in LOADERS.items():
            if policy.enabled(rule):
                load(school, people, today)


def _holder(school: School, role: str) -> Any:
    found = RoleAssignment.objects.filter(school=school, role=role).select_related("user").first()
    return found.user if found else None


def _permissions(school: School, people: dict[str, Any], today: dt.date) -> None:
    kinds = school_policy(school).param("registers.head_permissions", "kinds")
    granter = _holder_of(school, "registers.head_permissions", "granted_by", people)
    texts = {
        "wifi": "My personal email on the staff Wi-Fi at lunchtimes, to follow a course.",
        "pupils_social": "Year 5 comment on a museum's page during the Romans topic.",
        "recording": "A camera in Year 4 to film the class assembly rehearsal.",
        "mention_school": "A post on my own account thanking parents for the fair.",
    }
    for n, kind in enumerate(kinds):
        entry = PermissionRequest(
            school=school, recorded_by=people[Role.TEACHER], kind=kind, details=texts[kind]
        )
        if n == 0:
            entry.status, entry.answered_by = Answer.GRANTED, granter
            entry.answered_at, entry.answer_note = timezone.now(), "Yes, for this term."
        entry.save()


def _holder_of(school: School, rule: str, param: str, people: dict[str, Any]) -> Any:
    for role in school_policy(school).param(rule, param):
        if people.get(role) is not None:
            return people[role]
        trust_wide = RoleAssignment.objects.filter(trust=school.trust_id, role=role).first()
        if trust_wide is not None:
            return trust_wide.user
    return people[Role.HEAD]


def _departures(school: School, people: dict[str, Any], today: dt.date) -> None:
    PolicyDeparture.objects.create(
        school=school,
        recorded_by=people[Role.TEACHER],
        what="Rang a parent from my own phone on the residential trip",
        justification="The trip phone had no signal and a pupil needed collecting early.",
        status=Answer.NOTED,
        answered_by=people[Role.HEAD],
        answered_at=timezone.now(),
        answer_note="The right call; the trip phone's network is being changed.",
    )


def _event_photos(school: School, people: dict[str, Any], today: dt.date) -> None:
    EventPhotoAgreement.objects.create(
        school=school,
        recorded_by=people[Role.OFFICE] or people[Role.HEAD],
        event="Nativity play",
        held_on=today + dt.timedelta(days=14),
        photos_allowed=True,
        terms="Photos of your own child only, from your seat; none shared online.",
    )


def _filtering(school: School, people: dict[str, Any], today: dt.date) -> None:
    # Gorsemoor's last check is four months old, so its next one shows overdue.
    age = 120 if school.profile == "whmat" else 20
    FilteringCheck.objects.create(
        school=school,
        recorded_by=people[Role.ICT] or people[Role.HEAD],
        checked_on=today - dt.timedelta(days=age),
        systems="Web filter, monitoring alerts and the staff Wi-Fi",
        findings="Blocked categories up to date; alerts reach the safeguarding lead.",
    )


def _reviews(school: School, people: dict[str, Any], today: dt.date) -> None:
    account = ProfessionalAccount.objects.filter(
        school=school, status=ProfessionalAccount.Status.ACTIVE
    ).first()
    if account is None:
        return
    AccountReview.objects.create(
        school=school,
        recorded_by=account.owner,
        account=account,
        reviewed_on=today - dt.timedelta(days=10),
        findings="Privacy still set to Year 6 families; no pupil named in full.",
    )


def _concerns(school: School, people: dict[str, Any], today: dt.date) -> None:
    LowLevelConcern.objects.create(
        school=school,
        recorded_by=people[Role.SUPPORT] or people[Role.TEACHER],
        about="A lunchtime supervisor",
        happened_on=today - dt.timedelta(days=3),
        details="Shared a photo of the school hall on a personal account; no pupils shown.",
    )


def _pupil_own_consent(school: School, people: dict[str, Any], today: dt.date) -> None:
    # Gorsemoor is a secondary: one older pupil answered for themselves.
    from schoolgate.consent.models import Method, PhotoConsent
    from schoolgate.people.models import Pupil

    age = school_policy(school).param("consent.pupil_own", "from_age")
    answered = PhotoConsent.objects.filter(
        school=school, use="website", parent__isnull=True, superseded_at__isnull=True
    ).values("pupil")
    for pupil in Pupil.objects.filter(school=school, status=Pupil.Status.CURRENT).exclude(
        pk__in=answered
    ):
        if pupil.age_on(today) >= age:
            PhotoConsent.objects.create(
                school=school, pupil=pupil, use="website", answer="given", by_pupil=True,
                method=Method.PAPER, given_on=today - dt.timedelta(days=7),
                recorded_by=people[Role.OFFICE], note="Signed by the pupil at tutor time.",
            )  # fmt: skip
            return


LOADERS = {
    "registers.head_permissions": _permissions,
    "registers.policy_departures": _departures,
    "registers.event_photos": _event_photos,
    "registers.filtering_checks": _filtering,
    "registers.account_reviews": _reviews,
    "registers.low_level_concerns": _concerns,
    "consent.pupil_own": _pupil_own_consent,
}
