"""School devices, the trip phone, pupils' phone hand-in and staff IMEIs (C8)."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from schoolgate.core.crypto import fernet_for
from schoolgate.core.models import TimeStampedModel
from schoolgate.devices.checks import imei_valid
from schoolgate.people.models import Pupil, School


def validate_imei(value: str) -> None:
    """Refuse anything but 15 digits ending in a correct Luhn check digit."""
    if not imei_valid(value):
        raise ValidationError(
            "That is not a valid IMEI: it has 15 digits and the last is a check digit "
            "(dial *#06# on the phone to see it).",
            code="invalid_imei",
        )


class Device(TimeStampedModel):
    """A school device, with the identifiers its photos carry in their EXIF.

    `make`, `model` and `serial` are written as the camera writes them
    (EXIF Make, Model, BodySerialNumber); iPads and phones write no serial,
    so an entry without one matches any photo of that make and model.
    """

    class Kind(models.TextChoices):
        CAMERA = "camera", "Camera"
        TABLET = "tablet", "Tablet"
        LAPTOP = "laptop", "Laptop"
        PHONE = "phone", "Phone"
        TRIP_PHONE = "trip_phone", "Trip phone"
        HARD_DRIVE = "hard_drive", "Hard drive"

    class Status(models.TextChoices):
        IN_SERVICE = "in_service", "In service"
        RETIRED = "retired", "Retired"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="devices")
    name = models.CharField(max_length=120, help_text="What staff call it, e.g. 'Year 4 iPad'.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    make = models.CharField(max_length=80, blank=True, help_text="As in a photo's EXIF Make.")
    model = models.CharField(max_length=120, blank=True, help_text="As in EXIF Model.")
    serial = models.CharField(
        "body serial", max_length=80, blank=True, help_text="As in EXIF BodySerialNumber."
    )
    asset_tag = models.CharField(max_length=40, blank=True)
    keeper = models.CharField(
        "location or keeper",
        max_length=120,
        blank=True,
        help_text="Where it lives, or who has it.",
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_SERVICE)
    retired_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["school", "status", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "asset_tag"],
                condition=~Q(asset_tag=""),
                name="unique_device_asset_tag",
            ),
            models.CheckConstraint(
                condition=Q(status="retired", retired_on__isnull=False)
                | Q(status="in_service", retired_on__isnull=True),
                name="device_retired_on_iff_retired",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TripPhoneLoan(TimeStampedModel):
    """The trip phone signed out by the lead member of staff for one visit."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="trip_phone_loans")
    device = models.ForeignKey(Device, on_delete=models.PROTECT, related_name="loans")
    lead = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=200, help_text="The visit or event.")
    signed_out_at = models.DateTimeField()
    expected_back_at = models.DateTimeField(help_text="When the visit ends.")
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-signed_out_at"]
        constraints = [
            # A phone is in one place at a time: one open loan per device.
            models.UniqueConstraint(
                fields=["device"],
                condition=Q(returned_at__isnull=True),
                name="one_open_loan_per_trip_phone",
            ),
            models.CheckConstraint(
                condition=Q(expected_back_at__gt=models.F("signed_out_at")),
                name="trip_phone_back_after_out",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True)
                | Q(returned_at__gte=models.F("signed_out_at")),
                name="trip_phone_returned_after_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.device} for {self.purpose}"


class PhoneHandIn(TimeStampedModel):
    """How one pupil's phone stood at the morning hand-in on one day."""

    class Mark(models.TextChoices):
        HANDED_IN = "handed_in", "Handed in"
        NOT_BROUGHT = "not_brought", "No phone today"
        FAILED = "failed", "Failed to hand in"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="phone_hand_ins")
    pupil = models.ForeignKey(Pupil, on_delete=models.CASCADE, related_name="phone_hand_ins")
    day = models.DateField()
    mark = models.CharField(max_length=12, choices=Mark.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-day"]
        indexes = [models.Index(fields=["school", "day", "mark"])]
        constraints = [
            models.UniqueConstraint(fields=["pupil", "day"], name="one_hand_in_mark_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} {self.day}: {self.get_mark_display()}"


IMEI_PURPOSE = b"schoolgate staff imei v1"


def imei_cipher() -> Fernet:
    """Return the cipher for staff IMEIs, derived from SECRET_KEY for this use only."""
    return fernet_for(settings.SECRET_KEY, IMEI_PURPOSE)


class StaffPhone(TimeStampedModel):
    """A member of staff's own phone, recorded privately by them (C8.5).

    Only its owner sees it: the IMEI lets them report a lost or stolen phone
    to the police and their network; the school has no use for a list of them.
    The IMEI is stored encrypted (`imei_sealed`), so a copy of the database
    alone does not reveal it; `imei` reads and writes the plain digits.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_phone"
    )
    imei_sealed = models.TextField("IMEI, encrypted", editable=False)
    description = models.CharField(
        max_length=80, blank=True, help_text="So you know which phone, e.g. 'black Pixel 7'."
    )

    def __str__(self) -> str:
        return f"Phone of {self.user}"

    @property
    def imei(self) -> str:
        """Return the IMEI, or "" when it no longer opens (SECRET_KEY was changed)."""
        try:
            return imei_cipher().decrypt(self.imei_sealed.encode()).decode()
        except InvalidToken:
            return ""

    @imei.setter
    def imei(self, value: str) -> None:
        validate_imei(value)
        self.imei_sealed = imei_cipher().encrypt(value.encode()).decode()
