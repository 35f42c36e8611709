"""Comments from external channels: fetched into the queue once, decisions sent back."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from io import StringIO
from urllib.parse import parse_qs

import pytest
import responses
from django.core.cache import cache
from django.core.management import call_command
from django.db.models.signals import pre_save
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in
from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ApplicationError
from schoolgate.moderation import channels, services
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import published_post
from schoolgate.people.models import StaffMember
from schoolgate.publishing import connectors
from schoolgate.publishing.connectors import ConnectorError
from schoolgate.publishing.models import Channel, OutboxItem
from schoolgate.sanctions.models import Sanction

FIXED = [
    ("Helen Morris", "Brilliant to see the children so proud of their work. Thank you to all!"),
    ("Dan Okafor", "Will there be photos from this in the newsletter? Which day does it go out?"),
    (
        "Angry Dad",
        "Mrs Patel clearly has favourites and my daughter is always left out. "
        "Shocking, I'm fed up with this school.",
    ),
    (
        "Kerry Lane",
        "Lovely! If anyone found a blue lunchbox after the trip please ring me on 07912 345678.",
    ),
]


class FakePlatform(channels.DemoChannelConnector):
    """Four fixed comments per remote post, failures on demand and a record of what was asked."""

    calls: list[tuple[str, str]] = []
    failing: set[str] = set()

    def _maybe_fail(self, what: str) -> None:
        if what in self.failing:
            raise ConnectorError(f"{what}: connection reset by peer")

    def fetch_comments(self, remote_id: str) -> list[connectors.Comment]:
        self._maybe_fail(f"fetch {remote_id}")
        at = self._posted_at(remote_id)
        return [
            connectors.Comment(
                id=f"{remote_id}:demo-{n}",
                author_id=f"demo-user-{n}",
                author_name=name,
                text=text,
                at=at + dt.timedelta(minutes=17 * (n + 1)),
            )
            for n, (name, text) in enumerate(FIXED)
        ]

    def hide_comment(self, comment_id: str) -> None:
        self._maybe_fail("hide")
        self.calls.append(("hide", comment_id))

    def unhide_comment(self, comment_id: str) -> None:
        self._maybe_fail("unhide")
        self.calls.append(("unhide", comment_id))

    def delete_comment(self, comment_id: str) -> None:
        self.calls.append(("delete", comment_id))

    def block_user(self, user_id: str) -> None:
        self.calls.append(("block", user_id))

    def unblock_user(self, user_id: str) -> None:
        self._maybe_fail("unblock")
        self.calls.append(("unblock", user_id))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and what it queued for after its commit (the platform's part)."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture(autouse=True)
def platform(monkeypatch):
    cache.clear()
    FakePlatform.calls, FakePlatform.failing = [], set()
    monkeypatch.setitem(connectors.CONNECTORS, Channel.Kind.X, FakePlatform)
    monkeypatch.setitem(connectors.CONNECTORS, Channel.Kind.MASTODON, FakePlatform)
    return FakePlatform


@pytest.fixture(autouse=True)
def held_everywhere(request):
    """Hold every comment out of sight on every channel, as all but shire do.

    Shire holds only the blog's (moderation.hold_all:channels); the tests of
    that name `shire_holds_only_the_blog`.
    """
    from schoolgate.policy.models import ParameterOverride

    if "personas" not in request.fixturenames:
        return None  # the demo's own schools, under their own profiles
    personas = request.getfixturevalue("personas")
    return ParameterOverride.objects.create(
        school=personas.school,
        rule="moderation.hold_all",
        param="channels",
        value=["blog", "facebook", "x", "mastodon", "bluesky"],
        set_by=personas.head,
    )


@pytest.fixture
def shire_holds_only_the_blog(held_everywhere):
    from schoolgate.policy.selectors import forget_school_policy

    held_everywhere.delete()
    forget_school_policy(held_everywhere.school)


@pytest.fixture
def school(personas):
    StaffMember.objects.create(
        school=personas.school,
        mis_id="S1",
        title="Mrs",
        first_name="Anita",
        surname="Patel",
        formal_name="Mrs Patel",
    )
    return personas.school


def _sent(school, author, remote_id: str, slug: str, kind=Channel.Kind.X) -> OutboxItem:
    channel, _ = Channel.objects.get_or_create(
        school=school, kind=kind, name=f"Larkspur on {kind}", defaults={"owner": author}
    )
    post = published_post(school, author, slug=slug)
    return OutboxItem.objects.create(
        post=post,
        channel=channel,
        version=post.current,
        idempotency_key=f"{slug}-x",
        status=OutboxItem.Status.SENT,
        remote_id=remote_id,
    )


@pytest.fixture
def item(school, personas):
    return _sent(school, personas.head, "1790001", "sports-day")


def _external():
    return Comment.objects.filter(source=Comment.Source.EXTERNAL)


def test_fetched_comments_land_in_the_queue_triaged(item):
    summary = channels.channel_comments_fetch(school=item.channel.school)
    assert summary.stored == 4
    comments = {c.name: c for c in _external()}
    assert all(c.is_waiting and c.channel == item.channel for c in comments.values())
    assert comments["Angry Dad"].status == Comment.Status.ESCALATED
    assert "staff_name" in comments["Angry Dad"].labels
    assert "personal_data" in comments["Kerry Lane"].labels
    assert comments["Helen Morris"].status == Comment.Status.HELD
    assert not Comment.objects.displayable().exists()


def test_fetching_twice_stores_each_comment_once(item):
    channels.channel_comments_fetch(school=item.channel.school)
    again = channels.channel_comments_fetch(school=item.channel.school)
    assert (again.stored, again.already) == (0, 4)
    assert _external().count() == 4
    assert _external().values("external_id").distinct().count() == 4


def test_a_network_error_loses_nothing_and_is_retried_next_run(item, personas, platform):
    other = _sent(item.channel.school, personas.head, "1790002", "choir")
    platform.failing = {f"fetch {other.remote_id}"}
    first = channels.channel_comments_fetch(school=item.channel.school)
    assert first.stored == 4 and len(first.failed) == 1
    assert "connection reset" in first.failed[0]
    platform.failing = set()
    second = channels.channel_comments_fetch(school=item.channel.school)
    assert (second.stored, second.already) == (4, 4)
    assert _external().filter(post=other.post).count() == 4


def test_a_withdrawn_or_inactive_channel_is_not_fetched(item):
    Channel.objects.filter(pk=item.channel_id).update(is_active=False)
    assert channels.channel_comments_fetch(school=item.channel.school).stored == 0


def _angry(item, platform=None):
    channels.channel_comments_fetch(school=item.channel.school)
    if platform is not None:
        platform.calls.clear()  # the hides on arrival
    return _external().get(name="Angry Dad")


def test_rejecting_an_external_comment_hides_it_on_the_platform(
    item, personas, platform, committed
):
    comment = committed(
        services.comment_reject, comment=_angry(item, platform), actor=personas.head
    )
    assert comment.status == Comment.Status.REJECTED
    assert platform.calls == [("hide", comment.external_id)]


def test_deleting_an_external_comment_deletes_it_on_the_platform(
    item, personas, platform, committed
):
    comment = committed(
        services.comment_delete,
        comment=_angry(item, platform),
        actor=personas.head,
        reason="Abuse",
    )
    assert platform.calls == [("delete", comment.external_id)]


def test_new_external_comments_are_hidden_on_the_platform_while_they_wait(item, platform):
    channels.channel_comments_fetch(school=item.channel.school)
    waiting = list(_external())
    assert sorted(platform.calls) == sorted(("hide", c.external_id) for c in waiting)
    assert all(c.platform_hidden for c in waiting)
    held = AuditEntry.objects.filter(event="moderation.platform_action", extra__action="held")
    assert held.count() == 4
    channels.channel_comments_fetch(school=item.channel.school)
    assert len(platform.calls) == 4  # already hidden: not asked again


def test_the_queue_says_a_waiting_comment_is_hidden_on_x_but_visible_on_mastodon(
    item, personas, platform, client
):
    _sent(item.channel.school, personas.head, "109001", "choir", kind=Channel.Kind.MASTODON)
    channels.channel_comments_fetch(school=item.channel.school)
    on_mastodon = _external().filter(channel__kind=Channel.Kind.MASTODON)
    assert not any(c.platform_hidden for c in on_mastodon)
    assert not {("hide", c.external_id) for c in on_mastodon} & set(platform.calls)
    signed_in(client, personas.head)
    page = client.get(reverse("moderation:queue")).content.decode()
    assert page.count("Hidden on X (Twitter) while it waits") == 4
    assert (
        page.count(
            "Visible on Mastodon until you decide: Mastodon does not let Schoolgate hide a reply."
        )
        == 4
    )


def test_a_hide_the_platform_refused_on_arrival_is_said_and_asked_again(
    item, personas, platform, client
):
    platform.failing = {"hide"}
    channels.channel_comments_fetch(school=item.channel.school)
    helen = _external().get(name="Helen Morris")
    assert not helen.platform_hidden
    signed_in(client, personas.teacher)
    page = client.get(reverse("moderation:comment", args=[helen.pk])).content.decode()
    assert "Still visible on X (Twitter): hiding it there has not worked yet" in page
    platform.failing = set()
    channels.channel_comments_fetch(school=item.channel.school)
    helen.refresh_from_db()
    assert helen.platform_hidden
    assert ("hide", helen.external_id) in platform.calls


def test_approving_a_held_external_comment_shows_it_again_on_the_platform(
    item, personas, platform, committed
):
    channels.channel_comments_fetch(school=item.channel.school)
    helen = _external().get(name="Helen Morris")
    platform.calls.clear()
    committed(services.comment_approve, comment=helen, actor=personas.teacher)
    assert platform.calls == [("unhide", helen.external_id)]
    helen.refresh_from_db()
    assert (helen.status, helen.platform_hidden) == (Comment.Status.APPROVED, False)


def test_a_show_the_platform_refused_is_said_and_asked_again(
    item, personas, platform, committed, client
):
    channels.channel_comments_fetch(school=item.channel.school)
    helen = _external().get(name="Helen Morris")
    platform.failing = {"unhide"}
    committed(services.comment_approve, comment=helen, actor=personas.teacher)
    signed_in(client, personas.teacher)
    page = client.get(reverse("moderation:comment", args=[helen.pk])).content.decode()
    assert "Still hidden on X (Twitter): showing it there again has not worked yet" in page
    platform.failing = set()
    channels.channel_comments_fetch(school=item.channel.school)
    helen.refresh_from_db()
    assert not helen.platform_hidden
    assert platform.calls[-1] == ("unhide", helen.external_id)


def test_the_moderator_is_told_an_approved_comment_shows_again_on_x(
    item, personas, platform, client, django_capture_on_commit_callbacks
):
    channels.channel_comments_fetch(school=item.channel.school)
    helen = _external().get(name="Helen Morris")
    signed_in(client, personas.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("moderation:act", args=[helen.pk]), {"verdict": "approve"}, follow=True
        )
    page = response.content.decode()
    assert "X (Twitter) is asked to show it again (hidden there while it waited)" in page
    assert "shows under the post" not in page
    assert platform.calls[-1] == ("unhide", helen.external_id)


def test_the_moderator_is_told_an_approved_comment_stays_visible_on_mastodon(
    personas, school, platform, client
):
    item = _sent(school, personas.head, "109001", "choir", kind=Channel.Kind.MASTODON)
    channels.channel_comments_fetch(school=school)
    helen = _external().get(name="Helen Morris")
    signed_in(client, personas.teacher)
    response = client.post(
        reverse("moderation:act", args=[helen.pk]), {"verdict": "approve"}, follow=True
    )
    page = response.content.decode()
    assert f"It stays visible on {item.channel.get_kind_display()}" in page
    assert platform.calls == []


def test_a_comment_hidden_on_the_platform_cannot_then_be_approved(
    item, personas, platform, committed
):
    comment = committed(
        services.comment_reject, comment=_angry(item, platform), actor=personas.head
    )
    assert platform.calls == [("hide", comment.external_id)]
    with pytest.raises(ApplicationError, match="already been decided"):
        services.comment_approve(comment=comment, actor=personas.head)
    assert platform.calls == [("hide", comment.external_id)]


def test_blocking_an_external_commenter_blocks_them_on_the_platform(
    item, personas, platform, committed
):
    comment = _angry(item, platform)
    committed(services.commenter_block, comment=comment, reason="Abuse", actor=personas.head)
    assert platform.calls == [("block", comment.external_author_id)]


def test_an_external_block_is_a_sanction_with_an_end_date_that_lapses(
    item, personas, platform, committed
):
    comment = _angry(item)
    until = timezone.localdate() + dt.timedelta(days=30)
    sanction = committed(
        services.commenter_block,
        comment=comment,
        reason="Abuse",
        actor=personas.head,
        ends_on=until,
    )
    assert isinstance(sanction, Sanction)
    assert (sanction.kind, sanction.email) == (Sanction.Kind.COMMENTER_BLOCK, "")
    assert (sanction.platform, sanction.platform_user_id) == (
        item.channel.kind,
        comment.external_author_id,
    )
    assert sanction.ends_on == until
    assert sanction.state_on(until) == Sanction.State.ACTIVE
    assert sanction.state_on(until + dt.timedelta(days=1)) == Sanction.State.EXPIRED
    assert comment.external_author_id in sanction.subject_label


@pytest.fixture
def mastodon_item(school, personas):
    return _sent(school, personas.head, "109001", "choir", kind=Channel.Kind.MASTODON)


def _blocked(item, personas, platform, committed, *, ended=True):
    comment = _angry(item, platform)
    sanction = committed(
        services.commenter_block, comment=comment, reason="Abuse", actor=personas.head
    )
    if ended:  # it lapsed yesterday
        today = timezone.localdate()
        Sanction.objects.filter(pk=sanction.pk).update(
            starts_on=today - dt.timedelta(days=30), ends_on=today - dt.timedelta(days=1)
        )
    platform.calls.clear()
    return comment, Sanction.objects.get(pk=sanction.pk)


def _sanctions_page(client, personas, state):
    signed_in(client, personas.head)
    return client.get(reverse("sanctions:list"), {"state": state}).content.decode()


def test_a_lapsed_block_is_lifted_on_mastodon_once_by_the_fetch(
    mastodon_item, personas, platform, committed, client
):
    comment, sanction = _blocked(mastodon_item, personas, platform, committed)
    out = StringIO()
    call_command("fetch_comments", stdout=out)
    call_command("fetch_comments", stdout=out)
    assert platform.calls == [("unblock", comment.external_author_id)]
    assert "1 account(s) unblocked after their block ended." in out.getvalue()
    sanction.refresh_from_db()
    assert sanction.platform_unblocked_at is not None
    assert AuditEntry.objects.filter(
        event="sanctions.platform_unblocked", subject_id=str(sanction.pk)
    ).exists()
    page = _sanctions_page(client, personas, "expired")
    assert f"Unblocked on Mastodon on {timezone.localdate():%-d %b %Y}." in page


def test_a_block_lifted_early_is_lifted_on_the_platform_too(
    mastodon_item, personas, platform, committed
):
    from schoolgate.sanctions.services import sanction_lift

    comment, sanction = _blocked(mastodon_item, personas, platform, committed, ended=False)
    assert channels.platform_blocks_lift().unblocked == 0  # still in force
    sanction_lift(sanction=sanction, reason="Apologised in person.", actor=personas.head)
    assert channels.platform_blocks_lift().unblocked == 1
    assert platform.calls == [("unblock", comment.external_author_id)]


def test_an_account_another_block_still_covers_stays_blocked(
    mastodon_item, personas, platform, committed
):
    comment, old = _blocked(mastodon_item, personas, platform, committed)
    Sanction.objects.create(
        school=old.school,
        kind=Sanction.Kind.COMMENTER_BLOCK,
        platform=old.platform,
        platform_user_id=old.platform_user_id,
        starts_on=timezone.localdate(),
        reason="Again.",
        decided_by=personas.head,
    )
    assert channels.platform_blocks_lift().unblocked == 0
    assert platform.calls == []


def test_a_refused_unblock_is_shown_to_the_head_and_tried_again(
    mastodon_item, personas, platform, committed, client
):
    comment, sanction = _blocked(mastodon_item, personas, platform, committed)
    platform.failing = {"unblock"}
    for _run in range(2):
        summary = channels.platform_blocks_lift()
        assert summary.unblocked == 0 and "connection reset" in summary.failed[0]
    refusals = AuditEntry.objects.filter(event="sanctions.platform_unblock_failed")
    assert refusals.count() == 1  # the same refusal twice is recorded once
    page = _sanctions_page(client, personas, "expired")
    assert "Still blocked on Mastodon: it refused to unblock" in page
    assert "tries again at the next comment fetch" in page
    platform.failing = set()
    assert channels.platform_blocks_lift().unblocked == 1
    assert "Unblocked on Mastodon" in _sanctions_page(client, personas, "expired")


def test_an_ended_block_on_x_tells_the_head_to_unblock_there_and_asks_x_nothing(
    item, personas, platform, committed, client
):
    _blocked(item, personas, platform, committed)
    assert channels.platform_blocks_lift().unblocked == 0
    assert platform.calls == []
    page = _sanctions_page(client, personas, "expired")
    assert (
        "X (Twitter) does not let Schoolgate block or unblock accounts: this block has ended: "
        "unblock the account there yourself if you blocked it."
    ) in page


def test_the_block_page_says_mastodon_unblocks_when_the_block_ends(
    mastodon_item, personas, platform, client
):
    comment = _angry(mastodon_item, platform)
    signed_in(client, personas.head)
    url = reverse("moderation:block", args=[comment.pk])
    intro = client.get(url).content.decode()
    assert "the account is unblocked on Mastodon" in intro
    response = client.post(url, {"reason": "Abuse", "ends_on": "2099-01-31"}, follow=True)
    page = response.content.decode()
    assert "Blocked on Mastodon until 31 January 2099" in page
    assert "unblock it when Schoolgate&#x27;s block ends" in page
    sanctions = _sanctions_page(client, personas, "active")
    assert "Schoolgate unblocks the account on Mastodon when this block ends." in sanctions


def test_the_block_page_says_what_a_platform_block_does(item, personas, platform, client):
    comment = _angry(item)
    signed_in(client, personas.head)
    url = reverse("moderation:block", args=[comment.pk])
    intro = client.get(url).content.decode()
    assert "does not let Schoolgate block accounts" in intro
    assert "keeps its own block" in intro
    response = client.post(url, {"reason": "Abuse", "ends_on": "2099-01-31"}, follow=True)
    page = response.content.decode()
    assert "Recorded in Schoolgate until 31 January 2099" in page
    assert f"unblock the account on {item.channel.get_kind_display()} too" in page
    assert "next comment will be refused" not in page


def test_a_refused_hide_is_asked_again_on_the_next_fetch(item, personas, platform, committed):
    platform.failing = {"hide"}
    comment = committed(services.comment_reject, comment=_angry(item), actor=personas.head)
    assert platform.calls == []
    platform.failing = set()
    channels.channel_comments_fetch(school=item.channel.school)
    channels.channel_comments_fetch(school=item.channel.school)
    assert platform.calls.count(("hide", comment.external_id)) == 1
    comment.refresh_from_db()
    assert comment.platform_hidden


def test_the_command_fetches_one_school_and_can_run_again(item):
    out = StringIO()
    call_command("fetch_comments", "--school", item.channel.school.slug, stdout=out)
    call_command("fetch_comments", stdout=out)
    assert "4 new comment(s) queued" in out.getvalue()
    assert "0 new comment(s) queued, 4 already in the queue" in out.getvalue()
    assert _external().count() == 4


def test_only_simulated_channels_speak_through_the_demo_connector(item):
    assert type(channels.comment_connector_for(item.channel)) is not channels.DemoChannelConnector
    item.channel.transport = Channel.Transport.SIMULATED
    connector = channels.comment_connector_for(item.channel)
    assert type(connector) is channels.DemoChannelConnector
    first = connector.fetch_comments(item.remote_id)
    assert first == connector.fetch_comments(item.remote_id)
    assert len(first) == channels.DEMO_PER_CHANNEL


@pytest.fixture
def demo_school(school):
    """The school, every channel of which is simulated, as the demo loader makes them."""

    def simulated(sender, instance, **kwargs):  # type: ignore[no-untyped-def]
        if instance.school_id == school.pk:
            instance.transport = Channel.Transport.SIMULATED

    pre_save.connect(simulated, sender=Channel, weak=False)
    Channel.objects.filter(school=school).update(transport=Channel.Transport.SIMULATED)
    yield school
    pre_save.disconnect(simulated, sender=Channel)


def test_a_post_sent_again_brings_no_new_demo_comments(demo_school, personas):
    item = _sent(demo_school, personas.head, "local-101", "trip")
    first = channels.channel_comments_fetch(school=demo_school)
    assert first.stored == channels.DEMO_PER_CHANNEL
    # The same post sent again (a correction, a re-share): a new remote id.
    OutboxItem.objects.create(
        post=item.post,
        channel=item.channel,
        version=item.version,
        idempotency_key="trip-x-again",
        status=OutboxItem.Status.SENT,
        remote_id="local-102",
    )
    for _ in range(3):  # the worker fetches every few minutes
        again = channels.channel_comments_fetch(school=demo_school)
        assert again.stored == 0
    assert _external().count() == channels.DEMO_PER_CHANNEL


def test_the_demo_does_not_put_the_same_complaint_under_every_post(demo_school, personas):
    for n in range(6):
        _sent(demo_school, personas.head, f"local-{200 + n}", f"post-{n}")
    channels.channel_comments_fetch(school=demo_school)
    by_post: dict[int, set[str]] = {}
    for comment in _external():
        by_post.setdefault(comment.post_id, set()).add(comment.name)
    assert len(by_post) == 6
    assert all(len(names) == channels.DEMO_PER_CHANNEL for names in by_post.values())
    assert len({frozenset(names) for names in by_post.values()}) > 1
    assert _external().filter(name="Angry Dad").count() < 6


def test_the_same_words_on_two_platforms_make_one_row_in_the_queue(client, demo_school, personas):
    x = _sent(demo_school, personas.head, "local-301", "fair", kind=Channel.Kind.X)
    facebook, _ = Channel.objects.get_or_create(
        school=demo_school, kind=Channel.Kind.FACEBOOK, defaults={"owner": personas.head}
    )
    OutboxItem.objects.create(
        post=x.post,
        channel=facebook,
        version=x.version,
        idempotency_key="fair-fb",
        status=OutboxItem.Status.SENT,
        remote_id="local-302",
    )
    channels.channel_comments_fetch(school=demo_school)
    stored = list(_external())
    both = {c.name for c in stored if c.channel_id == facebook.pk} & {
        c.name for c in stored if c.channel_id == x.channel_id
    }
    assert both  # 3 of the post's 4 on each platform: at least 2 on both

    signed_in(client, personas.head)
    response = client.get(reverse("moderation:queue"), {"status": "waiting"})
    rows = response.context["page"].object_list
    names = [c.name for c in rows]
    assert sorted(names) == sorted({c.name for c in stored})  # one row per person and words
    for row in rows:
        if row.name in both:
            other = "Facebook" if row.channel_id == x.channel_id else "X"
            assert other in row.also_on
    assert b"Also on" in response.content


def test_the_demo_queue_holds_parents_comments_from_the_social_channels(
    db, django_capture_on_commit_callbacks
):
    from schoolgate.demo.load import demo_load

    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
    external = _external().select_related("channel")
    assert external.exists()
    assert {c.channel.kind for c in external} <= set(channels._social_kinds())
    assert external.filter(status=Comment.Status.ESCALATED, label_index__contains=" staff_name ")


def test_a_comment_stored_meanwhile_by_a_concurrent_fetch_is_returned_not_refused(
    item, monkeypatch
):
    channels.channel_comments_fetch(school=item.channel.school)
    stored = _external().get(name="Helen Morris")
    looked = []

    def not_yet(*args):  # the other run had not committed when this one looked
        looked.append(args)
        return None if len(looked) == 1 else real(*args)

    real = services._already_stored
    monkeypatch.setattr(services, "_already_stored", not_yet)
    again = services.comment_submit(
        school=stored.school,
        post=stored.post,
        channel=stored.channel,
        external_id=stored.external_id,
        name=stored.name,
        text=stored.text,
    )
    assert again.pk == stored.pk
    assert _external().count() == 4


@responses.activate
def test_a_live_facebook_comment_is_hidden_on_arrival_and_shown_once_approved(
    school, personas, settings, committed
):
    from schoolgate.publishing.services import channel_set_credentials

    settings.SCHOOLGATE_LIVE_CHANNELS = True
    item = _sent(school, personas.head, "1234_5", "fair", kind=Channel.Kind.FACEBOOK)
    channel_set_credentials(
        channel=item.channel,
        credentials={"access_token": "page-token", "account_id": "1234"},
        actor=personas.head,
    )
    graph = f"https://graph.facebook.com/{settings.SCHOOLGATE_FACEBOOK_GRAPH_VERSION}"
    responses.get(
        f"{graph}/1234_5/comments",
        json={
            "data": [
                {
                    "id": "1234_5_77",
                    "from": {"id": "u1", "name": "A Parent"},
                    "message": "Lovely fair, thank you!",
                    "created_time": "2026-05-01T10:00:00+0000",
                }
            ]
        },
    )
    visibility = responses.post(f"{graph}/1234_5_77", json={"success": True})
    channels.channel_comments_fetch(school=school)
    comment = _external().get()
    assert comment.platform_hidden and comment.is_waiting
    committed(services.comment_approve, comment=comment, actor=personas.teacher)
    sent = [parse_qs(call.request.body) for call in visibility.calls]
    assert sent == [{"is_hidden": ["true"]}, {"is_hidden": ["false"]}]
    comment.refresh_from_db()
    assert not comment.platform_hidden


def test_deciding_a_grouped_row_decides_its_copies_on_the_other_platforms(
    client, demo_school, personas
):
    x = _sent(demo_school, personas.head, "local-401", "fete", kind=Channel.Kind.X)
    bluesky = Channel.objects.create(
        school=demo_school, kind=Channel.Kind.BLUESKY, name="Larkspur", owner=personas.head
    )
    OutboxItem.objects.create(
        post=x.post,
        channel=bluesky,
        version=x.version,
        idempotency_key="fete-bsky",
        status=OutboxItem.Status.SENT,
        remote_id="local-402",
    )
    channels.channel_comments_fetch(school=demo_school)
    names = Counter(_external().values_list("name", flat=True))
    name = next(n for n, count in names.items() if count == 2)
    first = _external().filter(name=name).order_by("pk").first()

    signed_in(client, personas.head)
    client.post(reverse("moderation:act", args=[first.pk]), {"verdict": "reject"})

    assert set(_external().filter(name=name).values_list("status", flat=True)) == {"rejected"}
    others = _external().exclude(name=name)
    assert not others.exclude(status__in=Comment.WAITING).exists()


# moderation.external_comments: the platforms named never narrow the fetch (a floor).
UNNAMED = "your policy does not name Mastodon among the platforms it monitors"


def test_a_mastodon_channel_shire_does_not_name_is_fetched_and_shown_as_unnamed(
    school, personas, sign_in
):
    mastodon = _sent(school, personas.head, "m-1", "choir", kind=Channel.Kind.MASTODON)
    summary = channels.channel_comments_fetch(school=school)
    assert summary.stored == 4
    assert _external().filter(channel=mastodon.channel).count() == 4
    assert _external().get(name="Angry Dad").status == Comment.Status.ESCALATED
    page = sign_in(personas.head).get(reverse("publishing:channels")).content.decode()
    assert UNNAMED in page
    assert "Facebook Page among the platforms" not in page


def test_once_the_policy_names_mastodon_the_channels_page_says_nothing_more(
    school, personas, sign_in
):
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=school,
        rule="moderation.external_comments",
        param="platforms",
        value=["facebook", "x", "mastodon"],
        set_by=personas.head,
    )
    _sent(school, personas.head, "m-1", "choir", kind=Channel.Kind.MASTODON)
    assert channels.channel_comments_fetch(school=school).stored == 4
    page = sign_in(personas.head).get(reverse("publishing:channels")).content.decode()
    assert UNNAMED not in page


def test_no_school_can_switch_the_fetch_off():
    from schoolgate.policy.engine import PolicyError, load_profile

    with pytest.raises(PolicyError, match="none goes unseen"):
        load_profile("shire").with_overrides([("moderation.external_comments", "enabled", False)])


# moderation.hold_all:channels: shire holds every comment out of sight on the
# blog only; on its Facebook and X pages only a comment triage flags is hidden.


def test_under_shire_only_a_flagged_comment_is_hidden_on_x_while_it_waits(
    shire_holds_only_the_blog, item, platform, personas, sign_in
):
    channels.channel_comments_fetch(school=item.channel.school)
    hidden = {cid for what, cid in platform.calls if what == "hide"}
    flagged = {c.external_id for c in _external() if set(c.labels) - {"praise"}}
    assert hidden == flagged
    names = {c.name for c in _external() if c.external_id in hidden}
    assert {"Angry Dad", "Kerry Lane"} <= names and "Helen Morris" not in names
    assert all(c.is_waiting for c in _external())
    helen = _external().get(name="Helen Morris")
    page = sign_in(personas.head).get(reverse("moderation:comment", args=[helen.pk]))
    assert "Visible on X (Twitter) until you decide" in page.content.decode()


def test_where_the_policy_holds_x_every_comment_is_hidden_there(item, platform):
    channels.channel_comments_fetch(school=item.channel.school)
    hidden = {cid for what, cid in platform.calls if what == "hide"}
    assert hidden == {c.external_id for c in _external()}


def test_no_school_lets_a_blog_comment_show_before_approval():
    from schoolgate.policy.engine import PolicyError, load_profile

    with pytest.raises(PolicyError, match="no comment appears on the school blog"):
        load_profile("shire").with_overrides([("moderation.hold_all", "channels", ["x"])])
