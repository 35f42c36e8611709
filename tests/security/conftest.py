"""Shared setup of the security suite: the test school's channels and a pupil."""

from __future__ import annotations

from typing import Any

import pytest

from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing import services
from schoolgate.publishing.tests.factories import ChannelFactory


@pytest.fixture
def channels(personas: Any) -> dict[str, Any]:
    """The test school's blog and its Facebook and X accounts."""
    school = personas.school
    return {
        "blog": ChannelFactory(school=school, kind="blog", name="News"),
        "facebook": ChannelFactory(school=school, kind="facebook", name="Larkspur on Facebook"),
        "x": ChannelFactory(school=school, kind="x", name="Larkspur on X"),
    }


@pytest.fixture
def jack(personas: Any) -> Any:
    return PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")


@pytest.fixture
def make_post(personas: Any, channels: dict[str, Any]):  # type: ignore[no-untyped-def]
    """Return a function that drafts a post by the head (who publishes directly)."""

    def _make(**kwargs: Any) -> Any:
        kwargs.setdefault("channels", list(channels.values()))
        return services.post_create(
            school=personas.school,
            title=kwargs.pop("title", "Music afternoon"),
            body=kwargs.pop("body", "A lovely afternoon of music in the hall."),
            actor=kwargs.pop("author", personas.head),
            **kwargs,
        )

    return _make
