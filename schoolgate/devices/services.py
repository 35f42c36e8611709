"""Changes to the register, the trip phone, the hand-in and staff IMEIs, audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from schoolgate.audit.services import audit_log
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.core.services import model_update
from schoolgate.devices import policy
from schoolgate.devices.checks import imei_digits
from schoolgate.devices.models import Device, PhoneHandIn, StaffPhone, TripPhoneLoan
from schoolgate.people.models import Pupil, School

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

DEVICE_FIELDS = ["name", "kind", "make", "model", "serial", "asset_tag", "keeper"]


def _device_extra(device: Device) -> dict[str, Any]:
    return {f: getattr(device, f) for f in DEVICE_FIELDS}


@transaction.atomic
def device_create(*, school: School, data: dict[str, Any], actor: User) -> Device:
    """Add a device to the school's register."""
    device = Device(school=school, **{f: data.get(f, "") for f in DEVICE_FIELDS})
    device.full_clean()
    device.save()
    audit_log(
        event="devices.created",
        actor=actor,
        subject=device,
        school=school,
        label=device.name,
        extra=_device_extra(device),
    )
    return device


@transaction.atomic
def device_update(*, device: Device, data: dict[str, Any], actor: User) -> Device:
    """Change a device's details; audit what changed."""
    before = _device_extra(device)
    device, changed = model_update(instance=device, fields=DEVICE_FIELDS, data=data)
    if changed:
        audit_log(
            event="devices.updated",
            actor=actor,
            subject=device,
            school=device.school,
            label=device.name,
            extra={f: [before[f], getattr(device, f)] for f in changed},
        )
    return device


@transaction.atomic
def device_retire(*, device: Device, actor: User, on: dt.date | None = None) -> Device:
    """Take a device out of service; its photos no longer count as the school's."""
    if device.status == Device.Status.RETIRED:
        raise ApplicationError(f"{device.name} is retired already.")
    if device.loans.filter(returned_at__isnull=True).exists():
        raise ApplicationError(f"{device.name} is signed out: take it back first.")
    device.status = Device.Status.RETIRED
    device.retired_on = on or timezone.localdate()
    device.full_clean()
    device.save(update_fields=["status", "retired_on", "updated_at"])
    audit_log(
        event="devices.retired",
        actor=actor,
        subject=device,
        school=device.school,
        label=device.name,
    )
    return device


@transaction.atomic
def trip_phone_sign_out(
    *, device: Device, purpose: str, expected_back_at: dt.datetime, actor: User
) -> TripPhoneLoan:
    """Sign the trip phone out to the actor, the lead member of staff for a visit."""
    require(actor, "devices.trip_phone_sign_out", device)
    if device.kind != Device.Kind.TRIP_PHONE or device.status != Device.Status.IN_SERVICE:
        raise ApplicationError(f"{device.name} is not a trip phone in service.")
    # Lock the device row, so two people cannot sign the same phone out at once.
    Device.objects.select_for_update().filter(pk=device.pk).first()
    if device.loans.filter(returned_at__isnull=True).exists():
        raise ApplicationError(f"{device.name} is signed out already.")
    loan = TripPhoneLoan(
        school=device.school,
        device=device,
        lead=actor,
        purpose=purpose,
        signed_out_at=timezone.now(),
        expected_back_at=expected_back_at,
    )
    loan.full_clean()
    try:
        with transaction.atomic():
            loan.save()
    except IntegrityError:
        raise ApplicationError(f"{device.name} is signed out already.") from None
    audit_log(
        event="devices.trip_phone_signed_out",
        actor=actor,
        subject=loan,
        school=device.school,
        label=str(loan),
        extra={"purpose": purpose, "expected_back_at": expected_back_at},
    )
    return loan


@transaction.atomic
def trip_phone_return(*, loan: TripPhoneLoan, actor: User) -> TripPhoneLoan:
    """Record the trip phone back at school, taken back by the actor."""
    if loan.returned_at is not None:
        raise ApplicationError("The trip phone is back already.")
    loan.returned_at = timezone.now()
    loan.returned_to = actor
    loan.full_clean()
    loan.save(update_fields=["returned_at", "returned_to", "updated_at"])
    audit_log(
        event="devices.trip_phone_returned",
        actor=actor,
        subject=loan,
        school=loan.school,
        label=str(loan),
    )
    return loan


@transaction.atomic
def hand_in_mark(
    *, pupil: Pupil, mark: str, actor: User, day: dt.date | None = None
) -> PhoneHandIn:
    """Record how the pupil's phone stood at the hand-in; a second tap corrects it."""
    if mark not in PhoneHandIn.Mark.values:
        raise ApplicationError(f"{mark!r} is not a hand-in mark.")
    day = day or timezone.localdate()
    record, created = PhoneHandIn.objects.select_for_update().get_or_create(
        pupil=pupil, day=day, defaults={"school": pupil.school, "mark": mark, "marked_by": actor}
    )
    if not created:
        if record.mark == mark:
            return record
        record.mark, record.marked_by = mark, actor
        record.full_clean()
        record.save(update_fields=["mark", "marked_by", "updated_at"])
    else:
        record.full_clean()
    audit_log(
        event="devices.hand_in_marked",
        actor=actor,
        subject=record,
        school=pupil.school,
        label=f"{pupil}: {record.get_mark_display()}",
        extra={"day": day, "mark": mark},
    )
    return record


def _ensure_imei_enabled(school: School) -> None:
    if not policy.staff_imei_asked(school):
        # Data minimisation (UK GDPR Art. 5(1)(c)): no IMEIs where the policy asks for none.
        raise ApplicationError(
            f"{school.name}'s policy does not ask staff to record an IMEI "
            f"({policy.rule(school, policy.STAFF_IMEI).source})."
        )


@transaction.atomic
def staff_phone_record(
    *, school: School, imei: str, description: str = "", actor: User
) -> StaffPhone:
    """Record or replace the actor's own phone's IMEI, visible to them alone."""
    _ensure_imei_enabled(school)
    phone = StaffPhone.objects.filter(user=actor).first() or StaffPhone(user=actor)
    phone.imei, phone.description = imei_digits(imei), description.strip()
    phone.full_clean()
    phone.save()
    # The IMEI itself stays out of the audit trail, which more people read.
    audit_log(event="devices.staff_phone_recorded", actor=actor, subject=phone, school=school)
    return phone


@transaction.atomic
def staff_phone_remove(*, school: School, actor: User) -> None:
    """Forget the actor's own phone."""
    deleted, _ = StaffPhone.objects.filter(user=actor).delete()
    if deleted:
        audit_log(event="devices.staff_phone_removed", actor=actor, school=school)
