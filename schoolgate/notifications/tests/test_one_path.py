"""Every email goes through the notifications service: notifications by each
person's choice, and only the registered few (`ALWAYS_SENT`) without one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.core import mail

import schoolgate
from schoolgate.notifications.services import send_always
from schoolgate.notifications.topics import ALWAYS_SENT

ROOT = Path(schoolgate.__file__).parent
SERVICE = ROOT / "notifications" / "services.py"


def _sources():  # type: ignore[no-untyped-def]
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" not in path.relative_to(ROOT).parts:
            yield path, ast.parse(path.read_text(), str(path))


def test_no_code_but_the_notifications_service_sends_mail():
    senders = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.core.mail":
                senders.append(str(path.relative_to(ROOT)))
            if isinstance(node, ast.Import) and any(
                a.name == "django.core.mail" for a in node.names
            ):
                senders.append(str(path.relative_to(ROOT)))
    assert senders == [str(SERVICE.relative_to(ROOT))]


def test_every_email_sent_regardless_of_preferences_is_registered_with_its_reason():
    kinds = set()
    for _path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "send_always":
                [kind] = [k.value for k in node.keywords if k.arg == "kind"]
                assert isinstance(kind, ast.Constant)
                kinds.add(kind.value)
    assert kinds == set(ALWAYS_SENT)
    assert all(reason.strip() for reason in ALWAYS_SENT.values())


def test_a_notification_cannot_be_sent_as_an_email_that_is_always_sent():
    with pytest.raises(ValueError, match="use notify"):
        send_always(kind="publishing.weekly", to=["head@example.test"], subject="S", body="B")
    assert mail.outbox == []
