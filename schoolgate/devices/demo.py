"""Demo devices for the demo trust: a register, a trip phone out, one phone ban."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from schoolgate.devices.models import Device, TripPhoneLoan
from schoolgate.people.models import Pupil, RoleAssignment, School, Trust
from schoolgate.people.roles import Role
from schoolgate.sanctions.models import Sanction

Kind = Device.Kind
# (name, kind, make, model, serial, asset tag, keeper): EXIF spellings.
DEVICES = (
    ("Office camera", Kind.CAMERA, "Canon", "Canon EOS 250D", "083021004417", "CAM-01", "Office"),
    ("Year 4 iPad", Kind.TABLET, "Apple", "iPad (9th generation)", "", "TAB-04", "Year 4"),
    ("Year 6 iPad", Kind.TABLET, "Apple", "iPad Air (5th generation)", "", "TAB-06", "Year 6"),
    ("Staffroom laptop", Kind.LAPTOP, "", "", "", "LAP-02", "Staffroom"),
    ("Trip phone", Kind.TRIP_PHONE, "Samsung", "SM-A145R", "", "PHN-TRIP", "Office"),
)


def demo_devices_load(*, trust: Trust, today: dt.date | None = None) -> None:
    """Give each demo school a device register, and its first school a trip
    phone signed out and one pupil under a phone ban."""
    today = today or timezone.localdate()
    for school in trust.schools.order_by("pk"):
        _register(school)
    first = trust.schools.filter(profile="shire").first()
    if first is not None:
        _trip_phone_out(first)
        _phone_ban(first, today)


def _register(school: School) -> None:
    Device.objects.bulk_create(
        Device(
            school=school,
            name=name,
            kind=kind,
            make=make,
            model=model,
            serial=serial,
            asset_tag=tag,
            keeper=keeper,
        )
        for name, kind, make, model, serial, tag, keeper in DEVICES
    )


def _leader(school: School, role: str) -> Any:
    row = RoleAssignment.objects.filter(school=school, role=role).select_related("user").first()
    return row.user if row else None


def _trip_phone_out(school: School) -> None:
    teacher = _leader(school, Role.TEACHER)
    phone = Device.objects.filter(school=school, kind=Kind.TRIP_PHONE).first()
    if teacher is None or phone is None:
        return
    now = timezone.now()
    TripPhoneLoan.objects.create(
        school=school,
        device=phone,
        lead=teacher,
        purpose="Year 5 visit to the river centre",
        signed_out_at=now - dt.timedelta(hours=3),
        expected_back_at=now + dt.timedelta(hours=4),
    )


def _phone_ban(school: School, today: dt.date) -> None:
    head = _leader(school, Role.HEAD)
    pupil = Pupil.objects.filter(school=school, status="current", year_group="Year 6").first()
    if head is None or pupil is None:
        return
    Sanction.objects.create(
        school=school,
        kind=Sanction.Kind.PUPIL_PHONE_BAN,
        pupil=pupil,
        starts_on=today - dt.timedelta(days=3),
        reason="Kept a phone in a bag instead of handing it in at the office.",
        decided_by=head,
    )
