"""Every path that sends a post to a social channel passes one gate, which asks
consent and the policy at the moment of sending (issue 13, item 1).

A pupil whose parent refused (or withdrew) consent for social media keeps the
post off Facebook and X whichever way it is sent: publishing, approving,
re-sharing, resending, a retry or the scheduled sweep. Consent withdrawn
after a delivery was queued holds the delivery when it is due.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from schoolgate.consent.services import consent_withdraw
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.publishing import connectors, services
from schoolgate.publishing.connectors import ConnectorError, LocalOutbox
from schoolgate.publishing.models import LocalDelivery, OutboxItem, Post
from schoolgate.publishing.outbox import outbox_send
from schoolgate.publishing.tasks import send_due_outbox
from schoolgate.publishing.tests.factories import override_approval

SOCIAL = ("facebook", "x")


def _consent(pupil, *uses, answer="given"):
    for use in uses:
        PhotoConsentFactory(pupil=pupil, use=use, answer=answer)


def _withdraw_social(pupil, personas):
    """The parent withdraws consent for social media (the takedown's on-commit
    work is not run: the delivery below must be stopped by the gate itself)."""
    consent_withdraw(
        pupil=pupil, uses=["social"], parent=None, method="email", actor=personas.head
    )


def _social_posts():
    return LocalDelivery.objects.filter(channel__kind__in=SOCIAL, withdrawn_at__isnull=True)


class Failing(LocalOutbox):
    def publish(self, message):
        raise ConnectorError("connection refused")


@pytest.fixture
def refused_post(make_post, personas, jack, django_capture_on_commit_callbacks):
    """A post tagging Jack, whose parent refused social media: published to the blog only."""
    _consent(jack, "blog")
    _consent(jack, "social", answer="refused")
    post = make_post(pupils=[jack])
    with django_capture_on_commit_callbacks(execute=True):
        post = services.post_submit(post=post, actor=personas.head)
    assert post.status == Post.Status.PUBLISHED
    assert not post.outbox.exists()
    return post


@pytest.fixture
def queued_post(make_post, personas, jack, django_capture_on_commit_callbacks):
    """A post tagging Jack (consent for both uses), published with its social
    deliveries queued but not yet sent."""
    _consent(jack, "blog", "social")
    post = make_post(pupils=[jack])
    with django_capture_on_commit_callbacks(execute=False):
        services.post_submit(post=post, actor=personas.head)
    assert post.outbox.filter(status="pending").count() == 2
    return post


# ---------------------------------------------------------------------------
# Re-share (POST /publishing/<post>/reshare/<channel>/)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", SOCIAL)
def test_reshare_of_a_post_whose_pupil_has_no_social_consent_is_refused(
    client, sign_in, personas, channels, refused_post, kind, django_capture_on_commit_callbacks
):
    sign_in(personas.head)
    url = reverse(
        "publishing:reshare", kwargs={"pk": refused_post.pk, "channel": channels[kind].pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert not _social_posts().exists()
    assert "no consent for social media" in response.content.decode()


def test_reshare_after_consent_is_withdrawn_posts_nothing_again(
    client, sign_in, personas, channels, jack, make_post, django_capture_on_commit_callbacks
):
    _consent(jack, "blog", "social")
    post = make_post(pupils=[jack])
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=post, actor=personas.head)
    assert _social_posts().count() == 2
    with django_capture_on_commit_callbacks(execute=True):  # the takedown runs
        _withdraw_social(jack, personas)
    assert not _social_posts().exists()
    sign_in(personas.head)
    for kind in SOCIAL:
        url = reverse("publishing:reshare", kwargs={"pk": post.pk, "channel": channels[kind].pk})
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url)
    assert not _social_posts().exists()


def test_reshare_of_a_failed_delivery_after_consent_is_withdrawn_is_refused(
    client, sign_in, personas, channels, queued_post, jack, monkeypatch,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    item = queued_post.outbox.get(channel__kind="facebook")
    monkeypatch.setitem(connectors.CONNECTORS, "facebook", Failing)
    outbox_send(item.pk)
    OutboxItem.objects.filter(pk=item.pk).update(status="failed")
    monkeypatch.undo()
    _withdraw_social(jack, personas)
    sign_in(personas.head)
    url = reverse("publishing:reshare", kwargs={"pk": queued_post.pk, "channel": item.channel_id})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "no consent for social media" in page
    assert not _social_posts().exists()


# ---------------------------------------------------------------------------
# Publish and approve: checked again when the queued delivery is sent
# ---------------------------------------------------------------------------


def test_publish_holds_deliveries_when_consent_goes_before_they_are_sent(
    queued_post, personas, jack, django_capture_on_commit_callbacks
):
    _withdraw_social(jack, personas)
    for item in queued_post.outbox.all():
        item = outbox_send(item.pk)
        assert item.status == OutboxItem.Status.HELD
        assert "no consent for social media" in item.last_error
    assert not _social_posts().exists()


def test_approval_holds_deliveries_when_consent_goes_before_they_are_sent(
    make_post, personas, jack, django_capture_on_commit_callbacks
):
    override_approval(personas, "direct_publishers", ["head"])
    _consent(jack, "blog", "social")
    post = make_post(pupils=[jack], author=personas.teacher)
    post = services.post_submit(post=post, actor=personas.teacher)
    assert post.status == Post.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=False) as queued:
        services.post_approve(
            post=post, content_hash=services.approval_hash(post), actor=personas.head
        )
    _withdraw_social(jack, personas)
    for callback in queued:  # the worker gets to the deliveries after the withdrawal
        callback()
    assert post.outbox.count() == 2
    assert not _social_posts().exists()
    assert set(post.outbox.values_list("status", flat=True)) == {OutboxItem.Status.HELD}


# ---------------------------------------------------------------------------
# The outbox: the scheduled sweep, retries and resends
# ---------------------------------------------------------------------------


def test_the_scheduled_sweep_holds_a_delivery_consent_no_longer_covers(
    queued_post, personas, jack
):
    _withdraw_social(jack, personas)
    OutboxItem.objects.update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert send_due_outbox.call() == 2
    assert not _social_posts().exists()
    assert set(queued_post.outbox.values_list("status", flat=True)) == {"held"}


def test_a_retry_after_consent_is_withdrawn_is_held(queued_post, personas, jack, monkeypatch):
    item = queued_post.outbox.get(channel__kind="facebook")
    monkeypatch.setitem(connectors.CONNECTORS, "facebook", Failing)
    assert outbox_send(item.pk).status == OutboxItem.Status.RETRYING
    monkeypatch.undo()
    _withdraw_social(jack, personas)
    assert outbox_send(item.pk).status == OutboxItem.Status.HELD
    assert not _social_posts().exists()


def test_resending_a_failed_delivery_after_consent_is_withdrawn_is_refused(
    client, sign_in, queued_post, personas, jack, django_capture_on_commit_callbacks
):
    item = queued_post.outbox.get(channel__kind="facebook")
    OutboxItem.objects.filter(pk=item.pk).update(status="failed", attempts=8)
    _withdraw_social(jack, personas)
    sign_in(personas.head)
    url = reverse("publishing:resend", kwargs={"pk": queued_post.pk, "item": item.pk})
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).content.decode()
    assert "no consent for social media" in page
    assert not _social_posts().exists()


def test_a_withdrawal_is_never_held_by_the_gate(
    make_post, personas, jack, django_capture_on_commit_callbacks
):
    _consent(jack, "blog", "social")
    post = make_post(pupils=[jack])
    with django_capture_on_commit_callbacks(execute=True):
        services.post_submit(post=post, actor=personas.head)
    with django_capture_on_commit_callbacks(execute=True):
        _withdraw_social(jack, personas)
    withdrawals = OutboxItem.objects.filter(kind="withdraw")
    assert withdrawals.count() == 2
    assert set(withdrawals.values_list("status", flat=True)) == {"sent"}


# ---------------------------------------------------------------------------
# The whole class: no code queues a delivery except through the gate
# ---------------------------------------------------------------------------

SOURCE = Path(__file__).resolve().parents[2] / "schoolgate"
GATE = SOURCE / "publishing" / "gate.py"
# Withdrawals take posts down; they never pass the send gate.
WITHDRAWALS = SOURCE / "publishing" / "takedowns.py"


def _outbox_writes(path: Path) -> list[int]:
    """Return the lines of `path` that create OutboxItem rows."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        called = ast.unparse(node.func)
        makes = node.func.attr in {"create", "get_or_create", "bulk_create", "update_or_create"}
        if (makes and called.startswith("OutboxItem.objects")) or called == "OutboxItem":
            lines.append(node.lineno)
    return lines


def test_only_the_gate_queues_deliveries_to_a_channel():
    sources = [p for p in SOURCE.rglob("*.py") if "tests" not in p.parts]
    found = {
        str(path.relative_to(SOURCE)): lines
        for path in sources
        if path not in (GATE, WITHDRAWALS) and "migrations" not in path.parts
        for lines in [_outbox_writes(path)]
        if lines
    }
    assert found == {}
