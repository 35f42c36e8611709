"""Take down what shows a pupil when consent is withdrawn or the pupil leaves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from schoolgate.consent.signals import consent_withdrawn
from schoolgate.people.models import Pupil
from schoolgate.publishing.models import Takedown
from schoolgate.publishing.takedowns import USES, posts_showing, pupil_takedown

if TYPE_CHECKING:
    from schoolgate.core.types import Actor


@receiver(consent_withdrawn, dispatch_uid="publishing.takedown_on_withdrawal")
def takedown_on_withdrawal(
    sender: Any, pupil: Pupil, uses: Any = (), actor: Actor = None, **kwargs: Any
) -> None:
    """Withdraw the pupil's published posts from the channels consent no longer covers."""
    if set(uses) & set(USES):
        pupil_takedown(pupil=pupil, uses=uses, reason=Takedown.Reason.CONSENT, actor=actor)


@receiver(post_save, sender=Pupil, dispatch_uid="publishing.takedown_on_leaving")
def takedown_on_leaving(sender: Any, instance: Pupil, **kwargs: Any) -> None:
    """Take down a leaver's posts once the change is saved.

    Imports update pupils in bulk without this signal; the daily
    `schoolgate takedown_leavers` sweep catches those.
    """
    if kwargs.get("raw") or instance.status != Pupil.Status.FORMER:
        return  # a restore loads rows as they were; it takes nothing down
    transaction.on_commit(lambda: _leaver(instance.pk))


def _leaver(pupil_id: int) -> None:
    pupil = Pupil.objects.select_related("school").get(pk=pupil_id)
    if pupil.takedowns.filter(reason=Takedown.Reason.LEFT).exists() or not posts_showing(pupil):
        return
    pupil_takedown(pupil=pupil, uses=USES, reason=Takedown.Reason.LEFT)
