"""The photo pages: upload, progress, tagging faces, blurring, removing."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.selectors import MATCHES, SUGGESTED
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing.models import Post

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher(personas, sign_in):
    return sign_in(personas.teacher)


def test_the_live_check_panel_reports_the_saved_drafts_photos(teacher, post, channels, uploaded):
    uploaded(upload(group_photo()))
    draft = {"title": post.title, "body": "Class 4B visited.", "channels": [channels["blog"].pk]}
    without = teacher.post(reverse("publishing:check"), draft, **HX).content.decode()
    assert "nobody has accounted for" not in without
    response = teacher.post(reverse("publishing:check"), {**draft, "post": post.pk}, **HX)
    assert response.status_code == 200
    assert "Photo 1 has 3 faces nobody has accounted for" in response.content.decode()


def test_the_check_panel_will_not_read_another_persons_draft(personas, sign_in, post, channels):
    office = sign_in(personas.office)
    data = {"title": "x", "body": "y", "channels": [channels["blog"].pk], "post": post.pk}
    assert office.post(reverse("publishing:check"), data, **HX).status_code in (403, 404)


@pytest.fixture
def ready(post, personas):
    """A checked photo in the draft with three faces nobody has accounted for yet."""
    return checked_photo(post, personas)


def checked_photo(post, personas, name="farm.jpg", faces=3):
    photo = Photo(
        school=post.school, post=post, uploader=personas.teacher, original_name=name,
        status="ready", width=1200, height=800, device="registered",
    )  # fmt: skip
    for field in (photo.original, photo.preview, photo.rendition):
        field.save("x.jpg", ContentFile(group_photo()), save=False)
    photo.save()
    for n in range(faces):
        Face.objects.create(photo=photo, x=100 + 300 * n, y=200, w=200, h=200, score=0.9)
    return photo


def page(client, post):
    return client.get(reverse("photos:post", args=[post.pk])).content.decode()


def test_a_file_that_is_not_a_photo_is_refused_with_its_reason_and_the_rest_go_on(
    teacher, post, django_capture_on_commit_callbacks
):
    files = [upload(group_photo(), "farm.jpg"), upload(b"%PDF-1.4 a letter", "letter.pdf")]
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(reverse("photos:upload", args=[post.pk]), {"photos": files})
    assert response.status_code == 302
    html = page(teacher, post)
    assert "2 photo(s) received. 1 refused: see the reasons below." in html
    assert "Refused: This file is not a photo Schoolgate accepts: use JPEG, PNG or HEIC." in html
    assert Photo.objects.get(original_name="farm.jpg").status == "ready"
    assert "Face 3: Unsure</strong>. Nobody has said who this is" in html


def test_a_face_is_tagged_to_a_pupil_found_by_search(teacher, post, ready, personas):
    PupilFactory(school=personas.school, first_name="Amy", surname="Fairbrook", class_name="4B")
    face = ready.faces.order_by("x").first()
    found = teacher.get(reverse("photos:pupil_search", args=[face.pk]), {"q": "fair"}, **HX)
    html = found.content.decode()
    amy = Pupil.objects.get(first_name="Amy")
    assert f'<label for="pupil-{face.pk}-{amy.pk}">Amy Fairbrook (4B)</label>' in html
    assert "1 pupil match “fair”." in html
    response = teacher.post(
        reverse("photos:face", args=[face.pk]), {"accounting": "pupil", "pupil": amy.pk}, **HX
    )
    assert f'<li id="face-{face.pk}">' in response.content.decode()
    assert "Pupil — Amy Fairbrook" in response.content.decode()
    face.refresh_from_db()
    assert face.pupil == amy and face.accounted_by == personas.teacher


def test_the_pupil_picker_stays_small_in_a_school_of_two_thousand(teacher, post, ready, personas):
    Pupil.objects.bulk_create(
        PupilFactory.build(
            school=personas.school,
            first_name=f"Pupil{n}",
            surname="Bramblecott",
            class_name=f"{n % 7}{'ABCDEFGHIJ'[n % 10]}",
        )  # fmt: skip
        for n in range(2000)
    )
    html = page(teacher, post)
    assert html.count('type="radio" name="pupil"') <= 3 * SUGGESTED
    assert len(html) < 60_000
    face = ready.faces.first()
    found = teacher.get(reverse("photos:pupil_search", args=[face.pk]), {"q": "bramble"}, **HX)
    assert found.content.decode().count('type="radio"') == MATCHES
    assert "type more of the name" in found.content.decode()
    one = teacher.get(reverse("photos:pupil_search", args=[face.pk]), {"q": "pupil1234"}, **HX)
    assert one.content.decode().count('type="radio"') == 1


def test_blur_everyone_without_consent_blurs_every_unaccounted_face(
    teacher, post, ready, django_capture_on_commit_callbacks
):
    url = reverse("photos:blur_without_consent", args=[post.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(url, **HX)
    assert "3 face(s) blurred." in response.content.decode()
    assert set(ready.faces.values_list("accounting", flat=True)) == {"blur"}
    ready.refresh_from_db()
    assert len(ready.rendered_blur) == 3  # the public copy was rendered again


def test_polling_sends_only_the_progress_and_badges_then_asks_for_the_section_once(
    teacher, post, ready, personas
):
    waiting = Photo.objects.create(
        school=post.school, post=post, uploader=personas.teacher, original_name="b.jpg"
    )
    Photo.objects.filter(pk=waiting.pk).update(updated_at=timezone.now())
    url = reverse("photos:progress", args=[post.pk])
    html = teacher.get(url, **HX).content.decode()
    assert "Checking photos: 1 of 2 done" in html
    assert 'hx-trigger="every 2s"' in html
    assert f'id="photo-status-{waiting.pk}" hx-swap-oob="true"' in html
    assert "Tag pupil" not in html and "face-box" not in html  # no face form is redrawn
    Photo.objects.filter(pk=waiting.pk).update(status="refused", refused_reason="Not a photo.")
    html = teacher.get(url, **HX).content.decode()
    assert 'hx-trigger="load"' in html and "every 2s" not in html
    assert reverse("photos:post", args=[post.pk]) in html
    assert "Refused: Not a photo." in html


def test_removing_a_photo_deletes_its_files_and_is_audited(
    teacher, post, ready, django_capture_on_commit_callbacks
):
    store = ready.original.storage
    names = [ready.original.name, ready.preview.name, ready.rendition.name]
    assert all(store.exists(n) for n in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = teacher.post(reverse("photos:remove", args=[ready.pk]), **HX)
    assert "Removed farm.jpg; its files are deleted." in response.content.decode()
    assert not Photo.objects.filter(pk=ready.pk).exists()
    assert not any(store.exists(n) for n in names)
    entry = AuditEntry.objects.filter(event="photos.removed").get()
    assert entry.subject_label == "farm.jpg" and entry.extra["faces"] == 3


def test_a_photo_of_a_published_post_is_not_removed_here(teacher, post, ready):
    Post.objects.filter(pk=post.pk).update(status="published", published_at=timezone.now())
    teacher.post(reverse("photos:remove", args=[ready.pk]))
    assert Photo.objects.filter(pk=ready.pk).exists()
    assert "Photos are removed while the post is a draft." in page(teacher, post)


def test_the_author_describes_a_photo_from_the_photo_section(teacher, post, ready):
    assert 'aria-invalid="true"' in page(teacher, post)  # no alt text yet
    url = reverse("photos:describe", args=[ready.pk])
    data = {"alt_text": "Children   feeding a lamb", "caption": "Lambing time"}
    html = teacher.post(url, data, **HX).content.decode()
    assert "Saved the description of farm.jpg" in html
    assert "Children feeding a lamb</textarea>" in html
    ready.refresh_from_db()
    assert (ready.alt_text, ready.caption) == ("Children feeding a lamb", "Lambing time")
    too_long = teacher.post(url, {"alt_text": "x" * 251, "caption": ""}, **HX).content.decode()
    assert "at most 250 characters" in too_long


def test_colleagues_are_listed_by_the_name_pupils_use_and_namesakes_by_first_name(
    teacher, post, ready, personas
):
    from schoolgate.people.tests.factories import StaffFactory

    for first in ("Tom", "Ruth"):
        StaffFactory(school=personas.school, title="Mr", first_name=first, surname="Ashcombe")
    StaffFactory(school=personas.school, title="Mrs", first_name="Ana", surname="Okafor")
    html = page(teacher, post)
    assert "Mr Ashcombe Ashcombe" not in html
    assert ">Mr Ashcombe (Tom)</option>" in html and ">Mr Ashcombe (Ruth)</option>" in html
    assert ">Mrs Okafor</option>" in html


def test_each_face_box_says_its_state_in_colour_and_words(teacher, post, ready, personas):
    from schoolgate.consent.tests.factories import PhotoConsentFactory

    today = timezone.localdate()
    kemi = PupilFactory(school=personas.school, first_name="Kemi", surname="Adeyemi")
    amy = PupilFactory(school=personas.school, first_name="Amy", surname="Fairbrook")
    PhotoConsentFactory(pupil=kemi, use="blog", answer="refused", given_on=today)
    PhotoConsentFactory(pupil=amy, use="blog", given_on=today)
    refused, consented, _ = ready.faces.order_by("x")
    Face.objects.filter(pk=refused.pk).update(accounting="pupil", pupil=kemi)
    Face.objects.filter(pk=consented.pk).update(accounting="pupil", pupil=amy)
    html = page(teacher, post)
    boxes = re.findall(r'<a class="face-box ([a-z ]+)"[^>]*aria-label="([^"]+)"', html)
    assert [kind for kind, _ in boxes] == ["blocked", "ok", "unsure"]
    assert boxes[0][1].startswith("Face 1: No consent. A parent refused consent for")
    assert boxes[1][1].startswith("Face 2: Accounted for.")
    assert boxes[2][1].startswith("Face 3: Unsure.")
    assert "Face 1: No consent</strong> · Pupil — Kemi Adeyemi. A parent refused consent" in html


def test_faces_are_numbered_in_reading_order_on_the_photo_and_in_the_list(teacher, post, ready):
    # Two rows, like a class photo: at the back three children whose heads
    # are not level, at the front two. Face 1 is the back row's leftmost.
    ready.faces.all().delete()
    layout = {
        "back right": (900, 100), "back left": (100, 130), "back middle": (500, 90),
        "front left": (300, 450), "front right": (700, 470),
    }  # fmt: skip
    ids = {
        Face.objects.create(photo=ready, x=x, y=y, w=150, h=150, score=0.9).pk: where
        for where, (x, y) in layout.items()
    }
    html = page(teacher, post)
    on_photo = re.findall(r'href="#face-(\d+)"[^>]*aria-label="Face (\d+):', html)
    item = r'<li id="face-(\d+)">\s*<p class="face-state \w+"><strong>Face (\d+)'
    listed = re.findall(item, html)
    reading = ["back left", "back middle", "back right", "front left", "front right"]
    expected = [(where, str(n)) for n, where in enumerate(reading, start=1)]
    assert [(ids[int(pk)], n) for pk, n in on_photo] == expected
    assert [(ids[int(pk)], n) for pk, n in listed] == expected
