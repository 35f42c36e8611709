"""Named personas shared by every app's tests, so permission tests read like policy.

`personas.head`, `personas.teacher`, ... are users with one role each at
`personas.school`; `personas.outsider` is a head at another trust's school.
`signed_in(client, user)` signs a user in with a confirmed second factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice

from schoolgate.people.tests.factories import (
    RoleFactory,
    SchoolFactory,
    UserFactory,
)

#: Real servers the tests start on 127.0.0.1 (Azurite, SMTP, an OAuth 2.0 token endpoint).
pytest_plugins = ["tests.servers.azurite", "tests.servers.smtp", "tests.servers.oauth"]

PERSONA_ROLES = {
    "head": "head",
    "deputy": "deputy_head",
    "dsl": "dsl",
    "teacher": "teacher",
    "office": "office",
    "hr": "hr",
    "ict": "ict",
    "dpo": "dpo",
    "governor": "governor",
    "parent": "parent",
}
TRUST_PERSONAS = {"ceo": "ceo", "chair": "chair", "exec_head": "executive_head"}


@dataclass
class Personas:
    school: Any
    other_school: Any
    users: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


def make_personas() -> Personas:
    """Create the two schools and one user per persona; return them."""
    school = SchoolFactory(name="Larkspur Primary", slug="larkspur", profile="shire")
    other = SchoolFactory(name="Wrenfield Academy", slug="wrenfield", profile="brize")
    users: dict[str, Any] = {}
    for name, role in PERSONA_ROLES.items():
        user = UserFactory(email=f"{name}@larkspur.test", first_name=name.title())
        RoleFactory(user=user, school=school, role=role)
        users[name] = user
    for name, role in TRUST_PERSONAS.items():
        user = UserFactory(email=f"{name}@trust.test", first_name=name.title())
        RoleFactory(user=user, school=None, trust=school.trust, role=role)
        users[name] = user
    outsider = UserFactory(email="outsider@wrenfield.test", first_name="Outsider")
    RoleFactory(user=outsider, school=other, role="head")
    users["outsider"] = outsider
    _open_blog_accounts(school, users)
    return Personas(school=school, other_school=other, users=users)


#: The school's bloggers: under shire they publish through their own account
#: on the school blog, which the head made (shire "Primary Blogger").
BLOGGERS = ("head", "deputy", "teacher")


def _open_blog_accounts(school: Any, users: dict[str, Any]) -> None:
    from schoolgate.publishing.models import BlogAccount

    for name in BLOGGERS:
        BlogAccount.objects.create(school=school, user=users[name], created_by=users["head"])


def signed_in(client: Client, user: Any) -> Client:
    """Sign the user in on the client, second factor confirmed."""
    client.force_login(user)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="test")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def sign_in(client: Client):  # type: ignore[no-untyped-def]
    """Return a function that signs a persona in on the test client."""

    def _sign_in(user: Any) -> Client:
        return signed_in(client, user)

    return _sign_in


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Start every test with an empty cache, as a new visitor finds it.

    Rate limits, cached blog pages and lockouts live in the cache; without
    this one test's comments would count against the next test's visitor.
    """
    from django.core.cache import cache

    cache.clear()
