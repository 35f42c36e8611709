"""Reads for photos: a post's photos, who is shown where, what the checks need."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Case, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from schoolgate.consent.selectors import photo_consent, staff_photo_permission
from schoolgate.people.models import Pupil, StaffMember
from schoolgate.photos.models import Face, Photo
from schoolgate.publishing.checks import PhotoInfo, PictureFacts
from schoolgate.publishing.models import Post
from schoolgate.publishing.selectors import access_post_for, channel_kinds

if TYPE_CHECKING:
    from schoolgate.accounts.models import User

#: A photo left queued or analysing this long is taken to have lost its worker.
STUCK_AFTER = dt.timedelta(minutes=5)


def photos_of(post: Post) -> list[Photo]:
    """Return the post's photos in upload order, with their faces and people.

    Each photo's `faces_read` lists its faces in reading order
    (`reading_order`): the order the page numbers them in.
    """
    faces = Face.objects.select_related("pupil", "staff", "accounted_by")
    photos = list(post.photos.prefetch_related(Prefetch("faces", queryset=faces)))
    for photo in photos:
        photo.faces_read = reading_order(photo.faces.all())
    return photos


#: How much of the shorter of two boxes' heights must overlap for them to
#: stand in one row of faces.
ROW_OVERLAP = 0.5


def reading_order(faces: Iterable[Face]) -> list[Face]:
    """Return the faces as a person reads a photo: rows top to bottom, each
    row left to right.

    A face joins the row above-left of it when its box overlaps, in height,
    at least `ROW_OVERLAP` of the shorter of it and the row's first face; so
    a child standing a little higher than the one beside them is still in
    that row, and "face 3" is where someone reading the photo looks for it.
    """
    rows: list[list[Face]] = []
    for face in sorted(faces, key=lambda f: (f.y, f.x, f.pk or 0)):
        row = rows[-1] if rows else None
        if row is not None and _same_row(row[0], face):
            row.append(face)
        else:
            rows.append([face])
    return [face for row in rows for face in sorted(row, key=lambda f: (f.x, f.y, f.pk or 0))]


def _same_row(first: Face, face: Face) -> bool:
    overlap = min(first.y + first.h, face.y + face.h) - max(first.y, face.y)
    return overlap >= ROW_OVERLAP * min(first.h, face.h)


def photos_digest(post: Post) -> str:
    """Return a hash of the post's photos as an approver sees them, or "" if none.

    It covers which photos the post has, how far each got, their captions
    and alt text, and every face: its box and who or what accounts for it.
    Publishing folds it into the hash an approval vouches for, so a re-tag, a
    blur or a new caption after approval needs approving again.
    """
    faces = Face.objects.filter(photo__post=post).order_by("photo_id", "pk")
    face_rows = faces.values_list(
        "photo_id", "pk", "x", "y", "w", "h", "accounting", "pupil_id", "staff_id"
    )
    photos = [
        list(row)
        for row in post.photos.order_by("pk").values_list("pk", "status", "caption", "alt_text")
    ]
    if not photos:
        return ""
    state = {"photos": photos, "faces": [list(row) for row in face_rows]}
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def access_photo_for(user: User, pk: int) -> Photo:
    """Return the photo if the user may see its post (author or reviewer); else Http404."""
    photo = Photo.objects.select_related("post", "school").filter(pk=pk).first()
    if photo is None:
        raise Http404("No such photo.")
    access_post_for(user, photo.post_id)  # the same Http404 as for a missing photo
    return photo


def access_face_for(user: User, pk: int) -> Face:
    """Return the face if the user may see its photo's post; else Http404."""
    face = Face.objects.select_related("photo__post", "photo__school").filter(pk=pk).first()
    if face is None:
        raise Http404("No such face.")
    access_post_for(user, face.photo.post_id)
    return face


def photos_showing(pupil: Pupil) -> QuerySet[Photo]:
    """Return every photo with a face tagged to the pupil, blurred or not.

    Consent withdrawal starts here: a blurred face keeps its tag, so a photo
    is found even after the child was blurred in it.
    """
    return (
        Photo.objects.filter(faces__pupil=pupil)
        .distinct()
        .select_related("post", "school")
        .order_by("pk")
    )


def uses_of(post: Post) -> list[str]:
    """Return the consent uses the post's channels need ("blog", "social")."""
    return channel_kinds(post.channels.all())


def blur_boxes(photo: Photo) -> list[list[int]]:
    """Return the boxes marked "blur", in a stable order."""
    faces = photo.faces.filter(accounting=Face.Accounting.BLUR).order_by("pk")
    return [face.box for face in faces]


def rendition_is_current(photo: Photo) -> bool:
    """Return whether the stored rendition blurs exactly the faces marked "blur"."""
    return bool(photo.rendition) and photo.rendered_blur == blur_boxes(photo)


def public_photos(post: Post) -> list[Photo]:
    """Return the photos to show with a published post: checked, rendition current."""
    ready = post.photos.filter(status=Photo.Status.READY).exclude(rendition="")
    return [photo for photo in ready if rendition_is_current(photo)]


@dataclass(frozen=True)
class PublicCopy:
    """One photo of a post as it will be published, for staff to see beforehand."""

    number: int
    photo: Photo
    ready: bool  # the rendition blurs exactly the faces marked "blur" now


def public_copies(post: Post) -> list[PublicCopy]:
    """Return the post's checked photos with whether their public copy is up to date."""
    checked = post.photos.filter(status=Photo.Status.READY).order_by("pk")
    return [
        PublicCopy(number, photo, rendition_is_current(photo))
        for number, photo in enumerate(checked, start=1)
    ]


def public_photo(name: str) -> Photo:
    """Return the published photo whose rendition has this file name, or Http404."""
    photo = (
        Photo.objects.select_related("post", "school")
        .filter(rendition=f"public/{name}", status=Photo.Status.READY)
        .first()
    )
    if photo is None or photo.post.status != Post.Status.PUBLISHED:
        raise Http404("No such photo.")
    if not rendition_is_current(photo):
        raise Http404("No such photo.")
    return photo


def stuck_photos(
    *, now: dt.datetime | None = None, stuck_after: dt.timedelta = STUCK_AFTER
) -> QuerySet[Photo]:
    """Return photos whose analysis should have finished: the worker lost them."""
    before = (now or timezone.now()) - stuck_after
    pending = [Photo.Status.QUEUED, Photo.Status.ANALYSING]
    return Photo.objects.filter(status__in=pending, updated_at__lte=before)


#: Pupils offered under each face before anyone searches.
SUGGESTED = 8
#: Pupils shown for one search.
MATCHES = 20


def pupil_suggestions(post: Post) -> list[Pupil]:
    """Return the pupils to offer under each face before a search.

    Pupils already tagged in the post first, then the post's class (for a
    class post), at most `SUGGESTED`: the search finds everyone else.
    """
    current = Pupil.objects.filter(school_id=post.school_id, status=Pupil.Status.CURRENT)
    tagged_ids = set(post.pupils.values_list("pk", flat=True)) | set(
        Face.objects.filter(photo__post=post, pupil__isnull=False).values_list("pupil", flat=True)
    )
    order = ("class_name", "first_name", "surname")
    found = list(current.filter(pk__in=tagged_ids).order_by(*order)[:SUGGESTED])
    if post.audience == "class" and post.audience_value and len(found) < SUGGESTED:
        classmates = current.filter(class_name=post.audience_value).exclude(pk__in=tagged_ids)
        found += classmates.order_by(*order)[: SUGGESTED - len(found)]
    return found


def pupil_matches(post: Post, query: str) -> tuple[list[Pupil], bool]:
    """Return the school's current pupils matching every word of the query.

    A word matches a first, preferred or last name (anywhere in it) or a
    class exactly; the post's class comes first. Also return whether more
    than `MATCHES` pupils matched.
    """
    words = query.split()[:4]
    if not words:
        return pupil_suggestions(post), False
    pupils = Pupil.objects.filter(school_id=post.school_id, status=Pupil.Status.CURRENT)
    for word in words:
        pupils = pupils.filter(
            Q(first_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(surname__icontains=word)
            | Q(class_name__iexact=word)
        )
    class_name = post.audience_value if post.audience == "class" else ""
    own_class = Case(When(class_name=class_name, then=0), default=1) if class_name else Value(1)
    found: list[Pupil] = list(
        pupils.annotate(own_class=own_class).order_by(
            "own_class", "class_name", "first_name", "surname"
        )[: MATCHES + 1]
    )
    return found[:MATCHES], len(found) > MATCHES


@dataclass(frozen=True)
class Colleague:
    """A member of staff as the colleague picker lists them."""

    pk: int
    label: str


def staff_choices(post: Post) -> list[Colleague]:
    """Return the school's current staff, each labelled by the name pupils use.

    `formal_name` ("Mr Ashcombe") already holds the surname; two colleagues
    who share one are told apart by their first names.
    """
    staff = list(
        StaffMember.objects.filter(school_id=post.school_id, is_current=True).order_by(
            "surname", "first_name"
        )
    )
    shared = Counter(_formal(s) for s in staff)
    return [Colleague(s.pk, _colleague_label(s, shared[_formal(s)] > 1)) for s in staff]


def _formal(staff: StaffMember) -> str:
    return staff.formal_name or f"{staff.first_name} {staff.surname}"


def _colleague_label(staff: StaffMember, shared: bool) -> str:
    return f"{_formal(staff)} ({staff.first_name})" if shared else _formal(staff)


def faces_without_consent(post: Post) -> list[Face]:
    """Return the faces "blur everyone without consent" would blur.

    A face nobody accounted for (a possible face too), a pupil without
    current consent for any of the post's uses, or a colleague without their
    permission. A box someone marked "Not a face" is left as it is.
    """
    uses = uses_of(post)
    faces = Face.objects.filter(photo__post=post, photo__status=Photo.Status.READY).exclude(
        accounting__in=[
            Face.Accounting.BLUR,
            Face.Accounting.VISITOR,
            Face.Accounting.NOT_A_FACE,
        ]
    )
    return [
        f for f in faces.select_related("pupil__school", "staff__school") if lacks_consent(f, uses)
    ]


def lacks_consent(face: Face, uses: list[str]) -> bool:
    """Return whether the face shows someone without consent for every use."""
    if face.accounting == Face.Accounting.PUPIL:
        return not all(photo_consent(face.pupil, use).allowed for use in uses)  # type: ignore[arg-type]
    if face.accounting == Face.Accounting.STAFF:
        return not staff_photo_permission(face.staff).allowed  # type: ignore[arg-type]
    return True


def post_photo_facts(post: Post) -> tuple[list[PhotoInfo], list[PictureFacts], list[Pupil]]:
    """Return what the publishing checks need of the post's photos.

    The photos' file names, captions and alt text (for the text checks), one `PictureFacts` per
    photo not refused, and the pupils shown (tagged and not blurred).
    """
    photos = [p for p in photos_of(post) if p.status != Photo.Status.REFUSED]
    infos = [
        PhotoInfo(file_name=p.original_name, caption=p.caption, alt_text=p.alt_text)
        for p in photos
    ]
    pictures = [_facts(number, p) for number, p in enumerate(photos, start=1)]
    shown: dict[int, Pupil] = {}
    for photo in photos:
        for face in photo.faces.all():
            if face.accounting == Face.Accounting.PUPIL and face.pupil is not None:
                shown.setdefault(face.pupil.pk, face.pupil)
    return infos, pictures, list(shown.values())


def _facts(number: int, photo: Photo) -> PictureFacts:
    faces = list(photo.faces.all())
    unaccounted = sum(f.accounting == Face.Accounting.UNACCOUNTED for f in faces)
    colleagues = tuple(
        answer.reason
        for face in faces
        if face.accounting == Face.Accounting.STAFF and face.staff is not None
        for answer in [staff_photo_permission(face.staff)]
        if not answer.allowed
    )
    camera = " ".join(filter(None, (photo.metadata.get("make"), photo.metadata.get("model"))))
    return PictureFacts(
        number=number,
        ready=photo.status == Photo.Status.READY,
        unaccounted=unaccounted,
        device=photo.device or "none",
        camera=camera,
        colleagues=colleagues,
        described=bool(photo.alt_text.strip()),
    )


@dataclass(frozen=True)
class FaceState:
    """What a face box says, in colour (`kind`) and in words.

    `kind` is "ok" (accounted for), "blocked" (someone shown without consent
    or permission for the post's uses) or "unsure" (nobody has said who it
    is); `label` is the short word on the box, `reason` the sentence beside it.
    """

    kind: str
    label: str
    reason: str


def face_state(face: Face, uses: list[str]) -> FaceState:
    """Return the state of a face for a post whose channels need `uses`."""
    if face.accounting == Face.Accounting.UNACCOUNTED and face.is_possible:
        why = "Schoolgate is not sure this is a face: tag it, blur it, or say it is not a face."
        return FaceState("unsure possible", "Possible face", why)
    if face.accounting == Face.Accounting.UNACCOUNTED:
        why = "Nobody has said who this is: tag them, mark an adult visitor, or blur the face."
        return FaceState("unsure", "Unsure", why)
    if face.accounting == Face.Accounting.NOT_A_FACE:
        who = face.accounted_by.get_full_name() if face.accounted_by else ""
        return FaceState("ok not-face", "Not a face", f"Said by {who}." if who else "")
    if face.accounting == Face.Accounting.BLUR:
        return FaceState("ok", "Accounted for", "Blurred: the public copy hides this face.")
    if face.accounting == Face.Accounting.VISITOR:
        return FaceState("ok", "Accounted for", "An adult visitor.")
    answers = (
        [photo_consent(face.pupil, use) for use in uses]  # type: ignore[arg-type]
        if face.accounting == Face.Accounting.PUPIL
        else [staff_photo_permission(face.staff)]  # type: ignore[arg-type]
    )
    refused = [a for a in answers if not a.allowed]
    if refused:
        why = " ".join(f"{a.reason.rstrip('.')}." for a in refused)
        return FaceState("blocked", "No consent", f"{why} Blur the face or take the photo out.")
    return FaceState("ok", "Accounted for", "Consent is given for everywhere this post goes.")
