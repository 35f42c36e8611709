"""Records for tests, made through the service so that routing is real."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from schoolgate.people.tests.factories import PupilFactory, StaffFactory
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.services import NewRecord, evidence_attach, record_create

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"screenshot-bytes" * 8


def make_record(
    school: Any,
    reporter: Any,
    *,
    kind: str = Kind.CYBERBULLYING,
    pupils: list[Any] | None = None,
    staff: list[Any] | None = None,
    **fields: Any,
) -> Record:
    """Record a concern at the school; a pupil is made when none is given."""
    if pupils is None and staff is None:
        pupils = [PupilFactory(school=school)]
    data = NewRecord(
        kind=kind,
        reporter_role="A Teacher, Year 4",
        happened_at=timezone.now() - timedelta(hours=2),
        account="Messages were shared in a group chat.",
        pupils=pupils or [],
        staff=staff or [],
        **fields,
    )
    return record_create(school=school, data=data, actor=reporter)


def staff_for(user: Any, school: Any) -> Any:
    """Return a StaffMember at the school for the given user."""
    return StaffFactory(school=school, user=user)


def make_evidence(record: Record, uploader: Any, data: bytes = PNG) -> Any:
    return evidence_attach(record=record, filename="screenshot.png", data=data, actor=uploader)


def make_transfer(school: Any, dsl: Any) -> Any:
    """Return a transfer of a leaving pupil's file, as if just sent."""
    from schoolgate.safeguarding.models import Transfer

    pupil = PupilFactory(school=school, left_on=timezone.localdate())
    return Transfer.objects.create(
        school=school,
        pupil=pupil,
        new_school="Meadow Primary",
        record_ids=[],
        sha256="0" * 64,
        exported_by=dsl,
        exported_at=timezone.now(),
    )
