"""Who a Microsoft or Google sign-in may open: staff of that trust, by school email."""

from __future__ import annotations

from schoolgate.accounts.adapters import provider_apps
from schoolgate.accounts.crypto import seal_secret
from schoolgate.accounts.models import SignInProvider
from schoolgate.people.selectors import staff_user_for_email
from schoolgate.people.tests.factories import StaffFactory


def test_only_current_staff_of_the_providers_trust_match(personas):
    StaffFactory(school=personas.school, email="t.one@larkspur.test", user=personas.teacher)
    StaffFactory(
        school=personas.other_school, email="o.two@wrenfield.test", user=personas.outsider
    )
    StaffFactory(
        school=personas.school, email="gone@larkspur.test", user=personas.hr, is_current=False
    )
    trust = personas.school.trust.pk

    assert staff_user_for_email("T.One@Larkspur.test", trust_id=trust) == personas.teacher
    assert staff_user_for_email("o.two@wrenfield.test", trust_id=trust) is None
    assert staff_user_for_email("gone@larkspur.test", trust_id=trust) is None
    assert staff_user_for_email("parent@larkspur.test", trust_id=trust) is None


def test_the_environment_overrides_the_stored_client_id_and_secret(personas, monkeypatch):
    row = SignInProvider.objects.create(
        trust=personas.school.trust,
        kind="google",
        tenant="larkspur.example",
        client_id="stored-id",
        secret_sealed=seal_secret("stored-secret"),
    )
    monkeypatch.setenv(f"{row.env_name}_SECRET", "env-secret")

    [app] = provider_apps()

    assert (app.client_id, app.secret) == ("stored-id", "env-secret")
    assert app.settings["auth_params"] == {"hd": "larkspur.example"}
    assert app.provider_id == f"{personas.school.trust.slug}-google"


def test_a_disabled_provider_is_not_offered(client, personas):
    SignInProvider.objects.create(
        trust=personas.school.trust, kind="microsoft", client_id="x", enabled=False
    )
    assert provider_apps() == []
    assert "Sign in with" not in client.get("/accounts/login/").content.decode()


def test_the_sign_in_page_lets_its_forms_lead_to_each_provider_and_nowhere_else(client, personas):
    def form_action() -> str:
        policy = client.get("/accounts/login/")["Content-Security-Policy"]
        return next(d for d in policy.split(";") if d.strip().startswith("form-action"))

    assert form_action().split() == ["form-action", "'self'"]
    SignInProvider.objects.create(
        trust=personas.school.trust, kind="microsoft", tenant="larkspur.example", client_id="x"
    )
    assert form_action().split() == [
        "form-action",
        "'self'",
        "https://login.microsoftonline.com",
    ]
