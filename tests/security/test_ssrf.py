"""A channel's server address cannot point Schoolgate at the school's own
network, and no server's reply is ever shown to staff (issue 13, item 13).

Addresses must be https and public, checked when saved and again when the
connector connects (the resolved address, in the HTTP session itself). These
tests reach only 127.0.0.1: a local server stands in for what an attacker
would point a channel at.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.urls import reverse

from schoolgate.policy.models import ParameterOverride
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, OutboxItem
from schoolgate.publishing.outbox import outbox_send

SECRET = "SECRET-instance-metadata-token-7f3a"


@pytest.fixture
def mastodon(personas):
    return Channel.objects.create(school=personas.school, kind="mastodon", name="Larkspur toots")


@pytest.mark.parametrize(
    "address",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254/",
        "http://127.0.0.1:8080/",
        "https://127.0.0.1:8443/",
        "https://10.0.0.5/",
        "https://192.168.1.10/",
        "https://[::1]/",
        "https://[fe80::1]/",
    ],
)
def test_a_private_loopback_or_link_local_server_is_refused_on_save(
    client, sign_in, personas, mastodon, address
):
    sign_in(personas.head)
    url = reverse("publishing:channel", kwargs={"pk": mastodon.pk})
    response = client.post(url, {"access_token": "tok", "instance_url": address})
    assert response.status_code == 400
    page = response.content.decode()
    assert "https://" in page or "public internet" in page
    mastodon.refresh_from_db()
    assert not mastodon.has_credentials


class _Listener:
    """A TCP listener on 127.0.0.1 that counts the connections it is offered."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    yield server
    server.close()


def _published_to(channel, personas, django_capture_on_commit_callbacks):
    # shire copies blog posts to Facebook and X only; this school adds the channel.
    ParameterOverride.objects.get_or_create(
        school=personas.school, rule="channels.cross_post", param="targets",
        defaults={"value": ["facebook", "x", channel.kind], "set_by": personas.head},
    )  # fmt: skip
    post = services.post_create(
        school=personas.school,
        title="Concert",
        body="A lovely concert in the hall.",
        actor=personas.head,
        channels=[channel],
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.post_submit(post=post, actor=personas.head)
    return post, OutboxItem.objects.get(post=post)


@pytest.mark.parametrize("kind", ["mastodon", "bluesky"])
def test_an_address_stored_before_the_check_is_refused_at_connect_time(
    personas, listener, settings, kind, django_capture_on_commit_callbacks
):
    settings.SCHOOLGATE_LIVE_CHANNELS = True
    channel = Channel.objects.create(school=personas.school, kind=kind, name="Larkspur social")
    services.channel_set_credentials(
        channel=channel,
        credentials={
            "access_token": "tok",
            "account_id": "larkspur.example",
            "instance_url": f"https://127.0.0.1:{listener.port}",
        },
        actor=personas.head,
    )
    post, item = _published_to(channel, personas, django_capture_on_commit_callbacks)
    item = outbox_send(item.pk)
    assert item.status == OutboxItem.Status.FAILED  # not retried: a person must fix it
    assert "not on the public internet" in item.last_error
    assert listener.accepted == 0


class _Revealing(BaseHTTPRequestHandler):
    """Answers every request with an error whose body holds a secret."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = json.dumps({"error": SECRET, "message": SECRET}).encode()
        self.send_response(422 if "/api/v1/" in self.path else 400)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def revealing_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Revealing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["mastodon", "bluesky"])
def test_staff_never_see_what_a_channel_server_replied(
    client, sign_in, personas, settings, revealing_server, kind,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    # Loopback allowed here only so that the local server is reached at all.
    settings.SCHOOLGATE_LIVE_CHANNELS = True
    settings.SCHOOLGATE_CHANNEL_ALLOW_LOOPBACK = True
    channel = Channel.objects.create(school=personas.school, kind=kind, name="Larkspur social")
    services.channel_set_credentials(
        channel=channel,
        credentials={
            "access_token": "tok",
            "account_id": "larkspur.example",
            "instance_url": revealing_server,
        },
        actor=personas.head,
    )
    post, item = _published_to(channel, personas, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        item = outbox_send(item.pk)
    assert item.status == OutboxItem.Status.FAILED
    sign_in(personas.head)
    pages = [
        client.get(reverse("publishing:post", kwargs={"pk": post.pk})),
        client.get(reverse("publishing:channel", kwargs={"pk": channel.pk})),
        client.get(reverse("publishing:channels")),
        client.get(reverse("web:dashboard")),
    ]
    assert all(page.status_code == 200 for page in pages)
    assert "refused" in pages[0].content.decode()
    for page in pages:
        assert SECRET not in page.content.decode()
    assert mail.outbox  # the head is told the channel broke ...
    assert all(SECRET not in m.body for m in mail.outbox)  # ... not what the server said
