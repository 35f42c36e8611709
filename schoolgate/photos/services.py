"""Changes to photos and faces: upload, analysis, accounting, re-rendering.

Every change is audited; analysis and rendering run as tasks (`tasks.py`),
queued after the transaction commits, so the upload request stays quick and
a restarted worker loses nothing: the state is in the database and
`photos_resume` queues again whatever was left half done.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, UnidentifiedImageError

from schoolgate.audit.services import audit_log
from schoolgate.checks.photos import (
    PhotoRejected,
    analyse_photo,
    open_photo,
    public_image,
    rendition_name,
    write_rendition,
)
from schoolgate.checks.photos.opening import FORMATS, MAX_PIXELS, register_heif
from schoolgate.core.permissions import require
from schoolgate.devices.selectors import device_register
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.policy import rendition_max_edge
from schoolgate.photos.selectors import (
    STUCK_AFTER,
    blur_boxes,
    faces_without_consent,
    lacks_consent,
    rendition_is_current,
    stuck_photos,
    uses_of,
)
from schoolgate.photos.storage import photo_storage
from schoolgate.publishing.models import Post

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

#: Largest file accepted in one upload, in bytes.
MAX_UPLOAD_BYTES = 40 * 1024 * 1024
#: Analyses tried before a photo that keeps failing is refused.
MAX_ATTEMPTS = 3
PREVIEW_SIDE = 1280


def _token_name(suffix: str) -> str:
    return rendition_name().replace(".jpg", suffix)


# ---------------------------------------------------------------------------
# Upload and analysis
# ---------------------------------------------------------------------------


def first_look(data: bytes) -> str:
    """Return why a file cannot be a photo from its header alone, or "".

    Only the header is read, so 30 files are looked at within the request;
    the full decode (truncation, HEIC) happens in the analysis task.
    """
    if len(data) > MAX_UPLOAD_BYTES:
        return f"This file is larger than {MAX_UPLOAD_BYTES // 1024 // 1024} MB."
    register_heif()
    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        width, height = MAX_PIXELS, 2
    except (UnidentifiedImageError, OSError, ValueError):
        return "This file is not a photo Schoolgate accepts: use JPEG, PNG or HEIC."
    if width * height > MAX_PIXELS:
        return (
            f"This image is larger than {MAX_PIXELS // 1_000_000} megapixels, so it was not "
            "opened; export it at a smaller size and upload it again."
        )
    return ""


def photos_upload(*, post: Post, files: Iterable[UploadedFile[bytes]], actor: User) -> list[Photo]:
    """Add uploaded files to a post; queue each photo's analysis.

    A file that is plainly not a photo is kept as a refused row with the
    reason (and no file), so the uploader sees it; the others go on.
    """
    require(actor, "photos.compose", post)
    from schoolgate.photos.tasks import analyse_photo_task

    made = []
    with transaction.atomic():
        for upload in files:
            made.append(_one_upload(post, upload, actor))
        audit_log(
            event="photos.uploaded",
            actor=actor,
            subject=post,
            school=post.school,
            label=post.title,
            extra={"photos": [p.pk for p in made], "refused": _refused_count(made)},
        )
        for photo in made:
            if photo.status == Photo.Status.QUEUED:
                transaction.on_commit(partial(analyse_photo_task.enqueue, photo.pk))
    return made


def _refused_count(photos: list[Photo]) -> int:
    return sum(p.status == Photo.Status.REFUSED for p in photos)


def _one_upload(post: Post, upload: UploadedFile[bytes], actor: User) -> Photo:
    data = upload.read()
    photo = Photo(
        school=post.school, post=post, uploader=actor, original_name=(upload.name or "")[:255]
    )
    reason = first_look(data)
    if reason:
        photo.status, photo.refused_reason = Photo.Status.REFUSED, reason
    else:
        suffix = "." + (upload.name or "x.jpg").rsplit(".", 1)[-1].lower()[:5]
        photo.original.save(_token_name(suffix), ContentFile(data), save=False)
    photo.full_clean()
    photo.save()
    return photo


def photo_analyse(photo_id: int) -> Photo | None:
    """Open, check and render one photo; store its faces and metadata.

    Run by the analysis task; safe to run twice (a second run on a checked
    photo does nothing). A file that turns out not to be a photo (truncated,
    a bomb) is refused with the reason.
    """
    with transaction.atomic():
        rows = Photo.objects.select_for_update().select_related("school").filter(pk=photo_id)
        photo = rows.first()
        if photo is None or not photo.is_pending:
            return photo  # removed from its draft meanwhile, or done
        photo.status, photo.attempts = Photo.Status.ANALYSING, photo.attempts + 1
        photo.save(update_fields=["status", "attempts", "updated_at"])
    try:
        return _analyse(photo)
    except (FileNotFoundError, Photo.DoesNotExist):
        if not Photo.objects.filter(pk=photo_id).exists():
            return None  # removed while it was being checked
        raise
    except PhotoRejected as rejected:
        return _refuse(photo, rejected.reason)
    except Exception:
        if photo.attempts >= MAX_ATTEMPTS:
            return _refuse(photo, "This photo could not be checked; upload it again.")
        raise


def _analyse(photo: Photo) -> Photo | None:
    with photo.original.open("rb") as stream:
        opened = open_photo(stream.read())
    report = analyse_photo(opened, device_register=device_register(photo.school))
    preview = public_image(opened, max_side=PREVIEW_SIDE)
    buffer = io.BytesIO()
    preview.save(buffer, "JPEG", quality=80)
    with transaction.atomic():
        current = Photo.objects.select_for_update().filter(pk=photo.pk).first()
        if current is None or current.status != Photo.Status.ANALYSING:
            return current  # another worker finished it first, or it was removed
        photo.metadata = report.metadata.as_dict()
        photo.device = report.device
        photo.width, photo.height = report.width, report.height
        photo.preview.save(_token_name(".jpg"), ContentFile(buffer.getvalue()), save=False)
        photo.status, photo.analysed_at = Photo.Status.READY, timezone.now()
        photo.full_clean()
        photo.save()
        Face.objects.bulk_create(
            Face(
                photo=photo,
                x=f.x,
                y=f.y,
                w=f.w,
                h=f.h,
                score=round(f.score, 3),
                kind=Face.Kind.POSSIBLE if f.possible else Face.Kind.FACE,
            )
            for f in report.faces
        )
        _render(photo, opened)
        audit_log(
            event="photos.analysed",
            subject=photo,
            school=photo.school,
            label=photo.original_name,
            extra={
                "faces": sum(not f.possible for f in report.faces),
                "possible_faces": sum(f.possible for f in report.faces),
                "device": report.device,
            },
        )
    return photo


def _refuse(photo: Photo, reason: str) -> Photo:
    with transaction.atomic():
        if photo.original:
            photo.original.delete(save=False)
        photo.status, photo.refused_reason = Photo.Status.REFUSED, reason[:300]
        photo.save(update_fields=["status", "refused_reason", "original", "updated_at"])
        audit_log(
            event="photos.refused",
            subject=photo,
            school=photo.school,
            label=photo.original_name,
            extra={"reason": photo.refused_reason},
        )
    return photo


def _render(photo: Photo, opened: Any = None) -> None:
    """Write a new public rendition blurring the faces marked "blur" (in a transaction)."""
    if opened is None:
        with photo.original.open("rb") as stream:
            opened = open_photo(stream.read())
    boxes = blur_boxes(photo)
    max_side = rendition_max_edge(photo.school)
    buffer = io.BytesIO()
    write_rendition(opened, buffer, blur_boxes=boxes, max_side=max_side)
    old = photo.rendition.name if photo.rendition else ""
    # A new random name each time: a copy cached under the old one stops resolving.
    photo.rendition.save(rendition_name(), ContentFile(buffer.getvalue()), save=False)
    photo.rendered_blur = boxes
    photo.save(update_fields=["rendition", "rendered_blur", "updated_at"])
    if old:
        transaction.on_commit(lambda: photo.rendition.storage.delete(old))


#: Post states in which photos are added, removed and faces tagged.
EDITABLE = (Post.Status.DRAFT, Post.Status.REJECTED)


def photo_remove(*, photo: Photo, actor: User) -> None:
    """Take a photo out of a draft and delete its files from the school's store.

    Nothing of a photo that was never published is kept: its original, the
    staff preview and the rendition go once the removal commits, since
    holding a child's image for no purpose breaks UK GDPR's storage
    limitation. The audit entry keeps the file name and who was tagged.
    """
    require(actor, "photos.compose", photo)
    post = photo.post
    if post.status not in EDITABLE:
        raise ValidationError("Photos are removed while the post is a draft.")
    with transaction.atomic():
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        files = [f.name for f in (photo.original, photo.preview, photo.rendition) if f.name]
        faces = list(photo.faces.values_list("accounting", "pupil_id", "staff_id"))
        audit_log(
            event="photos.removed",
            actor=actor,
            subject=post,
            school=post.school,
            label=photo.original_name,
            extra={
                "photo": photo.pk,
                "faces": len(faces),
                "pupils": sorted({pupil for _, pupil, _ in faces if pupil}),
                "staff": sorted({staff for _, _, staff in faces if staff}),
            },
        )
        photo.delete()
        transaction.on_commit(lambda: _delete_files(files))


def photo_describe(*, photo: Photo, caption: str, alt_text: str, actor: User) -> Photo:
    """Set the photo's caption and its alt text (what a screen reader says).

    Allowed while the post is a draft or sent back: both are checked like the
    body, and the approval digest covers them, so a change after approval
    needs approving again.
    """
    require(actor, "photos.compose", photo)
    post = photo.post
    if post.status not in EDITABLE:
        raise ValidationError("Photos are described while the post is a draft.")
    with transaction.atomic():
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        before = (photo.caption, photo.alt_text)
        photo.caption = " ".join(caption.split())
        photo.alt_text = " ".join(alt_text.split())
        photo.full_clean()
        photo.save(update_fields=["caption", "alt_text", "updated_at"])
        audit_log(
            event="photos.described",
            actor=actor,
            subject=photo,
            school=photo.school,
            label=photo.original_name,
            # Which fields changed, not the words: a caption being fixed may
            # hold a child's surname, and the audit chain is kept for years.
            extra={
                "post": post.pk,
                "changed": [
                    name
                    for name, old, new in zip(
                        ("caption", "alt_text"),
                        before,
                        (photo.caption, photo.alt_text),
                        strict=True,
                    )
                    if old != new
                ],
            },
        )
    return photo


def _delete_files(names: list[str]) -> None:
    storage = photo_storage()
    for name in names:
        storage.delete(name)


# ---------------------------------------------------------------------------
# Accounting for faces
# ---------------------------------------------------------------------------


def face_account(
    *,
    face: Face,
    accounting: str,
    actor: User,
    pupil: Pupil | None = None,
    staff: StaffMember | None = None,
) -> Face:
    """Say who or what a face is: a pupil, a colleague, a visitor, blur it, or not a face.

    Blurring keeps a pupil's tag, so the photo is still found for that pupil.
    "Not a face" is only for a possible face (one the detector was unsure
    of); the audit entry records who said so.
    """
    require(actor, "photos.compose", face.photo)
    if accounting == Face.Accounting.NOT_A_FACE:
        if not face.is_possible:
            raise ValidationError(
                "Only a possible face can be marked not a face: tag or blur this one."
            )
        pupil = staff = None
    school_id = face.photo.school_id
    if pupil is not None and pupil.school_id != school_id:
        raise ValidationError("Only the school's own pupils can be tagged.")
    if staff is not None and staff.school_id != school_id:
        raise ValidationError("Only the school's own staff can be tagged.")
    if accounting == Face.Accounting.BLUR:
        pupil, staff = face.pupil, face.staff
    with transaction.atomic():
        face.accounting, face.pupil, face.staff = accounting, pupil, staff
        face.accounted_by = actor
        face.full_clean()
        face.save()
        audit_log(
            event="photos.face_accounted",
            actor=actor,
            subject=face.photo,
            school=face.photo.school,
            label=face.photo.original_name,
            extra={
                "face": face.pk,
                "kind": face.kind,
                "as": accounting,
                "pupil": face.pupil_id,
                "staff": face.staff_id,
            },
        )
        _queue_render(face.photo)
    return face


def face_add(*, photo: Photo, box: tuple[int, int, int, int], actor: User) -> Face:
    """Add a face the detector missed; it starts unaccounted for."""
    require(actor, "photos.compose", photo)
    x, y, w, h = box
    if photo.width is None or photo.height is None:
        raise ValidationError("Wait until the photo has been checked.")
    if x + w > photo.width or y + h > photo.height:
        raise ValidationError("The box goes outside the photo.")
    with transaction.atomic():
        face = Face(photo=photo, x=x, y=y, w=w, h=h, source=Face.Source.STAFF, accounted_by=actor)
        face.full_clean()
        face.save()
        audit_log(
            event="photos.face_added",
            actor=actor,
            subject=photo,
            school=photo.school,
            label=photo.original_name,
            extra={"face": face.pk, "box": face.box},
        )
    return face


def faces_blur_without_consent(*, post: Post, actor: User) -> int:
    """Blur every face in the post without consent; return how many were blurred."""
    require(actor, "photos.compose", post)
    faces = faces_without_consent(post)
    with transaction.atomic():
        for face in faces:
            face.accounting, face.accounted_by = Face.Accounting.BLUR, actor
            face.full_clean()
            face.save(update_fields=["accounting", "accounted_by", "updated_at"])
        audit_log(
            event="photos.blurred_without_consent",
            actor=actor,
            subject=post,
            school=post.school,
            label=post.title,
            extra={"faces": [f.pk for f in faces]},
        )
        for photo_id in {f.photo_id for f in faces}:
            _queue_render(Photo(pk=photo_id))
    return len(faces)


def _queue_render(photo: Photo) -> None:
    from schoolgate.photos.tasks import render_photo_task

    transaction.on_commit(lambda: render_photo_task.enqueue(photo.pk))


def photo_render(photo_id: int) -> Photo | None:
    """Bring a checked photo's rendition up to date with its blurred faces."""
    with transaction.atomic():
        rows = Photo.objects.select_for_update().select_related("school").filter(pk=photo_id)
        photo = rows.first()
        if photo is None:
            return None  # removed from its draft meanwhile
        if photo.status == Photo.Status.READY and not rendition_is_current(photo):
            _render(photo)
    return photo


def photo_rerender(*, photo: Photo, actor: Actor, pupil: Pupil | None = None) -> Photo:
    """Blur whoever no longer has consent in the photo, then render it again.

    Faces tagged to `pupil` are blurred whatever the register says (the
    withdrawal that asked for this); so is any pupil or colleague who lacks
    consent for the post's uses today. The published copy changes at once.
    """
    if actor is not None:  # None: the takedown's queued job
        require(actor, "photos.compose", photo)
    from schoolgate.publishing.blog import blog_changed

    uses = uses_of(photo.post)
    with transaction.atomic():
        photo = Photo.objects.select_for_update().select_related("school", "post").get(pk=photo.pk)
        faces = [
            f
            for f in photo.faces.exclude(accounting=Face.Accounting.BLUR).select_related(
                "pupil__school", "staff__school"
            )
            if (pupil is not None and f.pupil_id == pupil.pk)
            or (
                f.accounting in (Face.Accounting.PUPIL, Face.Accounting.STAFF)
                and lacks_consent(f, uses)
            )
        ]
        for face in faces:
            face.accounting, face.accounted_by = Face.Accounting.BLUR, actor
            face.save(update_fields=["accounting", "accounted_by", "updated_at"])
        if photo.status == Photo.Status.READY:
            _render(photo)
        audit_log(
            event="photos.rerendered",
            actor=actor,
            subject=photo,
            school=photo.school,
            label=photo.original_name,
            extra={"blurred": [f.pk for f in faces], "pupil": pupil.pk if pupil else None},
        )
        transaction.on_commit(lambda: blog_changed(photo.school))
    return photo


def photos_resume(*, post: Post | None = None, stuck_after: dt.timedelta = STUCK_AFTER) -> int:
    """Queue again every photo (of one post) whose analysis a lost worker left half done.

    A photo counts as lost once it has waited `stuck_after`; at start-up,
    before any worker runs, every waiting photo is (0). Queuing one twice is
    harmless: the analysis of a photo already checked does nothing.
    Return how many were queued.
    """
    from schoolgate.photos.tasks import analyse_photo_task

    stuck_rows = stuck_photos(stuck_after=stuck_after)
    if post is not None:
        stuck_rows = stuck_rows.filter(post=post)
    stuck = list(stuck_rows.values_list("pk", flat=True))
    for pk in stuck:
        analyse_photo_task.enqueue(pk)
    return len(stuck)
