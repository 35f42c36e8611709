"""Printed letters with a one-time code, for parents with no login yet."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from schoolgate.accounts import selectors, services
from schoolgate.accounts.models import ParentLetterCode
from schoolgate.accounts.tests.test_parents import import_family
from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import Parent, RoleAssignment
from schoolgate.people.tests.factories import SchoolFactory

LETTERS = reverse("accounts:parent_letters")
LETTER_CODE = reverse("accounts:letter_code")
PASSWORD = "copper kettle on the windowsill"


def issue(school):
    parents = selectors.parents_without_login(school)
    return dict(
        (p.first_name, code)
        for p, code in services.parent_letters_issue(school=school, parents=parents, actor=None)
    )


def redeem(client, code, email="ash.t@example.test", password=PASSWORD):
    data = {"code": code, "email": email, "new_password1": password, "new_password2": password}
    return client.post(LETTER_CODE, data)


def test_every_parent_without_a_usable_login_gets_a_code_and_only_its_hash_is_kept(db):
    school = SchoolFactory()
    import_family(school)

    codes = issue(school)

    # Robin's login from the import has no password yet; Ash has no email at all.
    assert set(codes) == {"Robin", "Ash"}
    assert all(re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", c) for c in codes.values())
    stored = list(ParentLetterCode.objects.values_list("code_digest", flat=True))
    assert len(stored) == 2
    for code in codes.values():
        assert all(code not in d and code.replace("-", "") not in d for d in stored)
    entry = AuditEntry.objects.get(event="auth.parent_letters_printed")
    assert entry.extra == {"letters": 2}
    assert not any(c in str(entry.extra) for c in codes.values())


def test_a_code_works_once_links_the_parent_and_shows_their_children(client, db):
    school = SchoolFactory(name="Larkspur Primary")
    import_family(school)
    code = issue(school)["Ash"]

    response = redeem(client, code.lower().replace("-", " "))

    assert response["Location"] == reverse("web:family")
    user = get_user_model().objects.get(email="ash.t@example.test")
    assert user.check_password(PASSWORD)
    assert Parent.objects.get(first_name="Ash").user == user
    assert RoleAssignment.objects.get(user=user).role == "parent"
    assert "Amara Bramblecott" in client.get(reverse("web:family")).content.decode()
    assert AuditEntry.objects.filter(event="auth.parent_letter_code_used").count() == 1

    client.logout()
    again = redeem(client, code, email="someone.else@example.test")
    assert "That code does not work" in again.content.decode()
    assert not get_user_model().objects.filter(email="someone.else@example.test").exists()


def test_a_parent_with_a_login_from_the_import_keeps_it(client, db):
    school = SchoolFactory()
    import_family(school)
    imported = get_user_model().objects.get(email__iexact="robin.b@example.test")

    redeem(client, issue(school)["Robin"], email="robin.new@example.test")

    imported.refresh_from_db()
    assert imported.email == "robin.new@example.test"
    assert imported.check_password(PASSWORD)
    assert selectors.parents_without_login(school) == [Parent.objects.get(first_name="Ash")]


def test_an_expired_code_is_refused(client, db):
    school = SchoolFactory()
    import_family(school)
    code = issue(school)["Ash"]
    ParentLetterCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))

    response = redeem(client, code)

    assert response.status_code == 200
    assert "That code does not work" in response.content.decode()
    assert Parent.objects.get(first_name="Ash").user is None
    assert AuditEntry.objects.filter(event="auth.parent_letter_code_refused").count() == 1


def test_printing_again_replaces_unused_codes(client, db):
    school = SchoolFactory()
    import_family(school)
    first = issue(school)["Ash"]
    second = issue(school)["Ash"]

    assert ParentLetterCode.objects.filter(parent__first_name="Ash").count() == 1
    assert "That code does not work" in redeem(client, first).content.decode()
    assert redeem(client, second).status_code == 302


def test_a_code_never_takes_over_an_address_that_already_has_a_login(client, personas):
    import_family(personas.school)
    code = issue(personas.school)["Ash"]

    response = redeem(client, code, email=personas.teacher.email)

    assert "already has a Schoolgate login" in response.content.decode()
    personas.teacher.refresh_from_db()
    assert not personas.teacher.check_password(PASSWORD)
    assert ParentLetterCode.objects.get(parent__first_name="Ash").used_at is None


def test_a_weak_password_is_refused(client, db):
    school = SchoolFactory()
    import_family(school)

    response = redeem(client, issue(school)["Ash"], password="password")

    assert response.status_code == 200
    assert Parent.objects.get(first_name="Ash").user is None


def test_tries_are_limited_per_visitor(client, db):
    school = SchoolFactory()
    import_family(school)
    code = issue(school)["Ash"]
    for _ in range(10):
        redeem(client, "AAAA-AAAA-AAAA")

    response = redeem(client, code)

    assert response.status_code == 429
    assert "Too many tries" in response.content.decode()
    assert Parent.objects.get(first_name="Ash").user is None
    assert AuditEntry.objects.filter(
        event="auth.parent_letter_code_refused", extra__rate_limited=True
    ).exists()


def test_the_office_prints_letters_and_a_teacher_cannot(sign_in, personas):
    import_family(personas.school)
    assert (
        "Print letters for parents without a login"
        in sign_in(personas.office).get(reverse("accounts:invitations")).content.decode()
    )

    response = sign_in(personas.office).post(LETTERS)

    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ash Thistlewood" in text and "Robin Bramblecott" in text
    assert "Amara" in text
    assert "http://testserver" not in text and reverse("accounts:letter_code") in text
    assert len(re.findall(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)) == 2
    assert sign_in(personas.teacher).post(LETTERS).status_code == 403


def test_the_page_asks_for_the_code_without_a_login(client, db):
    page = client.get(LETTER_CODE)
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()


def test_the_sign_in_page_leads_to_the_letter_page(client, db):
    assert LETTER_CODE in client.get(reverse("accounts:login")).content.decode()
