import io

from PIL import Image

from schoolgate.checks.photos.tests import fixtures
from schoolgate.photos import services
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.tests.factories import FACE_SPOTS, group_photo, truncated, upload


def test_a_batch_is_checked_and_bad_files_are_refused_with_reasons(uploaded):
    made = uploaded(
        upload(group_photo(), "farm.jpg"),
        upload(b"%PDF-1.4 not a photo", "letter.pdf"),
        upload(truncated(), "half.jpg"),
        upload(fixtures.bomb_png(), "bomb.png"),
        upload(fixtures.heic(), "ipad.heic"),
    )
    photos = {p.original_name: Photo.objects.get(pk=p.pk) for p in made}
    assert photos["farm.jpg"].status == "ready"
    assert photos["farm.jpg"].faces.count() == len(FACE_SPOTS)
    assert photos["ipad.heic"].status == "ready"
    assert "not a photo" in photos["letter.pdf"].refused_reason
    assert "damaged or incomplete" in photos["half.jpg"].refused_reason
    assert "megapixels" in photos["bomb.png"].refused_reason
    assert not photos["half.jpg"].original  # a refused file is not kept


def test_metadata_is_read_and_the_device_matched(uploaded):
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    assert photo.metadata["serial"] == fixtures.SERIAL
    assert photo.metadata["gps"] is True
    assert photo.device == "unknown"  # no register entry for the Canon


def test_the_rendition_has_no_metadata_and_blurs_only_blurred_faces(uploaded, personas):
    photo = Photo.objects.get(pk=uploaded(upload(group_photo()))[0].pk)
    first = photo.faces.order_by("x").first()
    services.face_account(face=first, accounting="blur", actor=personas.teacher)
    services.photo_render(photo.pk)
    photo.refresh_from_db()
    with photo.rendition.open("rb") as f:
        data = f.read()
    image = Image.open(io.BytesIO(data))
    assert not image.getexif() and "xmp" not in image.info and "icc_profile" not in image.info
    assert photo.rendered_blur == [first.box]
    assert "farm" not in photo.rendition.name and photo.rendition.name.startswith("public/")


def test_a_stuck_photo_is_queued_again(post, personas):
    from django.utils import timezone

    # Without the commit callbacks running, no task is queued: the worker "died".
    made = services.photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    Photo.objects.filter(pk=made[0].pk).update(
        status="analysing", updated_at=timezone.now() - timezone.timedelta(minutes=10)
    )
    assert services.photos_resume() == 1
    assert Photo.objects.get(pk=made[0].pk).status == "ready"
    assert Face.objects.filter(photo=made[0]).count() == len(FACE_SPOTS)
