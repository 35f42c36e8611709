"""Behind the recommended TLS proxy each visitor keeps their own address
(issue 13, item 12): their own comment allowance, their own address in the
audit log and in the lock-out records; and a limit of five holds when thirty
comments from one address arrive at once.
"""

from __future__ import annotations

import os
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.moderation import services
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import make_comment, published_post

PROXY = "10.0.0.5"
ALICE, BOB = "198.51.100.7", "203.0.113.20"


@pytest.fixture
def post(personas):  # type: ignore[no-untyped-def]
    return published_post(personas.school, personas.teacher)


@pytest.fixture
def behind_proxy(settings):  # type: ignore[no-untyped-def]
    settings.SCHOOLGATE_TRUSTED_PROXIES = [PROXY]


def _comment(client, post, n, visitor, **meta):  # type: ignore[no-untyped-def]
    url = reverse("moderation:comment_form", args=[post.school.slug, post.slug])
    data = {
        "name": "Sam",
        "email": f"parent{visitor}-{n}@example.org",
        "relationship": "parent",
        "text": f"Lovely assembly number {n}, well done all",
    }
    return client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=visitor, **meta)


def test_visitors_behind_the_proxy_each_have_their_own_allowance(behind_proxy, post):
    client = Client()
    for n in range(services.RATE_LIMIT):
        assert _comment(client, post, n, ALICE).status_code == 200
    assert _comment(client, post, 99, ALICE).status_code == 429
    # Bob comes through the same proxy: Alice's comments do not count against him.
    assert _comment(client, post, 1, BOB).status_code == 200
    assert Comment.objects.count() == services.RATE_LIMIT + 1


def test_the_header_is_believed_only_from_a_trusted_proxy(settings, post):
    client = Client()
    settings.SCHOOLGATE_TRUSTED_PROXIES = ["10.9.9.9"]
    # Sent straight to the server, not through the proxy: a forged header
    # gives no fresh allowance.
    for n in range(services.RATE_LIMIT):
        _comment(client, post, n, f"192.0.2.{n}")
    assert _comment(client, post, 99, "192.0.2.99").status_code == 429
    # Through the trusted proxy, the visitor is someone else.
    settings.SCHOOLGATE_TRUSTED_PROXIES = [PROXY]
    assert _comment(client, post, 100, "192.0.2.100").status_code == 200


def test_the_audit_log_keeps_the_visitors_address(behind_proxy, personas):
    client = Client()
    client.post(
        reverse("accounts:login"),
        {"username": personas.head.email, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{BOB}, {ALICE}",
    )
    entry = AuditEntry.objects.filter(event="auth.login_failed").latest("seq")
    assert entry.ip == ALICE


def test_the_lock_out_records_the_visitors_address(behind_proxy, personas):
    from axes.models import AccessAttempt

    Client().post(
        reverse("accounts:login"),
        {"username": personas.head.email, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=ALICE,
    )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="threads need a database that lets writers wait: the test suite's in-memory "
    "SQLite refuses a second writer at once (a real SQLite file waits, one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_comments_from_one_address_let_five_through(settings, tmp_path):
    # The default cache is a file cache shared by every web process.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    from conftest import make_personas

    personas = make_personas()
    post = published_post(personas.school, personas.teacher)
    start, outcomes = threading.Barrier(30), []

    def send(n: int) -> None:
        try:
            start.wait()
            make_comment(post, f"Comment {n} about the lovely assembly", ip=ALICE)
            outcomes.append("stored")
        except services.CommentRefused as refused:
            outcomes.append(refused.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("stored") == services.RATE_LIMIT
    assert outcomes.count("rate_limited") == 30 - services.RATE_LIMIT
