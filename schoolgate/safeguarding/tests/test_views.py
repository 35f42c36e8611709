"""Safeguarding pages: raising a concern, audited views, the LADO gate, evidence."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.tests.factories import PNG, make_evidence, make_record, staff_for


def _form(pupil, **extra):  # type: ignore[no-untyped-def]
    return {
        "reporter_role": "Anna Price, Year 4 teacher",
        "happened_at": "2026-01-12T10:30",
        "place": "Class group chat",
        "pupils": [pupil.pk],
        "account": "Three pupils shared edited photos of her.",
        "child_words": "They keep posting about me.",
        "urgency": "routine",
        "reported_by": "The pupil herself",
        "police_choice": "undecided",
        **extra,
    }


def test_a_teacher_records_cyberbullying_with_a_screenshot(personas, sign_in):
    pupil = PupilFactory(school=personas.school)
    shot = SimpleUploadedFile("shot.png", PNG, content_type="image/png")
    response = sign_in(personas.teacher).post(
        reverse("safeguarding:record_create", args=["cyberbullying"]),
        _form(pupil, evidence=shot),
    )
    record = Record.objects.get()
    assert response.status_code == 302
    assert (record.reporter, record.kind) == (personas.teacher, "cyberbullying")
    assert record.evidence.get().sha256
    assert list(record.pupils.all()) == [pupil]


def test_an_urgent_concern_without_the_dsl_told_is_sent_back(personas, sign_in):
    pupil = PupilFactory(school=personas.school)
    response = sign_in(personas.teacher).post(
        reverse("safeguarding:record_create", args=["cyberbullying"]),
        _form(pupil, urgency="urgent"),
    )
    assert response.status_code == 200
    assert "told to the safeguarding lead in person" in response.content.decode()
    assert not Record.objects.exists()


def test_the_indecent_images_screen_guides_and_asks_for_no_file(personas, sign_in):
    response = sign_in(personas.teacher).get(
        reverse("safeguarding:record_create", args=["indecent_images"])
    )
    page = response.content.decode()
    assert "Do not open, copy, forward" in page
    assert 'type="file"' not in page
    assert "I have told the police" in page


def test_a_teacher_may_not_record_a_lado_disclosure_in_shire_and_is_told_why(personas, sign_in):
    response = sign_in(personas.teacher).get(
        reverse("safeguarding:record_create", args=["adult_disclosure"])
    )
    assert response.status_code == 403
    assert "Child Protection Guidance" in response.content.decode()


def test_every_view_of_a_record_is_audited(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    client = sign_in(personas.dsl)
    for _ in range(2):
        assert client.get(reverse("safeguarding:record", args=[record.pk])).status_code == 200
    views = AuditEntry.objects.filter(event="record.viewed", subject_id=str(record.pk))
    assert [v.actor for v in views] == [personas.dsl, personas.dsl]


def test_a_refused_view_is_a_plain_404_naming_nobody(personas, sign_in):
    record = make_record(personas.school, personas.office)
    response = sign_in(personas.teacher).get(reverse("safeguarding:record", args=[record.pk]))
    assert response.status_code == 404
    pupil = str(record.pupils.first())
    assert pupil not in response.content.decode()
    assert not AuditEntry.objects.filter(event="record.viewed").exists()


def test_the_lado_gate_is_shown_with_its_reason_and_source(personas, sign_in):
    subject = staff_for(personas.teacher, personas.school)
    record = make_record(
        personas.school, personas.head, kind=Kind.ADULT_DISCLOSURE, staff=[subject]
    )
    response = sign_in(personas.head).post(
        reverse("safeguarding:record_step", args=[record.pk]), {"code": "action", "note": ""}
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "No action is taken before the LADO has advised" in page
    assert "Child Protection Guidance" in page


def test_the_writer_sees_their_account_but_not_the_steps(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    page = sign_in(personas.teacher).get(reverse("safeguarding:record", args=[record.pk]))
    assert "Messages were shared" in page.content.decode()
    assert "Routed to" not in page.content.decode()


def test_evidence_is_streamed_as_an_uncached_download(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    item = make_evidence(record, personas.teacher)
    response = sign_in(personas.dsl).get(reverse("safeguarding:evidence", args=[item.pk]))
    assert response.content == PNG
    assert response["Content-Disposition"].startswith("attachment")
    assert "no-store" in response["Cache-Control"]


def test_a_refused_upload_type_is_explained(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    bad = SimpleUploadedFile("run.exe", b"MZ\x90\x00binary", content_type="image/png")
    response = sign_in(personas.dsl).post(
        reverse("safeguarding:evidence_add", args=[record.pk]), {"file": bad}
    )
    assert response.status_code == 400
    assert "can be kept as evidence" in response.content.decode()


def test_the_pupil_chronology_shows_only_records_the_viewer_may_read(personas, sign_in):
    pupil = PupilFactory(school=personas.school)
    mine = make_record(personas.school, personas.teacher, pupils=[pupil])
    other = make_record(personas.school, personas.office, pupils=[pupil])
    page = sign_in(personas.teacher).get(reverse("safeguarding:pupil_chronology", args=[pupil.pk]))
    body = page.content.decode()
    assert f"/safeguarding/records/{mine.pk}/" in body
    assert f"/safeguarding/records/{other.pk}/" not in body


def test_the_record_list_reads_in_a_bounded_number_of_queries(
    personas, sign_in, django_assert_max_num_queries
):
    for _ in range(6):
        make_record(personas.school, personas.office)
    client = sign_in(personas.dsl)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("safeguarding:records"))
    assert response.content.decode().count("/safeguarding/records/") == 6


def test_a_record_page_shown_again_with_an_error_is_audited_too(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    response = sign_in(personas.dsl).post(
        reverse("safeguarding:task_add", args=[record.pk]), {"title": ""}
    )
    assert response.status_code == 400
    assert AuditEntry.objects.filter(
        event="record.viewed", subject_id=str(record.pk), actor=personas.dsl
    ).exists()


def test_the_routing_names_roles_as_people_read_them(personas, sign_in):
    record = make_record(personas.school, personas.teacher)
    page = sign_in(personas.dsl).get(reverse("safeguarding:record", args=[record.pk]))
    html = page.content.decode()
    assert '<span class="tag">Designated safeguarding lead</span>' in html
    assert '<span class="tag">dsl</span>' not in html


def test_a_new_record_starts_with_the_writers_name_and_role(personas, sign_in):
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    html = sign_in(personas.teacher).get(url).content.decode()
    assert f'value="{personas.teacher}, Class teacher"' in html
    member = staff_for(personas.teacher, personas.school)
    member.job_title = "Year 4 class teacher"
    member.save()
    html = sign_in(personas.teacher).get(url).content.decode()
    assert f'value="{personas.teacher}, Year 4 class teacher"' in html


def test_the_signed_in_dsl_is_not_asked_their_name_or_whether_they_told_the_dsl(personas, sign_in):
    # Issue 17 item 12: Schoolgate knows who is signed in.
    pupil = PupilFactory(school=personas.school)
    client = sign_in(personas.dsl)
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    page = client.get(url).content.decode()
    assert 'name="reporter_role"' not in page
    assert 'name="told_dsl_in_person"' not in page
    assert "as the safeguarding lead" in page
    form = _form(pupil, urgency="urgent")
    del form["reporter_role"]
    response = client.post(url, form)
    assert response.status_code == 302
    record = Record.objects.get()
    assert record.told_dsl_in_person
    assert str(personas.dsl) in record.reporter_role


def test_a_teacher_is_still_asked_both(personas, sign_in):
    page = sign_in(personas.teacher).get(
        reverse("safeguarding:record_create", args=["cyberbullying"])
    )
    assert 'name="reporter_role"' in page.content.decode()
    assert 'name="told_dsl_in_person"' in page.content.decode()


def test_the_evidence_file_is_asked_for_below_the_note_that_says_attach_them_below(
    personas, sign_in
):
    page = (
        sign_in(personas.teacher)
        .get(reverse("safeguarding:record_create", args=["cyberbullying"]))
        .content.decode()
    )
    assert "Attach them below." in page
    assert page.index('name="evidence_described"') < page.index('name="evidence"')


def test_two_pupils_of_the_same_name_are_told_apart_in_the_picker(personas, sign_in):
    for mis_id, class_name in (("4012", "Oak"), ("4077", "Beech")):
        PupilFactory(
            school=personas.school,
            first_name="Jacob",
            surname="Tumbleton",
            mis_id=mis_id,
            class_name=class_name,
        )
    PupilFactory(school=personas.school, first_name="Ada", surname="Okafor", class_name="Oak")
    page = (
        sign_in(personas.teacher)
        .get(reverse("safeguarding:record_create", args=["cyberbullying"]))
        .content.decode()
    )
    assert "Jacob Tumbleton (Oak, MIS 4012)" in page
    assert "Jacob Tumbleton (Beech, MIS 4077)" in page
    assert "Ada Okafor (Oak)" in page
