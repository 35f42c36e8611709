"""The photos of posts, as publishing asks for them (`publishing.attachments`).

Registered when the app starts, so publishing never imports this app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.people.models import Pupil
from schoolgate.photos import selectors
from schoolgate.photos.models import Face
from schoolgate.photos.services import face_account
from schoolgate.photos.tasks import rerender_photo_task
from schoolgate.publishing.checks import PhotoInfo, PictureFacts
from schoolgate.publishing.models import Post

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


class PhotosOfPosts:
    """Answer publishing's questions about a post's photos from this app."""

    def digest(self, post: Post) -> str:
        return selectors.photos_digest(post)

    def facts(self, post: Post) -> tuple[list[PhotoInfo], list[PictureFacts], list[Pupil]]:
        return selectors.post_photo_facts(post)

    def for_review(self, post: Post) -> list[Any]:
        return list(selectors.photos_of(post))

    def public(self, post: Post) -> list[Any]:
        return list(selectors.public_photos(post))

    def public_copies(self, post: Post) -> list[Any]:
        return list(selectors.public_copies(post))

    def showing(self, pupil: Pupil) -> list[Any]:
        return list(selectors.photos_showing(pupil))

    def rerender(self, photo_pk: int, pupil_pk: int) -> None:
        rerender_photo_task.enqueue(photo_pk, pupil_pk)

    def tagged_faces(self, post: Post) -> list[Any]:
        return list(
            Face.objects.filter(photo__post=post, pupil__isnull=False)
            .select_related("pupil", "photo")
            .order_by("photo_id", "pk")
        )

    def retag(self, *, face: Any, pupil: Pupil, actor: User) -> bool:
        # A blurred face stays blurred and keeps its tag, now the right one.
        if face.accounting == Face.Accounting.BLUR:
            face_account(face=face, accounting=Face.Accounting.BLUR, pupil=pupil, actor=actor)
            face.pupil = pupil
            face.save(update_fields=["pupil", "updated_at"])
            return True
        face_account(face=face, accounting=Face.Accounting.PUPIL, pupil=pupil, actor=actor)
        return False

    def lost_uses(self, face: Any, post: Post) -> list[str]:
        uses = selectors.uses_of(post)
        return [use for use in uses if selectors.lacks_consent(face, [use])]
