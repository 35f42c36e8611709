import pytest
from cryptography.fernet import InvalidToken
from django.core.exceptions import ImproperlyConfigured

from schoolgate.core.crypto import fernet_for, fernet_from_setting

# Tokens sealed by the per-app derivations before they shared this helper.
CHANNEL_TOKEN = (
    b"gAAAAABrAoM9kl6x4y6jcSwInvxjIobOZJAHUT55208wXiAawoQQV7Q-TwD78B0SW1yvm1rck1GteKe8"
    b"XxQUjAt-KeaFlafIEMnxIyNU6PSZhOCkhCNjF04="
)
EVIDENCE_TOKEN = (
    b"gAAAAABrAoM9fZfFNSr4CJKOto7HegllxKhWvMg0Z-rdtHvYgOsNRa-9NfHkgfDKi4KgWhvbRUF8jSKK"
    b"CoZZTMH1GsaeK-d2CHbd2JvusZzMhzZZwi6SEqo="
)


def test_fernet_for_opens_channel_tokens_sealed_before_the_shared_helper():
    cipher = fernet_for("known-channel-secret", b"schoolgate channels v1")

    assert cipher.decrypt(CHANNEL_TOKEN) == b"channel plaintext"


def test_fernet_for_opens_evidence_tokens_sealed_before_the_shared_helper():
    cipher = fernet_for("known-evidence-secret", b"schoolgate evidence v1")

    assert cipher.decrypt(EVIDENCE_TOKEN) == b"evidence plaintext"


def test_fernet_for_gives_each_purpose_its_own_key():
    token = fernet_for("one-secret", b"purpose a").encrypt(b"x")

    with pytest.raises(InvalidToken):
        fernet_for("one-secret", b"purpose b").decrypt(token)


def test_fernet_from_setting_refuses_a_missing_secret_and_names_the_setting(settings):
    settings.SCHOOLGATE_CHANNEL_KEY = ""

    with pytest.raises(ImproperlyConfigured, match="Set SCHOOLGATE_CHANNEL_KEY to do things."):
        fernet_from_setting("SCHOOLGATE_CHANNEL_KEY", b"p", needed_to="do things")
