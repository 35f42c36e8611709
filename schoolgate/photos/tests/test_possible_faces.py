"""Possible faces: the detector unsure asks the person instead of dropping the face."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.checks.photos import FaceBox
from schoolgate.photos import services
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.selectors import blur_boxes
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.photos.tests.test_views import HX, checked_photo, page
from schoolgate.publishing.selectors import check_post

SURE = FaceBox(150, 200, 200, 200, 0.95)
UNSURE = FaceBox(850, 200, 200, 200, 0.35, possible=True)


@pytest.fixture
def teacher(personas, sign_in):
    return sign_in(personas.teacher)


@pytest.fixture
def unsure(post, personas):
    """A checked photo with two faces and one possible face, none accounted for."""
    photo = checked_photo(post, personas, faces=3)
    possible = photo.faces.order_by("x").last()
    possible.kind, possible.score = Face.Kind.POSSIBLE, 0.35
    possible.save()
    return photo, possible


def unaccounted(post) -> list[str]:
    return [f.reason for f in check_post(post).findings if "nobody has accounted" in f.reason]


def test_the_detectors_unsure_faces_are_kept_as_possible_faces(uploaded, monkeypatch):
    from schoolgate.checks.photos import analysis

    monkeypatch.setattr(analysis, "detect_faces", lambda image, **options: (SURE, UNSURE))
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    kinds = sorted(photo.faces.values_list("kind", "accounting", "score"))
    assert kinds == [("face", "unaccounted", 0.95), ("possible", "unaccounted", 0.35)]
    entry = AuditEntry.objects.filter(event="photos.analysed").latest("seq")
    assert (entry.extra["faces"], entry.extra["possible_faces"]) == (1, 1)


def test_a_possible_face_blocks_publishing_until_someone_accounts_for_it(unsure, post):
    _, possible = unsure
    assert unaccounted(post) == [
        "Photo 1 has 3 faces nobody has accounted for: tag each to a pupil or colleague, "
        "mark a visitor, or blur it"
    ]
    for face in Face.objects.exclude(pk=possible.pk):
        services.face_account(face=face, accounting="blur", actor=post.author)
    assert len(unaccounted(post)) == 1  # the possible face still counts


def test_not_a_face_accounts_for_a_possible_face_and_the_audit_says_who(
    unsure, post, personas, django_capture_on_commit_callbacks
):
    photo, possible = unsure
    with django_capture_on_commit_callbacks(execute=True):
        services.face_account(face=possible, accounting="not_face", actor=personas.teacher)
    possible.refresh_from_db()
    assert (possible.accounting, possible.accounted_by) == ("not_face", personas.teacher)
    entry = AuditEntry.objects.filter(event="photos.face_accounted").latest("seq")
    assert entry.actor == personas.teacher
    assert (entry.extra["face"], entry.extra["kind"], entry.extra["as"]) == (
        possible.pk,
        "possible",
        "not_face",
    )
    assert possible.box not in blur_boxes(photo)  # nothing to blur where nobody is
    assert "2 faces nobody has accounted for" in unaccounted(post)[0]


def test_a_face_the_detector_was_sure_of_cannot_be_waved_away(unsure, personas):
    photo, _ = unsure
    sure = photo.faces.filter(kind="face").first()
    with pytest.raises(ValidationError, match="Only a possible face"):
        services.face_account(face=sure, accounting="not_face", actor=personas.teacher)
    sure.refresh_from_db()
    assert sure.accounting == "unaccounted"


def test_blur_everyone_without_consent_blurs_possible_faces_not_those_marked_not_a_face(
    teacher, post, personas, django_capture_on_commit_callbacks
):
    photo = checked_photo(post, personas, faces=3)
    first, second, third = photo.faces.order_by("x")
    Face.objects.filter(pk__in=[second.pk, third.pk]).update(kind="possible")
    third.refresh_from_db()
    services.face_account(face=third, accounting="not_face", actor=personas.teacher)
    url = reverse("photos:blur_without_consent", args=[post.pk])
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(url, **HX)
    accounting = dict(photo.faces.values_list("pk", "accounting"))
    assert accounting == {first.pk: "blur", second.pk: "blur", third.pk: "not_face"}
    photo.refresh_from_db()
    assert photo.rendered_blur == [first.box, second.box]


def test_the_photo_page_says_possible_face_and_offers_not_a_face_only_there(teacher, unsure, post):
    photo, possible = unsure
    html = page(teacher, post)
    assert "2 face(s), 1 possible face(s) to check" in html
    assert html.count('value="not_face"') == 1
    assert "<strong>Face 3: Possible face</strong>" in html
    assert "not sure this is a face" in html
    assert 'class="face-box unsure possible"' in html
    assert 'aria-label="Face 3: Possible face.' in html  # the box says what it is
    assert '3<span class="face-word"> Possible face</span>' in html  # in words where there is room
    response = teacher.post(
        reverse("photos:face", args=[possible.pk]), {"accounting": "not_face"}, **HX
    )
    html = response.content.decode()
    assert "<strong>Face 3: Not a face</strong>" in html
    assert 'class="face-box ok not-face"' in html
    assert 'aria-label="Face 3: Not a face.' in html
    assert 'value="not_face"' not in html
