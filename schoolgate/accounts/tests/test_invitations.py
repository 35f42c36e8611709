"""Forgotten passwords and invitations: how imported people get in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from schoolgate.accounts.models import Invitation
from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import RoleFactory, StaffFactory, UserFactory

RESET = reverse("accounts:password_reset")
INVITATIONS = reverse("accounts:invitations")
NEW_PASSWORD = "lantern-meadow-copper-41"


def imported_staff(school, email, role="teacher"):
    """A member of staff as the MIS import leaves them: a login with no password."""
    user = UserFactory(email=email, password=None)
    user.set_unusable_password()
    user.save()
    RoleFactory(user=user, school=school, role=role)
    return StaffFactory(school=school, email=email, user=user)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post, then run what waits for the commit (the task, the emails) as a commit would."""

    def _post(client, url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data or {})

    return _post


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


# --------------------------------------------------------------------------
# Password reset
# --------------------------------------------------------------------------


def test_reset_answers_the_same_for_a_known_and_an_unknown_address(client, personas, post):
    known = post(client, RESET, {"email": personas.teacher.email})
    unknown = post(client, RESET, {"email": "nobody@nowhere.test"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    assert [m.to for m in mail.outbox] == [[personas.teacher.email]]


def test_reset_link_sets_a_new_password_once(client, personas, post):
    post(client, RESET, {"email": personas.teacher.email.upper()})
    link = link_in(mail.outbox[0])

    form = client.get(link, follow=True)
    assert form.context["validlink"] is True
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        event="auth.password_reset", subject_id=str(personas.teacher.pk)
    ).exists()
    assert client.get(link, follow=True).context["validlink"] is False


def test_an_imported_person_without_a_password_can_ask_for_a_reset(client, personas, post):
    staff = imported_staff(personas.school, "new.teacher@larkspur.test")
    post(client, RESET, {"email": staff.email})
    assert [m.to for m in mail.outbox] == [[staff.email]]


def test_reset_requests_are_rate_limited_per_address_with_the_same_answer(client, personas, post):
    answers = [post(client, RESET, {"email": personas.teacher.email}) for _ in range(5)]

    assert {a["Location"] for a in answers} == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 3
    audited = AuditEntry.objects.filter(event="auth.password_reset_requested")
    assert audited.count() == 5
    assert all("teacher@" not in str(e.extra) for e in audited)


def test_the_sign_in_page_links_to_the_reset_page(client, db):
    page = client.get(reverse("accounts:login"))
    assert RESET in page.content.decode()


# --------------------------------------------------------------------------
# Invitations
# --------------------------------------------------------------------------


def test_the_office_invites_every_imported_member_of_staff_once(sign_in, personas, post):
    one = imported_staff(personas.school, "one@larkspur.test")
    two = imported_staff(personas.school, "two@larkspur.test")
    elsewhere = imported_staff(personas.other_school, "three@wrenfield.test")
    client = sign_in(personas.office)

    page = client.get(INVITATIONS)
    assert "Invite 2 members of staff not invited yet" in page.content.decode()

    response = post(client, INVITATIONS)
    batch_url = response["Location"]
    assert re.search(r"/invitations/sending/\d+/$", batch_url)
    assert sorted(m.to[0] for m in mail.outbox) == [one.email, two.email]
    assert elsewhere.email not in str([m.to for m in mail.outbox])
    assert "2 of 2 invitations sent" in client.get(batch_url).content.decode()
    listed = client.get(INVITATIONS).content.decode()
    assert listed.count("Invited, not accepted yet") == 2
    assert "not invited yet</button>" not in listed
    assert AuditEntry.objects.filter(event="auth.invitation_sent").count() == 2

    post(client, INVITATIONS)  # nobody is left to invite: nothing more is sent
    assert len(mail.outbox) == 2


def test_accepting_sets_the_password_and_goes_on_to_the_second_factor(
    client, sign_in, personas, post
):
    staff = imported_staff(personas.school, "one@larkspur.test")
    post(sign_in(personas.head), INVITATIONS)
    link = link_in(mail.outbox[0])
    client.logout()

    assert client.get(link).status_code == 200
    response = client.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert response["Location"] == reverse("accounts:enrol")
    staff.user.refresh_from_db()
    assert staff.user.check_password(NEW_PASSWORD)
    assert client.get(reverse("web:dashboard"))["Location"].startswith(reverse("accounts:enrol"))
    assert AuditEntry.objects.filter(event="auth.invitation_accepted").exists()
    client.logout()
    assert client.get(link).status_code == 404  # the link worked once


def test_an_invitation_expires_after_7_days(client, sign_in, personas, post):
    imported_staff(personas.school, "one@larkspur.test")
    post(sign_in(personas.head), INVITATIONS)
    link = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()

    assert client.get(link).status_code == 404
    listed = sign_in(personas.head).get(INVITATIONS).content.decode()
    assert "Invitation expired" in listed


def test_sending_again_replaces_the_old_link(client, sign_in, personas, post):
    imported_staff(personas.school, "one@larkspur.test")
    office = sign_in(personas.office)
    post(office, INVITATIONS)
    invitation = Invitation.objects.get()
    post(office, reverse("accounts:invitation_resend", args=[invitation.pk]))
    old, new = (link_in(m) for m in mail.outbox)
    office.logout()

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    invitation.refresh_from_db()
    assert invitation.send_count == 2


def test_a_teacher_may_not_invite(sign_in, personas, post):
    imported_staff(personas.school, "one@larkspur.test")
    assert post(sign_in(personas.teacher), INVITATIONS).status_code == 403
    assert mail.outbox == []


# --------------------------------------------------------------------------
# The trust's sign-in providers
# --------------------------------------------------------------------------


def test_the_trust_sets_up_microsoft_sign_in_with_the_secret_sealed(sign_in, personas):
    from schoolgate.accounts.adapters import provider_apps
    from schoolgate.accounts.models import SignInProvider

    client = sign_in(personas.ceo)
    url = reverse("accounts:sign_in_providers")
    data = {"kind": "microsoft", "tenant": "larkspur.example", "client_id": "abc", "enabled": "on"}
    client.post(url, {**data, "secret": "s3cret-value"})
    client.post(url, {**data, "client_id": "abc2", "secret": ""})  # keeps the secret

    row = SignInProvider.objects.get()
    assert "s3cret-value" not in row.secret_sealed
    [app] = provider_apps()
    assert (app.client_id, app.secret) == ("abc2", "s3cret-value")
    assert app.settings["server_url"] == "https://login.microsoftonline.com/larkspur.example/v2.0"
    assert "s3cret" not in str(list(AuditEntry.objects.values_list("extra", flat=True)))
    page = client.get(url).content.decode()
    assert "/accounts/sso/" in page and "/login/callback/" in page
