"""The consent pages: register, pupil page, record, sheet, export, import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.consent.models import Answer, PhotoConsent
from schoolgate.consent.tests.conftest import make_family
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.models import Pupil

pytestmark = pytest.mark.django_db


def consent_all(pupil, answer=Answer.GIVEN):  # type: ignore[no-untyped-def]
    for use in ("blog", "social", "press", "website"):
        PhotoConsentFactory(pupil=pupil, use=use, answer=answer)


@pytest.fixture
def classroom(personas):  # type: ignore[no-untyped-def]
    """Ava consents to all, Ben's parents refused social media, Cal has no answer."""
    ava = make_family(personas.school, "Ava", "Oak")
    ben = make_family(personas.school, "Ben", "Oak")
    cal = make_family(personas.school, "Cal", "Ash")
    Pupil.objects.filter(pk=ava.pupil.pk).update(surname="Quillfeather")
    Pupil.objects.filter(pk=ben.pupil.pk).update(surname="Bramblecott")
    Pupil.objects.filter(pk=cal.pupil.pk).update(surname="Thistlewood")
    consent_all(ava.pupil)
    consent_all(ben.pupil)
    PhotoConsentFactory(pupil=ben.pupil, parent=ben.father, use="social", answer=Answer.REFUSED)
    return ava, ben, cal


def test_the_register_shows_each_pupils_state_per_use(sign_in, personas, classroom):
    response = sign_in(personas.office).get(reverse("consent:register"))
    text = response.content.decode()
    assert "Ava Quillfeather" in text and "Cal Thistlewood" in text
    assert "Refused" in text and "No answer" in text


def test_on_a_phone_the_register_lists_only_the_uses_not_allowed_until_asked(
    sign_in, personas, classroom
):
    client = sign_in(personas.office)
    text = client.get(reverse("consent:register"), {"class_name": "Oak"}).content.decode()
    # Ava may appear everywhere: her card says so in one line; Ben's card
    # keeps his refused use and folds away the four allowed ones.
    assert text.count('class="settled"') == 4 + 3
    assert "✓ Every use allowed" in text
    assert '<table class="consent-register">' in text
    assert '<a href="?class_name=Oak&amp;show=all">Show every use</a>' in text
    every = client.get(reverse("consent:register"), {"class_name": "Oak", "show": "all"})
    assert '<table class="consent-register every-use">' in every.content.decode()
    assert '<a href="?class_name=Oak">Show only what is not allowed</a>' in every.content.decode()
    assert every.context["filtered"] is True and len(every.context["object_list"]) == 2


def test_the_register_filters_by_state_and_use(sign_in, personas, classroom):
    client = sign_in(personas.office)
    response = client.get(reverse("consent:register"), {"use": "social", "state": "refused"})
    names = [row.pupil.first_name for row in response.context["object_list"]]
    assert names == ["Ben"]
    response = client.get(
        reverse("consent:register"), {"state": "not_allowed", "class_name": "Ash"}
    )
    assert [row.pupil.first_name for row in response.context["object_list"]] == ["Cal"]


def test_the_register_page_takes_a_bounded_number_of_queries(
    sign_in, personas, classroom, django_assert_max_num_queries
):
    for i in range(30):
        consent_all(make_family(personas.school, f"Kid{i}").pupil)
    client = sign_in(personas.office)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("consent:register"))
    assert response.status_code == 200


def test_the_office_records_an_answer_from_the_pupils_page(sign_in, personas, classroom):
    _, _, cal = classroom
    client = sign_in(personas.office)
    page = client.get(reverse("consent:pupil", args=[cal.pupil.pk]))
    assert page.status_code == 200
    assert AuditEntry.objects.filter(event="record.viewed").exists()
    response = client.post(
        reverse("consent:record", args=[cal.pupil.pk]),
        {
            "uses": ["blog", "website"],
            "answer": "given",
            "parent": str(cal.mother.pk),
            "method": "online",
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    rows = PhotoConsent.objects.filter(pupil=cal.pupil)
    assert sorted(r.use for r in rows) == ["blog", "website"]
    assert {r.recorded_by for r in rows} == {personas.office}
    assert {r.parent for r in rows} == {cal.mother}


def test_a_refused_answer_shows_the_reason_on_the_page(sign_in, personas, classroom):
    _, _, cal = classroom
    response = sign_in(personas.office).post(
        reverse("consent:record", args=[cal.pupil.pk]),
        {"uses": ["blog"], "answer": "given", "method": "in_person", "given_on": "2025-09-03"},
    )
    assert response.status_code == 400
    assert "in writing" in response.content.decode()
    assert not PhotoConsent.objects.filter(pupil=cal.pupil).exists()


def test_a_teacher_sees_a_pupils_answers_but_no_form(sign_in, personas, classroom):
    ava, _, _ = classroom
    response = sign_in(personas.teacher).get(reverse("consent:pupil", args=[ava.pupil.pk]))
    assert response.status_code == 200
    assert response.context["form"] is None


def test_a_pupil_of_another_school_is_not_found(sign_in, personas):
    elsewhere = make_family(personas.other_school).pupil
    response = sign_in(personas.head).get(reverse("consent:pupil", args=[elsewhere.pk]))
    assert response.status_code == 404


def test_the_do_not_post_page_lists_first_names_and_uses_but_no_surnames_or_reasons(
    sign_in, personas, classroom
):
    response = sign_in(personas.teacher).get(reverse("consent:do_not_post"))
    text = response.content.decode()
    assert [r.name for r in response.context["rows"]] == ["Cal", "Ben"]
    assert "Do not photograph for any use" in text
    assert "social media" in text
    for secret in ("Thistlewood", "Bramblecott", "Refused", "No answer"):
        assert secret not in text
    assert "Ava" not in text


def test_the_do_not_post_pdf_renders_and_is_audited(sign_in, personas, classroom):
    response = sign_in(personas.office).get(reverse("consent:do_not_post_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(event="consent.do_not_post_printed")
    assert entry.extra == {"pupils": 2}


def sheet(client, **params):  # type: ignore[no-untyped-def]
    return client.get(reverse("consent:do_not_post"), params)


def test_choosing_a_class_shows_only_that_class_on_the_do_not_post_page(
    sign_in, personas, classroom
):
    response = sheet(sign_in(personas.teacher), class_name="Oak")
    assert [(r.class_name, r.name) for r in response.context["rows"]] == [("Oak", "Ben")]
    assert "1 pupil in Oak whose photo" in response.text
    assert '<option value="Ash">Ash</option>' in response.text
    assert '<label for="id_class_name">Class</label>' in response.text


def test_a_name_on_the_do_not_post_page_finds_the_child_told_apart_by_initial(
    sign_in, personas, classroom
):
    from schoolgate.people.tests.factories import PupilFactory

    PupilFactory(school=personas.school, first_name="Sam", surname="Brook", class_name="Ash")
    PupilFactory(school=personas.school, first_name="Sam", surname="Marsh", class_name="Ash")
    response = sheet(sign_in(personas.teacher), q="sam brook")
    assert [r.name for r in response.context["rows"]] == ["Sam B."]
    assert "Marsh" not in response.text


def test_a_name_nobody_on_roll_has_is_not_read_as_consent(sign_in, personas, classroom):
    client = sign_in(personas.teacher)
    typo = sheet(client, q="Avva")
    allowed = sheet(client, q="Ava")
    assert "No pupil on roll matches “Avva”" in typo.text
    assert "has consent for every use" not in typo.text
    assert "Every pupil matching “Ava” has consent for every use." in allowed.text


def test_the_do_not_post_page_is_paged_but_the_pdf_prints_everyone(sign_in, personas):
    from schoolgate.people.tests.factories import PupilFactory

    PupilFactory.create_batch(55, school=personas.school, class_name="Elm")
    PupilFactory(school=personas.school, class_name="Yew")
    client = sign_in(personas.office)
    first, second = sheet(client), sheet(client, page=2)
    assert len(first.context["rows"]) == 50
    assert [r.class_name for r in second.context["rows"]] == ["Elm"] * 5 + ["Yew"]
    assert "56 pupils whose photo" in first.text
    assert 'href="?page=2"' in first.text
    elm = sheet(client, class_name="Elm", page=2)
    assert len(elm.context["rows"]) == 5
    assert 'href="?class_name=Elm&amp;page=1"' in elm.text
    client.get(reverse("consent:do_not_post_pdf"))
    entry = AuditEntry.objects.get(event="consent.do_not_post_printed")
    assert entry.extra == {"pupils": 56}


def test_the_export_is_a_csv_of_the_register_and_audited(sign_in, personas, classroom):
    response = sign_in(personas.office).get(reverse("consent:export"), {"class_name": "Oak"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("MIS ID,First name,Surname,Class,School blog,School blog: expires")
    assert len(lines) == 3
    assert AuditEntry.objects.get(event="consent.exported").extra["rows"] == 2


def test_the_import_page_lists_refused_lines(sign_in, personas, classroom):
    _, _, cal = classroom
    text = f"Pupil MIS ID,Uses,Answer,Date\n{cal.pupil.mis_id},all,yes,2025-09-03\nX,all,yes,bad\n"
    upload = SimpleUploadedFile("forms.csv", text.encode(), content_type="text/csv")
    response = sign_in(personas.office).post(reverse("consent:import"), {"file": upload})
    report = response.context["report"]
    assert (report.created, [e["line"] for e in report.errors]) == (1, [3])
    assert "Lines refused" in response.content.decode()


def test_renewals_show_lapsing_consent_at_a_yearly_renewal_school(sign_in, personas):
    pupil = make_family(personas.other_school, "Dot").pupil
    PhotoConsentFactory(pupil=pupil, given_on=timezone.localdate() - dt.timedelta(days=360))
    response = sign_in(personas.outsider).get(reverse("consent:renewals"))
    assert [r.pupil for r in response.context["renewals"]] == [pupil]


def test_staff_permission_is_recorded_from_the_staff_page(sign_in, personas):
    from schoolgate.people.tests.factories import StaffFactory

    staff = StaffFactory(school=personas.school)
    client = sign_in(personas.hr)
    response = client.post(
        reverse("consent:staff_record", args=[staff.pk]),
        {"answer": "refused", "method": "email", "given_on": "2025-09-03"},
    )
    assert response.status_code == 302
    page = client.get(reverse("consent:staff"))
    assert "refused permission" in page.content.decode()


def test_a_teacher_agrees_to_photos_of_themselves_and_can_change_their_mind(sign_in, personas):
    from schoolgate.consent.selectors import staff_photo_permission
    from schoolgate.people.tests.factories import StaffFactory

    me = StaffFactory(school=personas.school, user=personas.teacher)
    client = sign_in(personas.teacher)
    assert client.get(reverse("consent:own_permission")).context["staff"] == me
    client.post(reverse("consent:own_permission"), {"answer": "given"})
    assert staff_photo_permission(me).allowed is True
    client.post(reverse("consent:own_permission"), {"answer": "withdrawn"})
    answer = staff_photo_permission(me)
    assert (answer.allowed, answer.evidence[0].recorded_by) == (False, personas.teacher)


def test_rendering_a_pdf_leaves_pillow_refusing_truncated_images(monkeypatch):
    import sys

    from PIL import ImageFile

    from schoolgate.core.pdf import html_to_pdf

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    # A fresh import of WeasyPrint is what flips the flag; the originals come back after.
    for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
        monkeypatch.delitem(sys.modules, name)
    assert html_to_pdf("<p>Ava</p>", base_url="/").startswith(b"%PDF")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
