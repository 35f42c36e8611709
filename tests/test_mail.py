"""Mail a school can send: SMTP with a password, and SMTP with an OAuth 2.0 token.

Both deliver a real notification (a safeguarding record routed to the DSL,
a link and no details) to a real SMTP server started on 127.0.0.1; the
OAuth 2.0 token comes from a real authorization server started beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from schoolgate.core.mail import forget_tokens
from schoolgate.safeguarding.tests.factories import make_record
from tests.servers.oauth import CLIENT_ID, CLIENT_SECRET, SCOPE
from tests.servers.smtp import PASSWORD, USER


def _smtp(settings, server, backend: str) -> None:
    settings.EMAIL_BACKEND = backend
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_HOST_USER = USER
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.DEFAULT_FROM_EMAIL = f"Larkspur Primary <{USER}>"


def _record_routed_to_the_dsl(personas, capture) -> None:
    with capture(execute=True):
        make_record(personas.school, personas.teacher)


def test_a_notification_reaches_the_mail_server_with_a_password(
    mail_server,
    settings,
    personas,
    django_capture_on_commit_callbacks,
):
    _smtp(settings, mail_server, "django.core.mail.backends.smtp.EmailBackend")
    settings.EMAIL_HOST_PASSWORD = PASSWORD
    _record_routed_to_the_dsl(personas, django_capture_on_commit_callbacks)
    [received] = [m for m in mail_server.messages if personas.dsl.email in m.recipients]
    assert received.message["Subject"] == "Schoolgate: a safeguarding record for you"
    assert "holds no details" in received.message.get_payload()
    assert received.signed_in_as == USER


def test_microsoft_365_style_mail_signs_in_with_a_token_and_no_password(
    mail_server,
    token_server,
    settings,
    personas,
    django_capture_on_commit_callbacks,
):
    forget_tokens()
    mail_server.valid_token = lambda token: token in token_server.issued
    _smtp(settings, mail_server, "schoolgate.core.mail.OAuth2SMTPBackend")
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_OAUTH2_CLIENT_ID, settings.EMAIL_OAUTH2_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.EMAIL_OAUTH2_TOKEN_URL, settings.EMAIL_OAUTH2_SCOPE = token_server.url, SCOPE
    _record_routed_to_the_dsl(personas, django_capture_on_commit_callbacks)
    [received] = [m for m in mail_server.messages if personas.dsl.email in m.recipients]
    assert received.signed_in_as == USER
    assert mail_server.mechanisms == ["XOAUTH2"]
    assert len(token_server.issued) == 1


def test_a_wrong_client_secret_gets_no_token_and_sends_nothing(
    mail_server,
    token_server,
    settings,
    personas,
    django_capture_on_commit_callbacks,
):
    forget_tokens()
    _smtp(settings, mail_server, "schoolgate.core.mail.OAuth2SMTPBackend")
    settings.EMAIL_OAUTH2_CLIENT_ID, settings.EMAIL_OAUTH2_CLIENT_SECRET = CLIENT_ID, "wrong"
    settings.EMAIL_OAUTH2_TOKEN_URL, settings.EMAIL_OAUTH2_SCOPE = token_server.url, SCOPE
    with pytest.raises(Exception, match="invalid_client"):
        _record_routed_to_the_dsl(personas, django_capture_on_commit_callbacks)
    assert mail_server.messages == [] and token_server.issued == []


def test_a_provider_api_is_chosen_by_email_provider_with_its_anymail_settings():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.EMAIL_BACKEND, settings.ANYMAIL['POSTMARK_SERVER_TOKEN'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "schoolgate.config.settings.local",
        "EMAIL_PROVIDER": "postmark",
        "ANYMAIL_POSTMARK_SERVER_TOKEN": "server-token-1",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["anymail.backends.postmark.EmailBackend", "server-token-1"]
