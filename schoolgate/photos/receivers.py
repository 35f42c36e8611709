"""Withdrawn consent re-renders every published photo of the child, blurred."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from schoolgate.consent.signals import consent_withdrawn
from schoolgate.photos.selectors import photos_showing
from schoolgate.publishing.models import Post


@receiver(consent_withdrawn, dispatch_uid="photos.rerender_on_withdrawal")
def rerender_on_withdrawal(sender: Any, pupil: Any, uses: Any = (), **kwargs: Any) -> None:
    """Queue a blurred re-render of each published photo showing the pupil."""
    from schoolgate.photos.tasks import rerender_photo_task

    published = photos_showing(pupil).filter(post__status=Post.Status.PUBLISHED)
    for photo_id in published.values_list("pk", flat=True):
        rerender_photo_task.enqueue(photo_id, pupil.pk)
