"""The staff self-check: the engine's "personal" context, and the private page."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.checks.names import Person, build_name_matcher
from schoolgate.compliance.selfcheck import CONTEXT, PersonalPost
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.policy.engine import evaluate, load_profile

ROSTER = build_name_matcher([Person("1", "pupil", "Amara", "Bramblecott")])
NAMES = ("Larkspur Primary", "Larkspur")
LONDON = ZoneInfo("Europe/London")
TUESDAY_EVENING = dt.datetime(2025, 11, 18, 19, 30, tzinfo=LONDON)


def _kinds(code, **fields):
    fields.setdefault("posting_at", TUESDAY_EVENING)
    subject = PersonalPost(school_names=NAMES, roster=ROSTER, **fields)
    return [f.kind for f in evaluate(load_profile(code), CONTEXT, subject).findings]


def test_the_school_in_a_handle_goes_against_whmat():
    assert "school_name" in _kinds("whmat", handle="@MissP_Larkspur")


def test_the_school_in_a_bio_is_allowed_by_whmat_but_not_by_jessons():
    assert "school_name" not in _kinds("whmat", profile_text="Teacher at Larkspur Primary")
    assert "school_name" in _kinds("jessons", profile_text="Teacher at Larkspur Primary")


def test_a_pupils_name_is_found_in_the_post():
    assert "pupil_name" in _kinds("shire", post="So proud of Amara today!")


def test_a_trip_location_is_found():
    assert "trip_location" in _kinds(
        "shire", post="Off on our class trip to Cotswold Wildlife Park"
    )


def test_a_complaint_about_a_colleague_is_found():
    kinds = _kinds("shire", post="Mrs Patel was so rude to me in the staff room again")
    assert "complaint" in kinds


def test_a_work_post_without_a_disclaimer_is_found_where_required():
    assert "disclaimer" in _kinds("whmat", post="Great lesson with my class today")
    assert "disclaimer" not in _kinds("whmat", post="Great lesson today. Views are my own.")
    assert "disclaimer" not in _kinds("shire", post="Great lesson with my class today")


@pytest.mark.parametrize(
    ("when", "flagged"),
    [
        (dt.datetime(2025, 11, 18, 10, 0, tzinfo=LONDON), True),  # Tuesday morning, in class
        (dt.datetime(2025, 11, 18, 12, 30, tzinfo=LONDON), False),  # lunch break
        (dt.datetime(2025, 11, 18, 19, 30, tzinfo=LONDON), False),  # evening
        (dt.datetime(2025, 11, 22, 10, 0, tzinfo=LONDON), False),  # Saturday
    ],
)
def test_posting_inside_working_hours_is_flagged(when, flagged):
    assert ("working_hours" in _kinds("shire", post="Hello", posting_at=when)) is flagged


def test_findings_carry_the_rule_and_its_source():
    subject = PersonalPost(
        handle="@larkspur_teach", school_names=NAMES, posting_at=TUESDAY_EVENING
    )
    finding = evaluate(load_profile("whmat"), CONTEXT, subject).findings[0]
    assert finding.rule == "selfcheck.personal_profile"
    assert finding.source == load_profile("whmat").rule("selfcheck.personal_profile").source


def test_the_page_shows_findings_and_stores_and_logs_nothing(personas, sign_in):
    PupilFactory(school=personas.school, first_name="Amara", surname="Bramblecott")
    before = AuditEntry.objects.count()
    response = sign_in(personas.teacher).post(
        reverse("compliance:selfcheck"),
        {
            "handle": "@amara_fan",
            "profile_text": "",
            "post": "Lovely afternoon with Amara Bramblecott",
            "posting_at": "2025-11-18T19:30",
        },
    )
    page = response.content.decode()
    assert "names a pupil (Amara Bramblecott)" in page
    assert 'shire "Staff guidance for personal use"' in page.replace("&quot;", '"')
    assert AuditEntry.objects.count() == before


# ---------------------------------------------------------------------------
# Saving a check for oneself; faces in a pasted photo
# ---------------------------------------------------------------------------


def _photo_with_faces() -> bytes:
    from PIL import Image

    from schoolgate.checks.photos.tests import fixtures

    canvas = Image.new("RGB", (640, 480), (70, 90, 120))
    canvas.paste(fixtures.drawn_face(160), (100, 100))
    canvas.paste(fixtures.drawn_face(160), (380, 100))
    return fixtures.png(canvas)


def test_faces_in_a_photo_are_flagged_with_the_clause_and_the_photo_is_not_kept(
    personas, sign_in, tmp_path, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from schoolgate.compliance.models import SavedCheck

    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("beach.png", _photo_with_faces(), content_type="image/png")
    response = sign_in(personas.teacher).post(
        reverse("compliance:selfcheck"), {"post": "Lovely day", "photo": upload}
    )
    page = response.content.decode()
    assert "2 faces: children&#x27;s faces may appear" in page
    assert "shire &quot;Staff guidance for personal use&quot;" in page
    assert not SavedCheck.objects.exists()
    assert not any(tmp_path.iterdir())


def test_a_file_that_is_not_a_photo_is_refused(personas, sign_in):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("notes.png", b"not a photo", content_type="image/png")
    response = sign_in(personas.teacher).post(reverse("compliance:selfcheck"), {"photo": upload})
    assert response.status_code == 200
    assert "field-error" in response.content.decode()


def test_a_check_is_saved_only_when_asked_and_only_its_person_sees_it(personas, sign_in):
    from schoolgate.compliance.models import SavedCheck

    client = sign_in(personas.teacher)
    client.post(reverse("compliance:selfcheck"), {"post": "Amara's first goal!"})
    assert not SavedCheck.objects.exists()
    PupilFactory(school=personas.school, first_name="Amara", surname="Bramblecott")
    client.post(reverse("compliance:selfcheck"), {"post": "Amara's first goal!", "save": "on"})
    saved = SavedCheck.objects.get()
    assert saved.user == personas.teacher and saved.post == "Amara's first goal!"
    assert any("names a pupil" in f["reason"] for f in saved.findings)
    assert "Amara&#x27;s first goal!" in client.get(reverse("compliance:selfcheck")).text
    other = sign_in(personas.office).get(reverse("compliance:selfcheck")).content.decode()
    assert "Amara" not in other
    # The audit says a check was saved, never what it said.
    entry = AuditEntry.objects.get(event="compliance.selfcheck_saved")
    assert "Amara" not in str(entry.extra) + entry.subject_label


def test_only_its_person_deletes_a_saved_check(personas, sign_in):
    from schoolgate.compliance.models import SavedCheck

    saved = SavedCheck.objects.create(
        user=personas.teacher, school=personas.school, post="Mine", findings=[]
    )
    url = reverse("compliance:selfcheck_delete", kwargs={"pk": saved.pk})
    assert sign_in(personas.head).post(url).status_code == 404
    assert sign_in(personas.teacher).post(url).status_code == 302
    assert not SavedCheck.objects.exists()
