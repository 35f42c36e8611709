"""What publishing asks of a post's photos, without importing the photos app.

Photos sit on top of posts (a photo belongs to a post), so the photos app
imports publishing and never the reverse. Publishing reaches the photos
through the one provider the photos app registers when it starts
(`photos/apps.py`). A missing provider raises rather than answering "no
photos": the publish checks must never pass a photo they were not shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.people.models import Pupil
    from schoolgate.publishing.checks import PhotoInfo, PictureFacts
    from schoolgate.publishing.models import Post


class PostPhotos(Protocol):
    """The photos of posts, as publishing needs them."""

    def digest(self, post: Post) -> str:
        """Return a digest of the post's photos and their faces ("" for none)."""
        ...

    def facts(self, post: Post) -> tuple[list[PhotoInfo], list[PictureFacts], list[Pupil]]:
        """Return the post's photos, their facts for the checks, and the pupils tagged."""
        ...

    def for_review(self, post: Post) -> list[Any]:
        """Return the post's photos with their faces, as an approver sees them."""
        ...

    def public(self, post: Post) -> list[Any]:
        """Return the post's photos the public may see, in upload order."""
        ...

    def public_copies(self, post: Post) -> list[Any]:
        """Return the public copies of the post's photos."""
        ...

    def showing(self, pupil: Pupil) -> list[Any]:
        """Return every photo that shows the pupil."""
        ...

    def rerender(self, photo_pk: int, pupil_pk: int) -> None:
        """Queue a blurred re-render of the photo for the pupil."""
        ...

    def tagged_faces(self, post: Post) -> list[Any]:
        """Return the faces of the post's photos tagged to a pupil, in photo order."""
        ...

    def retag(self, *, face: Any, pupil: Pupil, actor: User) -> bool:
        """Tag the face to the pupil; return whether it stays blurred."""
        ...

    def lost_uses(self, face: Any, post: Post) -> list[str]:
        """Return the uses of the post the face's pupil has no consent for."""
        ...


_provider: list[PostPhotos] = []


def register_photos(provider: PostPhotos) -> None:
    """Make `provider` the one source of posts' photos (the photos app calls this)."""
    _provider[:] = [provider]


def post_photos() -> PostPhotos:
    """Return the registered provider of posts' photos."""
    if not _provider:
        raise RuntimeError("No provider of posts' photos: is schoolgate.photos installed?")
    return _provider[0]
