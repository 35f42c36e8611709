"""Taking down what shows a pupil: consent withdrawn, a pupil who left, or a
parent's request about one post.

Every published post showing the child (tagged in the post, or in one of its
photos) is dealt with on every channel: a post whose child is only in its
photos keeps going on the blog with the child blurred (the photos app
re-renders them), and each social delivery that carried one of those photos
is withdrawn, since a copy already on a platform cannot be re-rendered (it can
be re-shared once the blurred rendition is ready); otherwise it is withdrawn,
from the blog when blog consent is gone and from each social channel through
the outbox, where a withdrawal is an item with its own idempotency key, sent
at most once and retried until done. Each step is audited and listed on the
takedowns page.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction

from schoolgate.audit.services import audit_log
from schoolgate.core.permissions import require
from schoolgate.people.models import Pupil
from schoolgate.publishing.attachments import post_photos
from schoolgate.publishing.models import OutboxItem, Post, Takedown, TakedownStep

if TYPE_CHECKING:
    from schoolgate.accounts.models import User
    from schoolgate.core.types import Actor

USES = ("blog", "social")


def posts_showing(pupil: Pupil) -> dict[int, tuple[Post, bool]]:
    """Return the published posts showing the pupil, each with whether only photos show them."""
    found: dict[int, tuple[Post, bool]] = {}
    published = Post.objects.filter(status=Post.Status.PUBLISHED).select_related("school")
    for post in published.filter(pupils=pupil):
        found[post.pk] = (post, False)
    for photo in _photos_showing(pupil):
        if photo.post.status == Post.Status.PUBLISHED and photo.post_id not in found:
            found[photo.post_id] = (photo.post, True)
    return found


def _photos_showing(pupil: Pupil) -> list[Any]:
    return post_photos().showing(pupil)


def pupil_takedown(
    *,
    pupil: Pupil,
    uses: Iterable[str],
    reason: str,
    actor: Actor = None,
    only_post: Post | None = None,
) -> Takedown:
    """Take down every published post showing the pupil on the channels `uses` names.

    With `only_post`, just that post (a parent's request about one item).
    """
    lost = [u for u in USES if u in set(uses)]
    shown = posts_showing(pupil)
    if only_post is not None:
        shown = {k: v for k, v in shown.items() if k == only_post.pk}
    with transaction.atomic():
        takedown = Takedown.objects.create(
            school=pupil.school, pupil=pupil, reason=reason, uses=lost, requested_by=actor
        )
        for post, photos_only in shown.values():
            if photos_only:
                _rerender(takedown, post, pupil, actor)
            elif "blog" in lost:
                _unpublish(takedown, post, actor)
                _withdraw_everywhere(takedown, post, actor)
            elif "social" in lost:
                _withdraw_everywhere(takedown, post, actor)
        audit_log(
            event="publishing.takedown",
            actor=actor,
            subject=pupil,
            school=pupil.school,
            label=takedown.get_reason_display(),
            extra={"uses": lost, "posts": sorted(shown)},
        )
    return takedown


def _step(
    takedown: Takedown, post: Post, step: TakedownStep.Step, actor: Actor, **extra: Any
) -> None:
    item = extra.pop("item", None)
    TakedownStep.objects.create(
        takedown=takedown, post=post, step=step, outbox_item=item, note=extra.get("note", "")
    )
    event = {
        TakedownStep.Step.UNPUBLISHED: "publishing.post_unpublished",
        TakedownStep.Step.WITHDRAWING: "publishing.withdrawal_queued",
        TakedownStep.Step.RERENDERED: "publishing.photo_rerendered",
    }[step]
    audit_log(
        event=event,
        actor=actor,
        subject=post,
        school=post.school,
        label=post.title,
        extra={"takedown": takedown.pk, **({"item": item.pk} if item else {}), **extra},
    )


def _unpublish(takedown: Takedown, post: Post, actor: Actor) -> None:
    from schoolgate.publishing.blog import blog_changed
    from schoolgate.publishing.services import post_status_set

    # Locked, so that two takedowns of the same post unpublish it once.
    locked = Post.objects.select_for_update(of=("self",)).get(pk=post.pk)
    if locked.status == Post.Status.PUBLISHED:
        post_status_set(locked, Post.Status.WITHDRAWN)
        post.status = locked.status
        _step(takedown, post, TakedownStep.Step.UNPUBLISHED, actor)
        school = post.school
        transaction.on_commit(lambda: blog_changed(school))


def _withdraw_everywhere(
    takedown: Takedown, post: Post, actor: Actor, *, carrying: set[int] | None = None
) -> None:
    """Queue one withdrawal per delivery of the post; a delivery is withdrawn once only.

    With `carrying`, only the deliveries that carried one of those photos
    (and any not sent yet, which would carry them).
    """
    deliveries = (
        OutboxItem.objects.select_for_update(of=("self",))
        .filter(post=post, kind=OutboxItem.Kind.PUBLISH, withdrawal__isnull=True)
        .exclude(status=OutboxItem.Status.WITHDRAWN)
        .select_related("channel")
    )
    for delivery in deliveries:
        if carrying is not None and not _carries(delivery, carrying):
            continue
        withdrawal = withdrawal_queue(delivery)
        _step(
            takedown, post, TakedownStep.Step.WITHDRAWING, actor, item=withdrawal,
            note=str(delivery.channel),
        )  # fmt: skip


def withdrawal_queue(delivery: OutboxItem) -> OutboxItem:
    """Queue taking one delivery down (or cancelling it, not sent yet); once per delivery.

    Takedowns use it, and so does a correction that a platform cannot edit
    in place (withdrawn, then posted again). Call inside a transaction that
    holds the delivery's row lock.
    """
    from schoolgate.publishing.tasks import send_outbox_item

    withdrawal = OutboxItem.objects.create(
        post_id=delivery.post_id,
        channel=delivery.channel,
        version=delivery.version,
        kind=OutboxItem.Kind.WITHDRAW,
        withdraws=delivery,
        idempotency_key=f"{delivery.idempotency_key}-w",
    )
    transaction.on_commit(partial(send_outbox_item.enqueue, withdrawal.pk))
    return withdrawal


def _carries(delivery: OutboxItem, photo_ids: set[int]) -> bool:
    """Return whether the delivery showed (or, not sent yet, would show) one of the photos."""
    if delivery.status != OutboxItem.Status.SENT:
        return True  # what goes out is decided when it is sent: cancel it to be safe
    return any(image.get("photo") in photo_ids for image in delivery.images)


def _rerender(takedown: Takedown, post: Post, pupil: Pupil, actor: Actor) -> None:
    """Blur the child in the post's photos (the photos app re-renders them for the blog).

    Social copies that carried one of those photos are withdrawn: the
    platform keeps the unblurred bytes it was sent.
    """
    photos = [p for p in _photos_showing(pupil) if p.post_id == post.pk]
    if "social" in takedown.uses:
        _withdraw_everywhere(takedown, post, actor, carrying={p.pk for p in photos})
    # On a consent withdrawal the photos app already queues its own re-render.
    if takedown.reason != Takedown.Reason.CONSENT:
        rerender = post_photos().rerender
        for photo in photos:
            transaction.on_commit(partial(rerender, photo.pk, pupil.pk))
    _step(
        takedown, post, TakedownStep.Step.RERENDERED, actor,
        note=f"{len(photos)} photo(s)",
    )  # fmt: skip


# ---------------------------------------------------------------------------
# By hand
# ---------------------------------------------------------------------------


def post_take_down(*, post: Post, reason: str, actor: User) -> Takedown:
    """Take one published post off the blog and withdraw it from every channel.

    The actor needs "publishing.take_down" (the profile's approvers: shire's
    head of school may remove any post), or is the post's author. Each
    delivery is withdrawn through the outbox like any other takedown, so it
    is sent once and retried.
    """
    from django.core.exceptions import ValidationError

    # Its author may always withdraw their own post (taking down only hides).
    if post.author_id != actor.pk:
        require(actor, "publishing.take_down", post.school)
    if not reason.strip():
        raise ValidationError("Say why the post is taken down.")
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("school").get(pk=post.pk)
        if locked.status != Post.Status.PUBLISHED:
            raise ValidationError("This post is not published, so there is nothing to take down.")
        takedown = Takedown.objects.create(
            school=locked.school,
            reason=Takedown.Reason.BY_HAND,
            note=reason.strip(),
            uses=list(USES),
            requested_by=actor,
        )
        _unpublish(takedown, locked, actor)
        _withdraw_everywhere(takedown, locked, actor)
        audit_log(
            event="publishing.post_taken_down",
            actor=actor,
            subject=locked,
            school=locked.school,
            label=locked.title,
            extra={"takedown": takedown.pk, "reason": reason.strip()},
        )
    return takedown


# ---------------------------------------------------------------------------
# Leavers
# ---------------------------------------------------------------------------


def leavers_to_take_down() -> list[Pupil]:
    """Return former pupils still shown in published posts, not yet taken down."""
    former = Pupil.objects.filter(status=Pupil.Status.FORMER).exclude(
        takedowns__reason=Takedown.Reason.LEFT
    )
    tagged = former.filter(tagged_in_posts__status=Post.Status.PUBLISHED)
    pupils = {p.pk: p for p in tagged.select_related("school")}
    in_photos = former.filter(photo_faces__photo__post__status=Post.Status.PUBLISHED)
    pupils.update({p.pk: p for p in in_photos.select_related("school")})
    return list(pupils.values())


def leavers_take_down() -> list[Takedown]:
    """Take down the posts of every pupil who left; safe to run daily (once per pupil)."""
    return [
        pupil_takedown(pupil=pupil, uses=USES, reason=Takedown.Reason.LEFT)
        for pupil in leavers_to_take_down()
    ]
