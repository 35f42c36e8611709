"""Signing in through the trust's OpenID Connect provider, redirects and all.

The provider is oidc-provider-mock, a real OpenID Connect server (authlib),
started here on 127.0.0.1: allauth fetches its discovery document and keys,
the browser signs in on its page, and allauth exchanges the code for tokens.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from typing import Any

import oidc_provider_mock
import pytest
import werkzeug.serving
from playwright.sync_api import expect

from schoolgate.accounts.crypto import seal_secret
from schoolgate.accounts.models import SignInProvider
from schoolgate.accounts.tests.factories import totp_code, totp_device
from schoolgate.people.tests.factories import StaffFactory

pytestmark = pytest.mark.browser
STAFF_EMAIL = "j.bramble@larkspur.test"
MFA_EMAIL = "a.thistle@larkspur.test"
UNKNOWN_EMAIL = "someone.else@larkspur.test"


@pytest.fixture(scope="module")
def oidc_issuer() -> Iterator[str]:
    """Run an OpenID Connect provider on 127.0.0.1; return its issuer address."""
    users = [
        oidc_provider_mock.User(sub=STAFF_EMAIL, claims={"email": STAFF_EMAIL, "amr": ["pwd"]}),
        oidc_provider_mock.User(sub=MFA_EMAIL, claims={"email": MFA_EMAIL, "amr": ["pwd", "mfa"]}),
        oidc_provider_mock.User(sub=UNKNOWN_EMAIL, claims={"email": UNKNOWN_EMAIL}),
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1 only
        app = oidc_provider_mock.app(user_claims=users)
        server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join()
            server.server_close()


@pytest.fixture
def provider(personas: Any, oidc_issuer: str) -> SignInProvider:
    return SignInProvider.objects.create(
        trust=personas.school.trust,
        kind=SignInProvider.Kind.OIDC,
        issuer=oidc_issuer,
        client_id="schoolgate-test",
        secret_sealed=seal_secret("client-secret"),
    )


def staff_with_login(personas: Any, email: str, user: Any) -> Any:
    user.email = email
    user.save(update_fields=["email"])
    return StaffFactory(school=personas.school, email=email, user=user)


def sign_in_through_provider(page: Any, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Another OpenID Connect provider").click()
    # The provider's own page: choose who signs in there.
    page.get_by_role("button", name=email).click()


def test_staff_sign_in_through_the_provider_then_confirm_a_code(page, personas, provider):
    staff_with_login(personas, STAFF_EMAIL, personas.teacher)
    device = totp_device(personas.teacher)

    sign_in_through_provider(page, STAFF_EMAIL)

    # Off by default: the provider's word does not replace Schoolgate's code.
    expect(page).to_have_url(re.compile(r"/accounts/verify/"))
    page.get_by_label("Code").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(personas.school.name)
    assert personas.teacher.socialaccount_set.get().provider == provider.provider_id


def test_provider_mfa_counts_when_the_policy_says_so(page, personas, provider):
    from schoolgate.policy.services import policy_override_set

    staff_with_login(personas, MFA_EMAIL, personas.office)
    totp_device(personas.office)
    policy_override_set(
        school=personas.school,
        rule="security.second_factor",
        param="provider_mfa_counts",
        value=True,
        reason="The trust's Microsoft 365 enforces MFA for all staff.",
        actor=personas.head,
    )

    sign_in_through_provider(page, MFA_EMAIL)

    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def test_an_address_that_is_no_member_of_staff_is_refused(page, personas, provider):
    sign_in_through_provider(page, UNKNOWN_EMAIL)

    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_text(f"{UNKNOWN_EMAIL} is not the school email")).to_be_visible()
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
