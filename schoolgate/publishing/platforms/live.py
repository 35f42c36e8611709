"""Which real connector speaks for a channel, built from its stored credentials."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from schoolgate.publishing.connectors import Connector, CredentialsRejected
from schoolgate.publishing.crypto import CredentialsUnreadable, open_credentials
from schoolgate.publishing.models import Channel


def _x(channel: Channel, credentials: dict[str, Any]) -> Connector:
    from schoolgate.publishing.platforms.x import XConnector

    return XConnector(credentials)


def _bluesky(channel: Channel, credentials: dict[str, Any]) -> Connector:
    from schoolgate.publishing.platforms.bluesky import BlueskyConnector

    return BlueskyConnector(credentials, handle=channel.handle.lstrip("@"))


def _mastodon(channel: Channel, credentials: dict[str, Any]) -> Connector:
    from schoolgate.publishing.platforms.mastodon import MastodonConnector

    return MastodonConnector(credentials)


def _facebook(channel: Channel, credentials: dict[str, Any]) -> Connector:
    from schoolgate.publishing.platforms.facebook import FacebookConnector

    return FacebookConnector(credentials)


LIVE_CONNECTORS: dict[str, Callable[[Channel, dict[str, Any]], Connector]] = {
    Channel.Kind.X: _x,
    Channel.Kind.BLUESKY: _bluesky,
    Channel.Kind.MASTODON: _mastodon,
    Channel.Kind.FACEBOOK: _facebook,
}


def live_connector(channel: Channel) -> Connector:
    """Return the platform's connector for the channel, with its credentials opened.

    Credentials that no longer open (the key changed) count as rejected: a
    person must enter them again.
    """
    try:
        credentials = open_credentials(channel.credentials_encrypted)
    except CredentialsUnreadable as error:
        raise CredentialsRejected(str(error)) from error
    return LIVE_CONNECTORS[channel.kind](channel, credentials)
