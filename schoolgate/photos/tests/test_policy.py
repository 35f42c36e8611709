"""Photos in the publishing decision: faces, consent, devices, withdrawal."""

import io

import numpy as np
import pytest
from django.utils import timezone
from PIL import Image

from schoolgate.checks.photos.tests import fixtures
from schoolgate.consent.services import consent_withdraw
from schoolgate.consent.tests.factories import PhotoConsentFactory, StaffPhotoPermissionFactory
from schoolgate.devices.models import Device
from schoolgate.people.tests.factories import PupilFactory, StaffFactory
from schoolgate.photos import services
from schoolgate.photos.models import Photo
from schoolgate.photos.selectors import photos_showing
from schoolgate.photos.tests.factories import group_photo, upload
from schoolgate.publishing.models import Post
from schoolgate.publishing.selectors import check_post


@pytest.fixture
def school_camera(personas):
    return Device.objects.create(
        school=personas.school, name="Class camera", kind="camera", make="Canon",
        model="EOS R6", serial=fixtures.SERIAL,
    )  # fmt: skip


@pytest.fixture
def tagged(school_camera, uploaded, personas):
    """A checked group photo: Amy (consent) tagged, Bea (none) tagged, one face left."""
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    amy = PupilFactory(school=personas.school, first_name="Amy", class_name="4B")
    bea = PupilFactory(school=personas.school, first_name="Bea", class_name="4B")
    PhotoConsentFactory(pupil=amy, use="blog", given_on=timezone.localdate())
    left, middle, right = photo.faces.order_by("x")
    services.face_account(face=left, accounting="pupil", pupil=amy, actor=personas.teacher)
    services.face_account(face=middle, accounting="pupil", pupil=bea, actor=personas.teacher)
    services.photo_describe(
        photo=photo, caption="", alt_text="Three children feeding a lamb", actor=personas.teacher
    )
    return photo, amy, bea, right


def reasons(post, rule):
    return [f.reason for f in check_post(post).findings if f.rule == rule]


def test_an_unaccounted_face_and_a_pupil_without_consent_block(tagged, post, school_camera):
    decision = check_post(post)
    assert decision.outcome == "block"
    text = " ".join(f.reason for f in decision.blocking)
    assert "Photo 1 has 1 face nobody has accounted for" in text
    assert "Bea is tagged in a photo but has no consent for the school blog" in text
    sources = {f.source for f in decision.blocking}
    assert 'shire "Primary Blogger"' in sources


def test_blurring_everyone_without_consent_clears_the_block(
    tagged, post, personas, school_camera, django_capture_on_commit_callbacks
):
    photo, amy, bea, right = tagged
    with django_capture_on_commit_callbacks(execute=True):
        assert services.faces_blur_without_consent(post=post, actor=personas.teacher) == 2
    assert reasons(post, "consent.photo_required") == []
    assert check_post(post).outcome != "block"
    photo.refresh_from_db()
    assert len(photo.rendered_blur) == 2
    assert set(photos_showing(bea)) == {photo}  # the blurred tag is still found


def test_a_photo_without_alt_text_blocks_until_it_is_described(
    tagged, post, personas, django_capture_on_commit_callbacks
):
    photo, *_ = tagged
    with django_capture_on_commit_callbacks(execute=True):
        services.faces_blur_without_consent(post=post, actor=personas.teacher)
    services.photo_describe(photo=photo, caption="", alt_text="  ", actor=personas.teacher)
    decision = check_post(post)
    [missing] = [f for f in decision.blocking if f.rule == "accessibility.photo_descriptions"]
    assert missing.reason.startswith("Photo 1 has no description for screen readers")
    assert "WCAG 2.2" in missing.source
    services.photo_describe(
        photo=photo, caption="", alt_text="Children feeding a lamb", actor=personas.teacher
    )
    assert check_post(post).outcome != "block"


def test_a_surname_in_a_caption_or_alt_text_is_found_with_reason_and_clause(
    tagged, post, personas
):
    photo, amy, *_ = tagged
    services.photo_describe(
        photo=photo,
        caption=f"{amy.first_name} {amy.surname} feeds a lamb",
        alt_text=f"A girl, {amy.surname}, holding a bottle",
        actor=personas.teacher,
    )
    naming = [f for f in check_post(post).findings if f.rule == "publishing.child_naming"]
    reasons_ = [f.reason for f in naming]
    rule = "this school names children by first name only in posts with photos"
    assert f"Amy's full name appears in photo 1's caption: {rule}" in reasons_
    assert f"Amy's surname appears in photo 1's alt text: {rule}" in reasons_
    assert {f.severity for f in naming} == {"block"}
    assert {f.source for f in naming} == {'shire "Primary Blogger"'}


def test_describing_a_photo_is_audited_and_only_while_the_post_is_a_draft(tagged, post, personas):
    from schoolgate.audit.models import AuditEntry

    photo, *_ = tagged
    entry = AuditEntry.objects.filter(event="photos.described").latest("seq")
    assert entry.extra["changed"] == ["alt_text"]  # which fields, never the words
    post.status = Post.Status.SUBMITTED  # waiting for approval: the approver sees it as is
    post.save(update_fields=["status"])
    photo.refresh_from_db()
    with pytest.raises(Exception, match="while the post is a draft"):
        services.photo_describe(photo=photo, caption="x", alt_text="y", actor=personas.teacher)


def test_an_unknown_device_blocks_where_the_profile_says(uploaded, post):
    uploaded(upload(group_photo()))
    found = reasons(post, "devices.school_devices_only")
    assert found and "not in the school's device register" in found[0]
    blocking = [f for f in check_post(post).blocking if f.rule == "devices.school_devices_only"]
    assert blocking  # shire: photos from school devices only


def _devices(post, profile):
    post.school.profile = profile
    post.school.save(update_fields=["profile"])
    post.school._policy_cache = None
    return [f for f in check_post(post).findings if f.rule == "devices.school_devices_only"]


@pytest.mark.parametrize(
    ("profile", "severity"), [("shire", "block"), ("whmat", "block"), ("brize", "warn")]
)
def test_a_photo_with_its_metadata_stripped_counts_as_an_unknown_device(
    uploaded, post, profile, severity
):
    """shire "Safeguarding the children", whmat 6.10: school devices only, so a
    photo whose camera details were removed is refused like a personal phone's;
    brize only warns about either."""
    uploaded(upload(fixtures.jpeg(fixtures.noise()), "stripped.jpg"))
    found = _devices(post, profile)
    assert [f.severity for f in found] == [severity]
    assert "names no camera" in found[0].reason
    assert ("counts as an unknown device" in found[0].reason) is (severity == "block")


def test_a_photo_still_being_checked_blocks(post, personas):
    services.photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    assert any("still being checked" in r for r in reasons(post, "consent.photo_required"))


def test_a_colleague_without_permission_is_reported(tagged, post, personas):
    _, _, _, right = tagged
    colleague = StaffFactory(school=personas.school, first_name="Sam")
    services.face_account(face=right, accounting="staff", staff=colleague, actor=personas.teacher)
    assert reasons(post, "consent.colleagues")
    StaffPhotoPermissionFactory(staff=colleague, given_on=timezone.localdate())
    assert reasons(post, "consent.colleagues") == []


def test_file_names_are_checked_like_the_text(uploaded, post, personas):
    PupilFactory(school=personas.school, first_name="Jack", surname="Sprattling")
    uploaded(upload(group_photo(), "jack sprattling at the farm.jpg"))
    assert any("file name" in r for r in reasons(post, "publishing.child_naming"))


def detail(area):
    """Return how much the pixels change from one to the next (edges, features)."""
    return np.abs(np.diff(area, axis=0)).mean() + np.abs(np.diff(area, axis=1)).mean()


def _pixels(photo):
    with photo.rendition.open("rb") as f:
        return np.asarray(Image.open(io.BytesIO(f.read())).convert("RGB"), dtype=float)


def test_withdrawn_consent_blurs_the_child_in_published_photos(
    tagged, post, personas, django_capture_on_commit_callbacks
):
    photo, amy, bea, right = tagged
    with django_capture_on_commit_callbacks(execute=True):
        services.faces_blur_without_consent(post=post, actor=personas.teacher)
    Post.objects.filter(pk=post.pk).update(
        status="published", published=post.current, published_at=timezone.now()
    )
    photo.refresh_from_db()
    before, old_name = _pixels(photo), photo.rendition.name
    left = photo.faces.get(pupil=amy)
    with django_capture_on_commit_callbacks(execute=True):
        consent_withdraw(pupil=amy, parent=None, method="email", actor=personas.office)
    photo.refresh_from_db()
    left.refresh_from_db()
    assert left.accounting == "blur" and left.pupil == amy
    assert photo.rendition.name != old_name
    x, y, w, h = left.box
    inside = (slice(y + h // 4, y + 3 * h // 4), slice(x + w // 4, x + 3 * w // 4))
    assert detail(_pixels(photo)[inside]) < detail(before[inside]) / 3
