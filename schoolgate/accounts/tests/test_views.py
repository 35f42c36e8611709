"""Sign-in: password, then a one-time code for staff; enrolment; lock-out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import signed_in
from schoolgate.accounts import services
from schoolgate.accounts.tests.factories import totp_code, totp_device
from schoolgate.accounts.views import WRONG_CODE
from schoolgate.audit.models import AuditEntry

PASSWORD = "correct-horse-battery"
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:verify")
ENROL = reverse("accounts:enrol")
DASHBOARD = reverse("web:dashboard")
HOME = reverse("web:home")


def sign_in_with_password(client, user, password=PASSWORD, **extra):
    return client.post(LOGIN, {"username": user.email, "password": password, **extra})


def verified(client) -> bool:
    from django_otp import DEVICE_ID_SESSION_KEY

    return DEVICE_ID_SESSION_KEY in client.session


@pytest.fixture
def teacher_device(personas):
    return totp_device(personas.teacher)


# --- Password, then a code ------------------------------------------------


def test_staff_sign_in_asks_for_a_code_then_opens_the_dashboard(client, personas, teacher_device):
    response = sign_in_with_password(client, personas.teacher)
    assert response.status_code == 302

    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)

    response = client.post(VERIFY, {"code": totp_code(teacher_device), "next": DASHBOARD})
    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert verified(client)
    assert personas.school.name in client.get(DASHBOARD).content.decode()


def test_the_code_page_keeps_the_page_asked_for(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    response = client.get(DASHBOARD)
    assert response["Location"] == f"{VERIFY}?next=%2Fdashboard%2F"
    response = client.get(response["Location"])
    assert 'name="next" value="/dashboard/"' in response.content.decode()


def test_an_unverified_staff_session_cannot_reach_the_dashboard(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    for _ in range(2):
        response = client.get(DASHBOARD)
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)
    assert not verified(client)


def test_a_wrong_code_gives_a_clear_message(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    wrong = f"{(int(totp_code(teacher_device)) + 1) % 10**6:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not verified(client)


def test_an_empty_code_is_asked_for_again(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    response = client.post(VERIFY, {"code": ""})
    assert "This field is required." in response.content.decode()


def test_a_code_cannot_be_used_twice(client, personas, teacher_device):
    code = totp_code(teacher_device)
    sign_in_with_password(client, personas.teacher)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.post(reverse("accounts:logout"))

    sign_in_with_password(client, personas.teacher)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert not verified(client)


def test_many_wrong_codes_ask_the_person_to_wait(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    TOTPDevice.objects.filter(pk=teacher_device.pk).update(throttling_failure_count=5)
    teacher_device.refresh_from_db()
    teacher_device.throttle_increment()
    response = client.post(VERIFY, {"code": "000000"})
    assert "Too many wrong codes" in response.content.decode()


def test_a_backup_code_works_once_and_only_once(client, personas, teacher_device):
    code, *_ = services.backup_codes_issue(user=personas.teacher)
    sign_in_with_password(client, personas.teacher)
    assert client.post(VERIFY, {"code": code.upper()}).status_code == 302
    assert verified(client)
    client.post(reverse("accounts:logout"))

    sign_in_with_password(client, personas.teacher)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert WRONG_CODE in response.content.decode()
    assert not verified(client)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "/\\evil"])
def test_the_code_page_never_sends_people_off_site(client, personas, teacher_device, target):
    sign_in_with_password(client, personas.teacher)
    response = client.post(VERIFY, {"code": totp_code(teacher_device), "next": target})
    assert response["Location"] == HOME


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_the_sign_in_page_never_sends_people_off_site(client, personas, target):
    response = sign_in_with_password(client, personas.parent, next=target)
    assert response.status_code == 302
    assert "evil" not in response["Location"]


# --- Enrolment -------------------------------------------------------------


def test_staff_with_no_device_enrol_and_see_backup_codes_once(client, personas):
    sign_in_with_password(client, personas.head)
    response = client.get(DASHBOARD)
    assert response["Location"].startswith(ENROL)

    page = client.get(ENROL).content.decode()
    assert "<svg" in page
    secret = re.search(r"Enter this key: <code>([A-Z2-7 ]+)</code>", page).group(1)
    device = TOTPDevice.objects.get(user=personas.head, confirmed=False)
    assert secret.replace(" ", "") in _b32(device.bin_key)

    response = client.post(ENROL, {"code": totp_code(device)})
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(codes) == services.BACKUP_CODE_COUNT
    assert verified(client)
    assert client.get(DASHBOARD).status_code == 200
    assert AuditEntry.objects.filter(event="auth.second_factor_enrolled").exists()


def test_enrolment_refuses_a_wrong_code(client, personas):
    sign_in_with_password(client, personas.head)
    client.get(ENROL)
    response = client.post(ENROL, {"code": "000000"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert not verified(client)


def test_a_password_alone_cannot_enrol_a_new_device(client, personas, teacher_device):
    sign_in_with_password(client, personas.teacher)
    for method in (client.get, client.post):
        response = method(ENROL, {"code": "000000"})
        assert response.status_code == 302
        assert response["Location"] == VERIFY
    assert not TOTPDevice.objects.filter(user=personas.teacher, confirmed=False).exists()


# --- Parents ---------------------------------------------------------------


def test_parents_are_not_asked_for_a_second_factor(client, personas):
    response = sign_in_with_password(client, personas.parent)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert not response.get("Location", "").startswith((VERIFY, ENROL))
    assert response.wsgi_request.user == personas.parent


# --- Lock-out and passwords ------------------------------------------------


def test_an_account_is_locked_after_repeated_failures(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, personas.teacher, password="wrong-password-1")
    response = sign_in_with_password(client, personas.teacher)
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_out_ignores_the_case_of_the_address(client, personas):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in_with_password(client, personas.teacher, password="wrong-password-1")
    response = client.post(
        LOGIN, {"username": personas.teacher.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 429


def test_a_wrong_password_is_refused_without_saying_which_part(client, personas):
    response = sign_in_with_password(client, personas.teacher, password="wrong-password-1")
    assert response.status_code == 200
    assert "Please enter a correct email address and password." in response.content.decode()


def test_failed_sign_ins_are_audited_with_the_address_masked(client, personas):
    sign_in_with_password(client, personas.teacher, password="wrong-password-1")
    entry = AuditEntry.objects.get(event="auth.login_failed")
    assert entry.extra == {"email": "t***@l***.test"}
    assert personas.teacher.email not in str(entry.extra)


def test_sign_in_and_out_are_audited(client, personas):
    sign_in_with_password(client, personas.parent)
    client.post(reverse("accounts:logout"))
    events = list(
        AuditEntry.objects.filter(actor=personas.parent)
        .order_by("seq")
        .values_list("event", flat=True)
    )
    assert events == ["auth.login", "auth.logout"]


# --- Own security pages ----------------------------------------------------


def test_a_weak_new_password_is_refused(client, personas):
    signed_in(client, personas.teacher)
    for weak in ("short", "123456789012", "password1234", "teacher@larkspur"):
        response = client.post(
            reverse("accounts:password"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200, weak
        assert "field-error" in response.content.decode(), weak
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password(PASSWORD)


def test_changing_the_password_keeps_the_session_and_is_audited(client, personas):
    signed_in(client, personas.teacher)
    new = "quill-otter-marmalade-9"
    response = client.post(
        reverse("accounts:password"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    personas.teacher.refresh_from_db()
    assert personas.teacher.check_password(new)
    assert verified(client)
    assert client.get(DASHBOARD).status_code == 200
    assert AuditEntry.objects.filter(event="auth.password_changed").count() == 1


def test_new_backup_codes_replace_the_old_ones(client, personas):
    old = services.backup_codes_issue(user=personas.teacher)
    signed_in(client, personas.teacher)
    page = client.get(reverse("accounts:backup_codes")).content.decode()
    assert f"<strong>{len(old)}</strong> unused codes" in page

    response = client.post(reverse("accounts:backup_codes"))
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())
    assert len(new) == services.BACKUP_CODE_COUNT
    assert not set(old) & set(new)
    assert "Your old codes no longer work" in response.content.decode()


def _b32(key: bytes) -> str:
    import base64

    return base64.b32encode(key).decode()


def test_the_factory_code_matches_django_otp(personas, teacher_device):
    totp = TOTP(teacher_device.bin_key)
    assert totp_code(teacher_device) == f"{totp.token():06d}"
