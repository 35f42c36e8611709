"""Background work: each photo's analysis, and its rendition after a change."""

from __future__ import annotations

from django_tasks import task

from schoolgate.photos.services import photo_analyse, photo_render


@task()
def analyse_photo_task(photo_id: int) -> str:
    """Check one uploaded photo: faces, metadata, device, rendition."""
    photo = photo_analyse(photo_id)
    return photo.status if photo is not None else "removed"


@task()
def render_photo_task(photo_id: int) -> str:
    """Write a photo's public rendition again after its blurred faces changed."""
    photo = photo_render(photo_id)
    return photo.status if photo is not None else "removed"


@task()
def rerender_photo_task(photo_id: int, pupil_id: int) -> str:
    """Blur a pupil whose consent was withdrawn in one photo, and publish it again."""
    from schoolgate.people.models import Pupil
    from schoolgate.photos.models import Photo
    from schoolgate.photos.services import photo_rerender

    photo = Photo.objects.get(pk=photo_id)
    pupil = Pupil.objects.get(pk=pupil_id)
    return photo_rerender(photo=photo, actor=None, pupil=pupil).status
