"""The real connectors, driven through each library against a fake HTTP transport.

`responses` stands in for the network under requests (tweepy, Mastodon.py,
the Graph API) and `respx` under httpx (atproto), so each client library's own
code runs and nothing leaves the machine.
"""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
import time
from urllib.parse import parse_qs

import pytest
import requests
import responses
import respx
from httpx import ConnectError
from httpx import Response as HttpxResponse

from schoolgate.publishing.connectors import (
    ConnectorError,
    CredentialsRejected,
    Image,
    LocalOutbox,
    Message,
    connector_for,
)
from schoolgate.publishing.platforms import marker
from schoolgate.publishing.platforms.bluesky import BlueskyConnector, record_key
from schoolgate.publishing.platforms.facebook import FacebookConnector
from schoolgate.publishing.platforms.mastodon import MastodonConnector
from schoolgate.publishing.platforms.x import XConnector

MESSAGE = Message(
    "sg-1-2-abcdef0123456789",
    "Sports day",
    "Sports day\n\nA sunny afternoon of races.\n\nhttps://school.example/news/sports-day",
    "https://school.example/news/sports-day",
)
X_API = "https://api.twitter.com/2"
MASTODON = "https://mastodon.example"
GRAPH = re.compile(r"https://graph\.facebook\.com/v[\d.]+/")
BSKY = "https://bsky.example/xrpc"


def x_connector() -> XConnector:
    return XConnector(
        {"api_key": "k", "api_secret": "s", "access_token": "t", "access_secret": "ts"}
    )


# ---------------------------------------------------------------------------
# X (tweepy)
# ---------------------------------------------------------------------------


@responses.activate
def test_x_posts_the_text_with_its_marker_and_link():
    responses.post(f"{X_API}/tweets", json={"data": {"id": "111", "text": "..."}}, status=201)
    remote = x_connector().publish(MESSAGE)
    sent = json.loads(responses.calls[0].request.body)
    assert remote.id == "111"
    assert marker(MESSAGE.idempotency_key) in sent["text"]
    assert MESSAGE.link in sent["text"]
    assert len(sent["text"]) <= 280
    assert responses.calls[0].request.headers["Authorization"].startswith("OAuth ")


@responses.activate
def test_x_finds_a_tweet_the_first_attempt_left_behind():
    responses.get(
        f"{X_API}/users/me", json={"data": {"id": "9", "name": "School", "username": "school"}}
    )
    responses.get(
        f"{X_API}/users/9/tweets",
        json={
            "data": [
                {"id": "5", "text": "Something else", "edit_history_tweet_ids": ["5"]},
                {
                    "id": "7",
                    "text": f"Sports day {marker(MESSAGE.idempotency_key)}",
                    "edit_history_tweet_ids": ["7"],
                },
            ]
        },
    )
    assert x_connector().find(MESSAGE.idempotency_key).id == "7"
    assert x_connector().find("sg-other-key") is None


@pytest.mark.parametrize(
    ("status", "error", "retryable"),
    [(401, CredentialsRejected, False), (429, ConnectorError, True), (503, ConnectorError, True)],
)
@responses.activate
def test_x_errors_say_whether_to_retry(status, error, retryable):
    responses.post(f"{X_API}/tweets", json={"title": "no"}, status=status)
    with pytest.raises(error) as raised:
        x_connector().publish(MESSAGE)
    assert raised.value.retryable is retryable


@responses.activate
def test_x_network_failure_is_retryable():
    responses.post(f"{X_API}/tweets", body=requests.ConnectionError("reset"))
    with pytest.raises(ConnectorError) as raised:
        x_connector().publish(MESSAGE)
    assert raised.value.retryable is True


@responses.activate
def test_x_hides_a_reply_and_shows_it_again():
    responses.put(f"{X_API}/tweets/555/hidden", json={"data": {"hidden": True}})
    connector = x_connector()
    connector.hide_comment("555")
    connector.unhide_comment("555")
    sent = [json.loads(call.request.body) for call in responses.calls]
    assert [call.request.method for call in responses.calls] == ["PUT", "PUT"]
    assert sent == [{"hidden": True}, {"hidden": False}]


# ---------------------------------------------------------------------------
# Mastodon (Mastodon.py)
# ---------------------------------------------------------------------------


def mastodon() -> MastodonConnector:
    return MastodonConnector({"access_token": "tok", "instance_url": MASTODON})


@responses.activate
def test_mastodon_posts_with_an_idempotency_key_header():
    responses.post(
        f"{MASTODON}/api/v1/statuses",
        json={"id": "42", "url": f"{MASTODON}/@school/42", "content": "<p>x</p>"},
    )
    remote = mastodon().publish(MESSAGE)
    request = responses.calls[0].request
    assert (remote.id, remote.url) == ("42", f"{MASTODON}/@school/42")
    assert request.headers["Idempotency-Key"] == MESSAGE.idempotency_key
    assert request.headers["Authorization"] == "Bearer tok"


@responses.activate
def test_mastodon_finds_its_status_among_recent_ones():
    responses.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json={"id": "3"})
    responses.get(
        f"{MASTODON}/api/v1/accounts/3/statuses",
        json=[{"id": "8", "url": "", "content": f"<p>{marker(MESSAGE.idempotency_key)}</p>"}],
    )
    assert mastodon().find(MESSAGE.idempotency_key).id == "8"


@responses.activate
def test_mastodon_expired_token_is_rejected_credentials():
    responses.post(f"{MASTODON}/api/v1/statuses", json={"error": "expired"}, status=401)
    with pytest.raises(CredentialsRejected):
        mastodon().publish(MESSAGE)


@responses.activate
def test_mastodon_rate_limit_is_retryable_and_never_sleeps():
    responses.post(
        f"{MASTODON}/api/v1/statuses",
        json={"error": "Too many requests"},
        status=429,
        headers={"X-RateLimit-Reset": "2099-01-01T00:00:00Z", "X-RateLimit-Remaining": "0"},
    )
    with pytest.raises(ConnectorError) as raised:
        mastodon().publish(MESSAGE)
    assert raised.value.retryable is True


# ---------------------------------------------------------------------------
# Facebook (Graph API over requests)
# ---------------------------------------------------------------------------


def facebook() -> FacebookConnector:
    return FacebookConnector({"access_token": "page-token", "account_id": "1234"})


@responses.activate
def test_facebook_posts_to_the_page_feed_with_the_link():
    responses.post(re.compile(GRAPH.pattern + "1234/feed"), json={"id": "1234_99"})
    remote = facebook().publish(MESSAGE)
    body = responses.calls[0].request.body
    assert remote.id == "1234_99"
    assert "link=https%3A%2F%2Fschool.example" in body
    assert "access_token=page-token" in responses.calls[0].request.url


@responses.activate
def test_facebook_calls_the_graph_version_in_settings(settings):
    settings.SCHOOLGATE_FACEBOOK_GRAPH_VERSION = "v26.0"
    responses.post("https://graph.facebook.com/v26.0/1234/feed", json={"id": "1234_7"})
    assert facebook().publish(MESSAGE).id == "1234_7"


def test_the_default_graph_version_is_not_one_meta_retires_in_january_2027():
    from django.conf import settings

    assert settings.SCHOOLGATE_FACEBOOK_GRAPH_VERSION not in {"v20.0", "v21.0"}


@responses.activate
def test_facebook_finds_a_post_by_its_marker():
    responses.get(
        re.compile(GRAPH.pattern + "1234/feed"),
        json={"data": [{"id": "1234_5", "message": f"x {marker(MESSAGE.idempotency_key)}"}]},
    )
    assert facebook().find(MESSAGE.idempotency_key).id == "1234_5"


@pytest.mark.parametrize(
    ("status", "code", "error", "retryable"),
    [
        (400, 190, CredentialsRejected, False),
        (400, 32, ConnectorError, True),
        (500, 2, ConnectorError, True),
        (400, 100, ConnectorError, False),
    ],
)
@responses.activate
def test_facebook_errors_say_whether_to_retry(status, code, error, retryable):
    responses.post(
        re.compile(GRAPH.pattern + "1234/feed"),
        json={"error": {"message": "nope", "code": code}},
        status=status,
    )
    with pytest.raises(error) as raised:
        facebook().publish(MESSAGE)
    assert raised.value.retryable is retryable


@responses.activate
def test_facebook_reads_hides_and_deletes_comments():
    responses.get(
        re.compile(GRAPH.pattern + "1234_5/comments"),
        json={
            "data": [
                {
                    "id": "c1",
                    "from": {"id": "u1", "name": "A Parent"},
                    "message": "Lovely!",
                    "created_time": "2026-05-01T10:00:00+0000",
                }
            ]
        },
    )
    responses.post(re.compile(GRAPH.pattern + "c1"), json={"success": True})
    responses.delete(re.compile(GRAPH.pattern + "c1"), json={"success": True})
    connector = facebook()
    [comment] = connector.fetch_comments("1234_5")
    connector.hide_comment("c1")
    connector.delete_comment("c1")
    assert (comment.author_name, comment.text, comment.at.year) == ("A Parent", "Lovely!", 2026)
    assert "is_hidden=true" in responses.calls[1].request.body
    assert responses.calls[2].request.method == "DELETE"


@responses.activate
def test_facebook_shows_a_hidden_comment_again():
    responses.post(re.compile(GRAPH.pattern + "c1"), json={"success": True})
    facebook().unhide_comment("c1")
    assert parse_qs(responses.calls[0].request.body) == {"is_hidden": ["false"]}


@responses.activate
def test_mastodon_cannot_hide_or_show_a_reply_and_asks_nothing():
    for act in (mastodon().hide_comment, mastodon().unhide_comment):
        with pytest.raises(ConnectorError) as raised:
            act("109")
        assert raised.value.retryable is False
    assert len(responses.calls) == 0


@responses.activate
def test_facebook_unblocks_a_person_from_the_page():
    unblock = responses.delete(re.compile(GRAPH.pattern + "1234/blocked"), json={"success": True})
    facebook().unblock_user("u1")
    query = parse_qs(unblock.calls[0].request.url.split("?", 1)[1])
    assert query == {"access_token": ["page-token"], "uid": ["u1"]}


@responses.activate
def test_mastodon_unblocks_an_account():
    unblock = responses.post(
        f"{MASTODON}/api/v1/accounts/42/unblock", json={"id": "42", "blocking": False}
    )
    mastodon().unblock_user("42")
    assert unblock.call_count == 1


@responses.activate
def test_x_cannot_unblock_and_asks_nothing():
    with pytest.raises(ConnectorError) as raised:
        x_connector().unblock_user("99")
    assert raised.value.retryable is False
    assert "unblock it on x.com" in str(raised.value)
    assert len(responses.calls) == 0


# ---------------------------------------------------------------------------
# Bluesky (atproto over httpx)
# ---------------------------------------------------------------------------


def _jwt() -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    exp = int(time.time()) + 3600
    return (
        f"{part({'alg': 'HS256'})}.{part({'exp': exp, 'iat': exp - 60, 'sub': 'did:plc:s'})}.c2ln"
    )


def _session(router: respx.Router) -> None:
    router.post(f"{BSKY}/com.atproto.server.createSession").mock(
        return_value=HttpxResponse(
            200,
            json={
                "did": "did:plc:school",
                "handle": "school.bsky.social",
                "accessJwt": _jwt(),
                "refreshJwt": _jwt(),
            },
        )
    )


def bluesky() -> BlueskyConnector:
    return BlueskyConnector(
        {"access_token": "app-pass", "instance_url": "https://bsky.example"},
        handle="school.bsky.social",
    )


def test_bluesky_creates_the_record_under_a_key_chosen_from_the_idempotency_key():
    uri = f"at://did:plc:school/app.bsky.feed.post/{record_key(MESSAGE.idempotency_key)}"
    with respx.mock(assert_all_called=True) as router:
        _session(router)
        create = router.post(f"{BSKY}/com.atproto.repo.createRecord").mock(
            return_value=HttpxResponse(200, json={"uri": uri, "cid": "bafyreid"})
        )
        remote = bluesky().publish(MESSAGE)
    sent = json.loads(create.calls[0].request.content)
    assert sent["rkey"] == record_key(MESSAGE.idempotency_key)
    assert re.fullmatch(r"[2-7a-j][2-7a-z]{12}", sent["rkey"])
    assert sent["record"]["facets"][0]["features"][0]["uri"] == MESSAGE.link
    assert remote.id == uri


def test_bluesky_finds_the_record_or_says_there_is_none():
    rkey = record_key(MESSAGE.idempotency_key)
    uri = f"at://did:plc:school/app.bsky.feed.post/{rkey}"
    with respx.mock() as router:
        _session(router)
        router.get(f"{BSKY}/com.atproto.repo.getRecord", params={"rkey": rkey}).mock(
            return_value=HttpxResponse(
                200,
                json={
                    "uri": uri,
                    "cid": "bafyreid",
                    "value": {
                        "$type": "app.bsky.feed.post",
                        "text": "x",
                        "createdAt": "2026-05-01T10:00:00Z",
                    },
                },
            )
        )
        router.get(f"{BSKY}/com.atproto.repo.getRecord").mock(
            return_value=HttpxResponse(400, json={"error": "RecordNotFound", "message": "no"})
        )
        connector = bluesky()
        assert connector.find(MESSAGE.idempotency_key).id == uri
        assert connector.find("sg-other") is None


def test_bluesky_bad_password_is_rejected_credentials():
    with respx.mock() as router:
        router.post(f"{BSKY}/com.atproto.server.createSession").mock(
            return_value=HttpxResponse(
                401, json={"error": "AuthenticationRequired", "message": "Invalid identifier"}
            )
        )
        with pytest.raises(CredentialsRejected):
            bluesky().publish(MESSAGE)


def test_bluesky_network_failure_is_retryable():
    with respx.mock() as router:
        router.post(f"{BSKY}/com.atproto.server.createSession").mock(
            side_effect=ConnectError("refused")
        )
        with pytest.raises(ConnectorError) as raised:
            bluesky().publish(MESSAGE)
    assert raised.value.retryable is True


def test_bluesky_cannot_hide_or_show_a_reply_and_asks_nothing():
    with respx.mock() as router:
        for act in (bluesky().hide_comment, bluesky().unhide_comment):
            with pytest.raises(ConnectorError) as raised:
                act("at://did:plc:parent/app.bsky.feed.post/3k")
            assert raised.value.retryable is False
        assert not router.calls


def _profile(blocking: str | None) -> HttpxResponse:
    viewer = {"blocking": blocking} if blocking else {}
    return HttpxResponse(
        200, json={"did": "did:plc:parent", "handle": "parent.bsky.social", "viewer": viewer}
    )


def test_bluesky_unblocks_by_deleting_the_block_record_the_profile_names():
    block = "at://did:plc:school/app.bsky.graph.block/3kblock"
    with respx.mock() as router:
        _session(router)
        router.get(f"{BSKY}/app.bsky.actor.getProfile").mock(
            side_effect=[_profile(block), _profile(None)]
        )
        delete = router.post(f"{BSKY}/com.atproto.repo.deleteRecord").mock(
            return_value=HttpxResponse(200, json={})
        )
        connector = bluesky()
        connector.unblock_user("did:plc:parent")
        connector.unblock_user("did:plc:parent")  # already unblocked: nothing to delete
    assert delete.call_count == 1
    sent = json.loads(delete.calls[0].request.content)
    assert (sent["collection"], sent["rkey"]) == ("app.bsky.graph.block", "3kblock")
    assert sent["repo"] == "did:plc:school"


# ---------------------------------------------------------------------------
# Choosing the connector
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_channels_use_the_local_transport_unless_live_sending_is_on(channels, settings):
    from schoolgate.publishing import services

    mastodon_channel = channels["mastodon"]
    services.channel_set_credentials(
        channel=mastodon_channel,
        credentials={"access_token": "t", "instance_url": MASTODON},
        actor=None,
    )
    settings.SCHOOLGATE_LIVE_CHANNELS = False
    assert isinstance(connector_for(mastodon_channel), LocalOutbox)
    settings.SCHOOLGATE_LIVE_CHANNELS = True
    assert isinstance(connector_for(mastodon_channel), MastodonConnector)
    assert isinstance(connector_for(channels["facebook"]), LocalOutbox)  # no credentials


@pytest.mark.django_db
@responses.activate
def test_a_lost_reply_from_mastodon_never_posts_twice(
    make_post, personas, channels, settings, django_capture_on_commit_callbacks
):
    from schoolgate.publishing import services
    from schoolgate.publishing.models import OutboxItem
    from schoolgate.publishing.outbox import outbox_send

    settings.SCHOOLGATE_LIVE_CHANNELS = True
    services.channel_set_credentials(
        channel=channels["mastodon"],
        credentials={"access_token": "t", "instance_url": MASTODON},
        actor=personas.head,
    )
    posted: list[str] = []

    def accept_then_drop(request):
        body = request.body.decode() if isinstance(request.body, bytes) else request.body
        fields = json.loads(body) if body.startswith("{") else parse_qs(body)
        status = fields["status"]
        posted.append(status if isinstance(status, str) else status[0])
        raise requests.ConnectionError("connection reset after the server took the post")

    responses.add_callback(
        responses.POST, f"{MASTODON}/api/v1/statuses", callback=accept_then_drop
    )
    post = make_post(channels=[channels["blog"], channels["mastodon"]])
    with django_capture_on_commit_callbacks(execute=False):
        services.post_submit(post=post, actor=personas.teacher)
    item = OutboxItem.objects.get(post=post, channel=channels["mastodon"])
    assert outbox_send(item.pk).status == "retrying"

    responses.get(f"{MASTODON}/api/v1/accounts/verify_credentials", json={"id": "3"})
    responses.get(
        f"{MASTODON}/api/v1/accounts/3/statuses",
        json=[{"id": "77", "url": f"{MASTODON}/@s/77", "content": posted[0]}],
    )
    item = outbox_send(item.pk)
    assert (item.status, item.remote_id, item.last_error) == ("sent", "77", "")
    assert len(posted) == 1


# ---------------------------------------------------------------------------
# Photos: uploaded first, then the post references them
# ---------------------------------------------------------------------------


def _jpeg(size=(40, 30)) -> bytes:
    from PIL import Image as Picture

    buffer = io.BytesIO()
    Picture.new("RGB", size, (90, 120, 70)).save(buffer, "JPEG")
    return buffer.getvalue()


def with_images(count: int) -> Message:
    images = tuple(
        Image(f"r{n}.jpg", _jpeg(), f"Photo {n} of the sports day", photo_id=n)
        for n in range(1, count + 1)
    )
    return dataclasses.replace(MESSAGE, images=images)


def _form(request) -> dict:
    body = request.body.decode() if isinstance(request.body, bytes) else request.body
    return {k: v[0] for k, v in parse_qs(body).items()}


X_MEDIA = "https://api.x.com/2/media"


def _x_media_api(ids=("1001", "1002", "1003", "1004")):
    """Fake X's v2 media endpoints; return the initialize, append, finalize, metadata mocks."""
    ids = iter(ids)
    initialize = responses.add_callback(
        responses.POST,
        f"{X_MEDIA}/upload/initialize",
        callback=lambda r: (200, {}, json.dumps({"data": {"id": next(ids)}})),
    )
    append = responses.post(re.compile(rf"{X_MEDIA}/upload/\d+/append"), body="", status=204)
    finalize = responses.post(re.compile(rf"{X_MEDIA}/upload/\d+/finalize"), json={"data": {}})
    metadata = responses.post(f"{X_MEDIA}/metadata", json={"data": {}})
    return initialize, append, finalize, metadata


@responses.activate
def test_x_uploads_each_photo_with_its_alt_text_then_tweets_their_media_ids():
    initialize, append, _, metadata = _x_media_api()
    tweet = responses.post(f"{X_API}/tweets", json={"data": {"id": "111", "text": "..."}})
    x_connector().publish(with_images(5))
    assert len(initialize.calls) == 4  # X takes four; the rest stay on the blog
    started = json.loads(initialize.calls[0].request.body)
    assert started == {
        "media_type": "image/jpeg",
        "total_bytes": len(_jpeg()),
        "media_category": "tweet_image",
    }
    body = append.calls[0].request.body
    assert b"r1.jpg" in body and _jpeg() in body
    assert append.calls[0].request.url.endswith("/upload/1001/append")
    assert all(c.request.headers["Authorization"].startswith("OAuth ") for c in responses.calls)
    alts = [json.loads(c.request.body) for c in metadata.calls]
    assert alts[0] == {
        "id": "1001",
        "metadata": {"alt_text": {"text": "Photo 1 of the sports day"}},
    }
    sent = json.loads(tweet.calls[0].request.body)
    assert sent["media"] == {"media_ids": ["1001", "1002", "1003", "1004"]}
    assert marker(MESSAGE.idempotency_key) in sent["text"]


@responses.activate
def test_x_sends_a_large_photo_in_chunks_and_finalizes_it_once():
    _, append, finalize, _ = _x_media_api()
    responses.post(f"{X_API}/tweets", json={"data": {"id": "111", "text": "..."}})
    big = Image("big.jpg", b"\xff" * (2 * 1024 * 1024 + 10), "The whole school on the field")
    x_connector().publish(dataclasses.replace(MESSAGE, images=(big,)))
    assert [_segment(c.request) for c in append.calls] == ["0", "1", "2"]
    assert len(finalize.calls) == 1


@responses.activate
def test_x_refusing_a_photo_fails_the_delivery_without_tweeting_and_says_why():
    responses.post(f"{X_MEDIA}/upload/initialize", json={"title": "Invalid media"}, status=400)
    tweet = responses.post(f"{X_API}/tweets", json={"data": {"id": "111", "text": "..."}})
    with pytest.raises(ConnectorError, match="X refused the photo") as refused:
        x_connector().publish(with_images(1))
    assert refused.value.retryable is False
    assert not tweet.calls


@responses.activate
def test_x_being_busy_while_uploading_a_photo_is_retried_later():
    responses.post(f"{X_MEDIA}/upload/initialize", status=503)
    with pytest.raises(ConnectorError) as busy:
        x_connector().publish(with_images(1))
    assert busy.value.retryable is True


@responses.activate
def test_x_rejecting_the_keys_for_media_marks_the_channel_broken():
    responses.post(f"{X_MEDIA}/upload/initialize", status=401)
    with pytest.raises(CredentialsRejected):
        x_connector().publish(with_images(1))


def _segment(request) -> str:
    found = re.search(rb'name="segment_index"\r\n\r\n(\d+)', request.body)
    return found.group(1).decode() if found else ""


@responses.activate
def test_mastodon_posts_each_photo_with_its_description_then_the_status_with_their_ids():
    ids = iter(["m1", "m2", "m3", "m4"])
    media = responses.add_callback(
        responses.POST,
        f"{MASTODON}/api/v2/media",
        callback=lambda r: (200, {}, json.dumps({"id": next(ids), "type": "image", "url": "u"})),
    )
    status = responses.post(
        f"{MASTODON}/api/v1/statuses", json={"id": "42", "url": "", "content": "<p>x</p>"}
    )
    mastodon().publish(with_images(5))
    uploads = [c for c in responses.calls if c.request.url.startswith(f"{MASTODON}/api/v2/media")]
    assert media is not None and len(uploads) == 4
    assert b"Photo 1 of the sports day" in uploads[0].request.body  # the description
    assert b"image/jpeg" in uploads[0].request.body
    request = status.calls[0].request
    body = request.body.decode() if isinstance(request.body, bytes) else request.body
    fields = json.loads(body) if body.startswith("{") else parse_qs(body)
    assert fields.get("media_ids", fields.get("media_ids[]")) == ["m1", "m2", "m3", "m4"]
    assert request.headers["Idempotency-Key"] == MESSAGE.idempotency_key


@responses.activate
def test_facebook_uploads_unpublished_photos_then_attaches_them_to_the_feed_post():
    ids = iter(["p1", "p2"])
    photos = responses.add_callback(
        responses.POST,
        re.compile(GRAPH.pattern + "1234/photos"),
        callback=lambda r: (200, {}, json.dumps({"id": next(ids)})),
    )
    feed = responses.post(re.compile(GRAPH.pattern + "1234/feed"), json={"id": "1234_99"})
    facebook().publish(with_images(2))
    uploads = [c for c in responses.calls if "/1234/photos" in c.request.url]
    assert photos is not None and len(uploads) == 2
    body = uploads[0].request.body
    assert b'name="published"\r\n\r\nfalse' in body
    assert b"Photo 1 of the sports day" in body and _jpeg() in body
    sent = _form(feed.calls[0].request)
    assert json.loads(sent["attached_media[0]"]) == {"media_fbid": "p1"}
    assert json.loads(sent["attached_media[1]"]) == {"media_fbid": "p2"}
    assert "link" not in sent and MESSAGE.link in sent["message"]


def test_bluesky_uploads_blobs_and_embeds_them_with_alt_text():
    uri = f"at://did:plc:school/app.bsky.feed.post/{record_key(MESSAGE.idempotency_key)}"
    with respx.mock(assert_all_called=True) as router:
        _session(router)
        blobs = router.post(f"{BSKY}/com.atproto.repo.uploadBlob").mock(
            side_effect=[
                HttpxResponse(200, json={"blob": {
                    "$type": "blob", "ref": {"$link": f"bafkreib{n}"},
                    "mimeType": "image/jpeg", "size": 1000,
                }})
                for n in range(4)
            ]
        )  # fmt: skip
        create = router.post(f"{BSKY}/com.atproto.repo.createRecord").mock(
            return_value=HttpxResponse(200, json={"uri": uri, "cid": "bafyreid"})
        )
        bluesky().publish(with_images(6))
    assert blobs.call_count == 4
    assert blobs.calls[0].request.content == _jpeg()
    embed = json.loads(create.calls[0].request.content)["record"]["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    assert [i["image"]["ref"]["$link"] for i in embed["images"]] == [
        f"bafkreib{n}" for n in range(4)
    ]
    assert embed["images"][0]["alt"] == "Photo 1 of the sports day"
    ratio = embed["images"][0]["aspectRatio"]
    assert (ratio["width"], ratio["height"]) == (40, 30)


def test_a_photo_too_big_for_bluesky_is_re_encoded_smaller_without_metadata():
    from PIL import Image as Picture

    from schoolgate.publishing.platforms import within_bytes

    noisy = Picture.effect_noise((1200, 900), 80).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG", quality=98)
    big = Image("big.jpg", buffer.getvalue(), "A noisy photo")
    small = within_bytes(big, 200_000)
    assert len(big.data) > 200_000 >= len(small.data)
    assert not Picture.open(io.BytesIO(small.data)).getexif()
    assert within_bytes(small, 200_000) is small
