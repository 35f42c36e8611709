"""Reads of the device register, the trip phone and the phone hand-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from schoolgate.checks.photos.metadata import RegisteredDevice
from schoolgate.core.permissions import can
from schoolgate.devices import policy
from schoolgate.devices.checks import HAND_IN_CONTEXT, TRIP_PHONE_CONTEXT, HandInFacts, LoanFacts
from schoolgate.devices.models import Device, PhoneHandIn, StaffPhone, TripPhoneLoan
from schoolgate.people.models import Pupil, School
from schoolgate.policy.engine import Finding
from schoolgate.sanctions.models import Sanction
from schoolgate.sanctions.selectors import banned_pupil_ids

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

PHONE_BAN = Sanction.Kind.PUPIL_PHONE_BAN

# ---------------------------------------------------------------------------
# The register
# ---------------------------------------------------------------------------


def device_register(school: School) -> list[RegisteredDevice]:
    """Return the school's devices in service as plain entries for `match_device`.

    A retired device no longer vouches for a photo: its entries are left out.
    """
    rows = Device.objects.filter(school=school, status=Device.Status.IN_SERVICE)
    entries = rows.exclude(make="", model="", serial="").values_list("make", "model", "serial")
    return [
        RegisteredDevice(make=make, model=model, serial=serial) for make, model, serial in entries
    ]


def devices_of(
    school: School, *, q: str = "", kind: str = "", status: str = ""
) -> QuerySet[Device]:
    """Return the school's devices matching a search, kind and status."""
    qs = Device.objects.filter(school=school)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    for word in q.split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(make__icontains=word)
            | Q(model__icontains=word)
            | Q(serial__icontains=word)
            | Q(asset_tag__icontains=word)
            | Q(keeper__icontains=word)
        )
    return qs


def access_device_for(user: User, pk: int, *, action: str = "devices.manage") -> Device:
    """Return the device if the user may take the action on it; else raise Http404."""
    device = Device.objects.select_related("school__trust").filter(pk=pk).first()
    if device is None:
        raise Http404("No such device.")
    if not can(user, action, device):
        raise Http404("No such device.")
    return device


# ---------------------------------------------------------------------------
# The trip phone
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoanView:
    loan: TripPhoneLoan
    findings: tuple[Finding, ...]

    @property
    def overdue(self) -> bool:
        return any(f.kind == "overdue" for f in self.findings)


def trip_phones(school: School) -> list[Device]:
    """Return the school's trip phones in service, each with its open loan if out."""
    phones = list(
        Device.objects.filter(
            school=school, kind=Device.Kind.TRIP_PHONE, status=Device.Status.IN_SERVICE
        )
    )
    open_loans = {
        loan.device_id: loan
        for loan in TripPhoneLoan.objects.filter(school=school, returned_at__isnull=True)
    }
    for phone in phones:
        phone.open_loan = open_loans.get(phone.pk)  # type: ignore[attr-defined]
    return phones


def loan_findings(school: School, loan: TripPhoneLoan, now: dt.datetime) -> tuple[Finding, ...]:
    """Return what the school's policy says about a loan now (overdue or not)."""
    facts = LoanFacts(loan.expected_back_at, now, loan.returned_at is not None)
    return policy.decision(school, TRIP_PHONE_CONTEXT, facts).findings


def trip_phone_loans(
    school: School, *, now: dt.datetime | None = None, limit: int = 50
) -> list[LoanView]:
    """Return the school's trip phone loans, newest first, overdue ones flagged."""
    now = now or timezone.now()
    loans = TripPhoneLoan.objects.filter(school=school).select_related(
        "device", "lead", "returned_to"
    )
    return [LoanView(loan, loan_findings(school, loan, now)) for loan in loans[:limit]]


def overdue_trip_phones(school: School, *, now: dt.datetime | None = None) -> list[LoanView]:
    """Return the school's trip phone loans that the policy says are overdue."""
    now = now or timezone.now()
    open_loans = TripPhoneLoan.objects.filter(
        school=school, returned_at__isnull=True, expected_back_at__lt=now
    ).select_related("device", "lead")
    views = [LoanView(loan, loan_findings(school, loan, now)) for loan in open_loans]
    return [view for view in views if view.overdue]


def access_loan_for(user: User, pk: int) -> TripPhoneLoan:
    """Return an open loan the user may take back; else raise Http404."""
    loan = TripPhoneLoan.objects.select_related("school__trust", "device").filter(pk=pk).first()
    if loan is None or loan.returned_at is not None:
        raise Http404("No such loan.")
    if not can(user, "devices.trip_phone_return", loan):
        raise Http404("No such loan.")
    return loan


# ---------------------------------------------------------------------------
# The pupils' phone hand-in
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HandInRow:
    pupil: Pupil
    mark: str
    banned: bool
    findings: tuple[Finding, ...] = ()


def hand_in_list(school: School, class_name: str, day: dt.date) -> list[HandInRow]:
    """Return the class's current pupils with the day's marks and phone bans."""
    pupils = list(Pupil.objects.filter(school=school, class_name=class_name, status="current"))
    marks = dict(
        PhoneHandIn.objects.filter(school=school, day=day, pupil__in=pupils).values_list(
            "pupil_id", "mark"
        )
    )
    banned = banned_pupil_ids(school, PHONE_BAN, on=day)
    return [HandInRow(p, marks.get(p.pk, ""), p.pk in banned) for p in pupils]


def hand_in_row(pupil: Pupil, day: dt.date) -> HandInRow:
    """Return one pupil's row of the hand-in list, with the policy's word on a ban."""
    record = PhoneHandIn.objects.filter(pupil=pupil, day=day).first()
    banned = pupil.pk in banned_pupil_ids(pupil.school, PHONE_BAN, on=day)
    findings = ban_findings(pupil, banned) if record and record.mark == "failed" else ()
    return HandInRow(pupil, record.mark if record else "", banned, findings)


def ban_findings(pupil: Pupil, banned: bool) -> tuple[Finding, ...]:
    """Return whether the profile says the pupil's missed hand-ins call for a ban.

    Missed hand-ins count since the pupil's last phone ban began, so a ban
    already served does not count twice.
    """
    since = (
        Sanction.objects.filter(pupil=pupil, kind=PHONE_BAN)
        .order_by("-starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    failures = PhoneHandIn.objects.filter(pupil=pupil, mark=PhoneHandIn.Mark.FAILED)
    if since is not None:
        failures = failures.filter(day__gte=since)
    facts = HandInFacts(failures.count(), banned)
    return policy.decision(pupil.school, HAND_IN_CONTEXT, facts).findings


def failed_hand_ins(school: School, day: dt.date) -> QuerySet[PhoneHandIn]:
    """Return the day's pupils marked as failing to hand their phone in."""
    return (
        PhoneHandIn.objects.filter(school=school, day=day, mark=PhoneHandIn.Mark.FAILED)
        .select_related("pupil")
        .order_by("pupil__class_name", "pupil__surname")
    )


def hand_in_counts(school: School, day: dt.date) -> dict[str, int]:
    """Return how many pupils got each mark on the day."""
    rows = PhoneHandIn.objects.filter(school=school, day=day).values("mark")
    return {r["mark"]: r["n"] for r in rows.annotate(n=Count("pk"))}


def register_kinds(school: School) -> list[str]:
    """Return the kinds of device the school's register holds (`devices.register:kinds`).

    A trip phone is offered too where the trip-phone rule is on, since that
    rule needs one in the register.
    """
    kinds = policy.register_kinds(school)
    return [k for k in Device.Kind.values if k in kinds]


def own_phone(user: User) -> StaffPhone | None:
    """Return the user's own recorded phone, if any."""
    return StaffPhone.objects.filter(user=user).first()


def imei_prompt(user: User, school: School | None) -> str:
    """Return the clause asking the user to note their phone's IMEI, or "" if none does.

    Only where the profile prompts staff (`devices.staff_imei:prompt_staff`,
    jessons "Protection of personal information") and they have not yet.
    """
    if school is None:
        return ""
    clause = policy.imei_prompt_clause(school)
    if not clause or StaffPhone.objects.filter(user=user).exists():
        return ""
    return clause


def phones_on_trips_note(school: School) -> str:
    """Return the reminder that pupils bring no phones on visits, with its clause, or "".

    Where the profile's pupil-phone rule says phones stay behind on trips
    (`devices.pupil_phones:allowed_on_trips`, shire "Pupil's use").
    """
    clause = policy.phones_stay_behind_clause(school)
    if not clause:
        return ""
    return f"Pupils do not take their phones on school visits or residentials ({clause})."
