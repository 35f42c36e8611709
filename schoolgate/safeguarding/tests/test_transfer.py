"""A leaving pupil's file: the zip for the new school, its receipt, the audit."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.safeguarding.tests.factories import PNG, make_evidence, make_record
from schoolgate.safeguarding.transfer import transfer_export, transfer_receipt


@pytest.fixture
def leaver(personas):  # type: ignore[no-untyped-def]
    return PupilFactory(school=personas.school, left_on=timezone.localdate())


def test_the_dsl_downloads_a_pdf_and_the_evidence_for_the_new_school(personas, leaver, sign_in):
    record = make_record(personas.school, personas.teacher, pupils=[leaver])
    make_evidence(record, personas.teacher)
    response = sign_in(personas.dsl).post(
        reverse("safeguarding:transfer", args=[leaver.pk]), {"new_school": "Meadow Primary"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    assert archive.read("file.pdf").startswith(b"%PDF")
    [shot] = [n for n in names if n.startswith(f"evidence/record-{record.pk}/")]
    assert archive.read(shot) == PNG  # decrypted for the new school
    entry = AuditEntry.objects.get(event="safeguarding.transferred")
    assert entry.actor == personas.dsl and entry.extra["records"] == [record.pk]


def test_a_pupil_still_on_roll_is_not_sent(personas):
    pupil = PupilFactory(school=personas.school)
    make_record(personas.school, personas.teacher, pupils=[pupil])
    with pytest.raises(ApplicationError, match="leaving"):
        transfer_export(pupil=pupil, new_school="Meadow", actor=personas.dsl)


def test_the_receipt_records_who_received_it_and_when(personas, leaver, sign_in):
    make_record(personas.school, personas.teacher, pupils=[leaver])
    sent, _ = transfer_export(pupil=leaver, new_school="Meadow Primary", actor=personas.dsl)
    today = timezone.localdate()
    sign_in(personas.dsl).post(
        reverse("safeguarding:transfer_receipt", args=[sent.pk]),
        {"received_by": "J Okoro, DSL", "received_on": today.isoformat()},
    )
    sent.refresh_from_db()
    assert (sent.received_by, sent.received_on, sent.receipt_recorded_by) == (
        "J Okoro, DSL",
        today,
        personas.dsl,
    )
    with pytest.raises(ApplicationError, match="already recorded"):
        transfer_receipt(transfer=sent, received_by="X", received_on=today, actor=personas.dsl)
    page = sign_in(personas.dsl).get(reverse("safeguarding:transfer", args=[leaver.pk]))
    assert "J Okoro, DSL" in page.content.decode()
