"""Subject access: one person's data in one ZIP, nobody else's, no safeguarding content."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pypdf
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.audit.services import audit_log
from schoolgate.compliance.tests.factories import TrainingSessionFactory
from schoolgate.consent.tests.factories import PhotoConsentFactory, StaffPhotoPermissionFactory
from schoolgate.dataprotection.models import SubjectAccessRequest
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import published_post
from schoolgate.people.tests.factories import (
    ParentFactory,
    ParentLinkFactory,
    PupilFactory,
    StaffFactory,
    UserFactory,
)
from schoolgate.photos.models import Face, Photo
from schoolgate.registers.tests.factories import DeclarationFactory
from schoolgate.safeguarding.models import Record
from schoolgate.safeguarding.tests.factories import make_record
from schoolgate.sanctions.tests.factories import PhoneBanFactory

SECRET = "Disclosed to the DSL in confidence"


@pytest.fixture
def family(personas):  # type: ignore[no-untyped-def]
    """Two pupils in one photo and one post; only the first is asked about."""
    school = personas.school
    ada = PupilFactory(school=school, first_name="Ada", surname="Quill", mis_id="A100")
    zeb = PupilFactory(school=school, first_name="Zebedee", surname="Otterly", mis_id="Z900")
    mum = ParentFactory(school=school, first_name="Mina", surname="Quill", email="mina@home.test")
    other = ParentFactory(school=school, first_name="Olga", surname="Otterly", email="o@home.test")
    ParentLinkFactory(parent=mum, pupil=ada, relationship="Mother")
    ParentLinkFactory(parent=other, pupil=zeb, relationship="Mother")
    old = PhotoConsentFactory(pupil=ada, parent=mum, given_on=dt.date(2024, 9, 2))
    old.superseded_at = timezone.now()
    old.save()
    PhotoConsentFactory(pupil=ada, parent=mum, answer="withdrawn", given_on=dt.date(2025, 9, 3))
    PhotoConsentFactory(pupil=zeb, parent=other, note="Zebedee's consent note")
    post = published_post(school, personas.teacher, slug="farm-trip")
    post.pupils.add(ada, zeb)
    photo = Photo.objects.create(
        school=school, post=post, uploader=personas.teacher, original_name="farm.jpg",
        caption="The farm trip",
    )  # fmt: skip
    Face.objects.create(photo=photo, x=1, y=1, w=9, h=9, accounting="pupil", pupil=ada)
    Face.objects.create(photo=photo, x=20, y=1, w=9, h=9, accounting="pupil", pupil=zeb)
    PhoneBanFactory(school=school, pupil=ada, reason="Ada's phone rang in assembly.")
    PhoneBanFactory(school=school, pupil=zeb, reason="Zebedee filmed a lesson.")
    record = make_record(school, personas.dsl, pupils=[ada])
    Record.objects.filter(pk=record.pk).update(account=SECRET)
    audit_log(event="people.pupil_updated", subject=ada, school=school, label="Ada Q.")
    audit_log(event="safeguarding.chronology_viewed", subject=ada, school=school, label="Q.")
    audit_log(event="people.pupil_updated", subject=zeb, school=school, label="Zebedee O.")
    for parent, text in ((mum, "Ada loved the farm"), (other, "Zebedee loved the goats")):
        Comment.objects.create(
            school=school, post=post, name=str(parent), email=parent.email, text=text
        )
    return {"ada": ada, "zeb": zeb, "mum": mum, "other": other}


def _text(name: str, data: bytes) -> str:
    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text() for page in pages)


def _files(data: bytes) -> dict[str, str]:
    """Return each file of the ZIP as text (the PDF summary's text too)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: _text(name, archive.read(name)) for name in archive.namelist()}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _export(client: Any, kind: str, pk: int) -> Any:
    return client.post(reverse("dataprotection:export", kwargs={"kind": kind, "pk": pk}))


def test_a_pupils_zip_holds_their_data_and_nobody_elses(personas, family, sign_in):
    response = _export(sign_in(personas.dpo), "pupil", family["ada"].pk)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    files = _files(response.content)
    assert "What Larkspur Primary holds about Ada Quill" in " ".join(files["summary.pdf"].split())
    assert "Ada's phone rang in assembly." in files["summary.pdf"]
    profile = {row["field"]: row["value"] for row in _rows(files["profile.csv"])}
    assert profile["MIS id"] == "A100" and profile["first name"] == "Ada"
    consents = _rows(files["consents.csv"])
    assert [c["answer"] for c in consents] == ["Given", "Withdrawn"]
    assert consents[0]["state"].startswith("replaced")
    assert [r["tagged as"] for r in _rows(files["photos.csv"])] == ["Pupil"]
    assert _rows(files["posts.csv"])[0]["post"] == "Farm trip"
    assert _rows(files["sanctions.csv"])[0]["reason"] == "Ada's phone rang in assembly."
    assert _rows(files["parents.csv"]) == [{"name": "Mina Quill", "relationship": "Mother"}]
    assert [r["about"] for r in _rows(files["audit.csv"])] == ["Ada Q."]
    everything = "".join(files.values())
    for theirs in ("Zebedee", "Otterly", "Z900", "Olga", "goats"):
        assert theirs not in everything
    # The safeguarding record is the DSL's to review, not part of the export.
    assert SECRET not in everything
    assert "safeguarding" not in " ".join(files)


def test_every_export_is_audited_with_who_and_whom(personas, family, sign_in):
    _export(sign_in(personas.dpo), "pupil", family["ada"].pk)

    entry = AuditEntry.objects.get(event="dataprotection.subject_access_exported")
    assert entry.actor == personas.dpo
    assert (entry.subject_type, entry.subject_id) == ("people.pupil", str(family["ada"].pk))
    assert entry.extra["safeguarding_records_for_dsl"] == 1


def test_the_person_page_says_safeguarding_records_wait_for_the_dsl(personas, family, sign_in):
    url = reverse("dataprotection:person", kwargs={"kind": "pupil", "pk": family["ada"].pk})
    page = sign_in(personas.dpo).get(url).content.decode()

    assert "1 safeguarding record names them" in page
    assert SECRET not in page


@pytest.mark.parametrize("persona", ["head", "dsl", "teacher", "office", "hr", "parent"])
def test_only_the_dpo_may_export(personas, family, sign_in, persona):
    response = _export(sign_in(personas.users[persona]), "pupil", family["ada"].pk)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(event="dataprotection.subject_access_exported").exists()


def test_a_person_at_another_school_is_not_found(personas, family, sign_in):
    stranger = PupilFactory(school=personas.other_school)

    assert _export(sign_in(personas.dpo), "pupil", stranger.pk).status_code == 404


def test_the_command_exports_a_parent_by_email(personas, family, tmp_path):
    out = tmp_path / "mina.zip"
    call_command(
        "subject_access", "--school", "larkspur", "--parent", "MINA@home.test", str(out),
        stdout=io.StringIO(),
    )  # fmt: skip

    files = _files(out.read_bytes())
    assert [c["text"] for c in _rows(files["comments.csv"])] == ["Ada loved the farm"]
    assert [c["name"] for c in _rows(files["children.csv"])] == ["Ada Quill"]
    assert len(_rows(files["consents.csv"])) == 2
    everything = "".join(files.values())
    assert "goats" not in everything and "Zebedee" not in everything
    entry = AuditEntry.objects.get(event="dataprotection.subject_access_exported")
    assert entry.actor is None and entry.subject_id == str(family["mum"].pk)


def test_the_command_exports_a_member_of_staff(personas, tmp_path):
    school = personas.school
    user = UserFactory(email="sam@larkspur.test")
    sam = StaffFactory(school=school, user=user, email="sam@larkspur.test", first_name="Sam")
    colleague = StaffFactory(school=school, first_name="Kit")
    StaffPhotoPermissionFactory(staff=sam)
    StaffPhotoPermissionFactory(staff=colleague, note="Kit's own answer")
    DeclarationFactory(school=school, declarant=user, pupil_names="Ava Brook")
    DeclarationFactory(school=school, declarant=UserFactory(), pupil_names="Bo Other")
    TrainingSessionFactory(school=school, title="Online safety 2026").attendees.add(user)
    TrainingSessionFactory(school=school, title="Fire safety")
    out = tmp_path / "sam.zip"

    call_command(
        "subject_access", "--school", "larkspur", "--staff", "sam@larkspur.test", str(out),
        stdout=io.StringIO(),
    )  # fmt: skip

    files = _files(out.read_bytes())
    assert [d["pupils"] for d in _rows(files["declarations.csv"])] == ["Ava Brook"]
    assert [t["session"] for t in _rows(files["training.csv"])] == ["Online safety 2026"]
    assert len(_rows(files["photo_permission.csv"])) == 1
    everything = "".join(files.values())
    assert "Bo Other" not in everything and "Fire safety" not in everything
    assert "Kit's own answer" not in everything


def test_recording_a_request_sets_its_deadline_and_the_dashboard_shows_it(
    personas, family, sign_in
):
    client = sign_in(personas.dpo)
    url = reverse("dataprotection:person", kwargs={"kind": "pupil", "pk": family["ada"].pk})
    received = timezone.localdate() - dt.timedelta(days=40)

    response = client.post(
        url, {"requested_by": "Mina Quill, her mother", "received_on": received.isoformat()}
    )

    assert response.status_code == 302
    made = SubjectAccessRequest.objects.get()
    # shire keeps the default: a month, 30 days (data.protection:subject_access_days).
    assert made.due_on == received + dt.timedelta(days=30)
    dashboard = client.get(reverse("web:dashboard")).content.decode()
    assert "Subject-access requests" in dashboard
    assert "1 past its deadline" in dashboard
    assert "Ada Quill" in dashboard

    client.post(reverse("dataprotection:answered", kwargs={"pk": made.pk}))
    made.refresh_from_db()
    assert made.answered_by == personas.dpo
    assert (
        "No subject-access request is waiting"
        in client.get(reverse("web:dashboard")).content.decode()
    )


def test_a_teacher_does_not_see_the_panel(personas, family, sign_in):
    page = sign_in(personas.teacher).get(reverse("web:dashboard")).content.decode()

    assert "Subject-access requests" not in page


def test_the_command_line_spells_it_with_a_hyphen(db, capsys):
    from schoolgate.cli import main

    with pytest.raises(SystemExit):
        main(["schoolgate", "subject-access", "--school", "nowhere", "--pupil", "P1", "x.zip"])

    assert "No school 'nowhere'" in capsys.readouterr().err


def test_the_pupils_consent_page_links_the_dpo_to_subject_access(personas, family, sign_in):
    url = reverse("consent:pupil", kwargs={"pk": family["ada"].pk})
    target = reverse("dataprotection:person", kwargs={"kind": "pupil", "pk": family["ada"].pk})

    assert target in sign_in(personas.dpo).get(url).content.decode()
    assert target not in sign_in(personas.office).get(url).content.decode()
