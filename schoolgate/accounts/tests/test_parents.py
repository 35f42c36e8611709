"""Parents: a login from the MIS import, invitations, and sign-in links."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from schoolgate.accounts import services
from schoolgate.accounts.models import SchoolSignIn
from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import RoleAssignment
from schoolgate.people.services import people_import
from schoolgate.people.tests.factories import SchoolFactory

PUPILS = """\
MIS ID,First name,Surname,Preferred name,Date of birth,Year group,Class,Status,Leaving date
{mis},{first},Bramblecott,,2016-03-14,Year 4,4B,current,
"""
PARENTS = """\
MIS ID,Title,First name,Surname,Email,Phone,Pupils,Relationship
C001,Ms,Robin,Bramblecott,Robin.B@example.test,01632 960001,{mis},Mother
C002,Mr,Ash,Thistlewood,,,{mis},Father
"""
LINK_REQUEST = reverse("accounts:sign_in_link_request")
INVITATIONS = reverse("accounts:invitations")


def import_family(school, *, mis="P001", first="Amara"):
    people_import(school=school, kind="pupils", text=PUPILS.format(mis=mis, first=first))
    people_import(school=school, kind="parents", text=PARENTS.format(mis=mis))


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a call, then what waits for the commit (tasks, emails) as a commit would."""

    def _run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return _run


def test_a_parent_row_with_an_email_gives_the_parent_a_login_without_a_password(db):
    school = SchoolFactory()
    import_family(school)

    user = get_user_model().objects.get(email__iexact="robin.b@example.test")
    assert not user.has_usable_password()
    assert RoleAssignment.objects.filter(user=user, school=school, role="parent").exists()
    assert user.parent_records.get().mis_id == "C001"
    assert get_user_model().objects.filter(email="").count() == 0  # Ash has no email
    assert AuditEntry.objects.filter(event="auth.parent_login_linked").count() == 1


def test_a_parent_at_two_schools_of_the_trust_has_one_login_and_sees_both_children(client, db):
    first = SchoolFactory(name="Larkspur Primary")
    second = SchoolFactory(name="Wrenfield Academy", trust=first.trust)
    import_family(first, mis="P001", first="Amara")
    import_family(second, mis="W001", first="Oliver")
    user = get_user_model().objects.get(email__iexact="robin.b@example.test")

    client.force_login(user)
    page = client.get(reverse("web:family")).content.decode()

    assert "Amara Bramblecott" in page and "Oliver Bramblecott" in page
    assert "Wrenfield Academy" in page


def test_reimporting_keeps_the_same_login(db):
    school = SchoolFactory()
    import_family(school)
    import_family(school)
    assert get_user_model().objects.filter(email__iexact="robin.b@example.test").count() == 1


def test_a_parent_gets_a_one_time_sign_in_link(client, db, committed):
    school = SchoolFactory()
    import_family(school)

    answer = committed(client.post, LINK_REQUEST, {"email": "robin.b@example.test"})
    stranger = committed(client.post, LINK_REQUEST, {"email": "nobody@example.test"})

    assert answer.status_code == stranger.status_code == 200
    assert "Check your email" in answer.content.decode()
    assert [m.to for m in mail.outbox] == [["Robin.B@example.test"]]
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    signed_in = client.get(link)
    assert signed_in["Location"] == reverse("web:home")
    assert client.get(reverse("web:family")).status_code == 200
    client.logout()
    assert client.get(link).status_code == 403  # once only


def test_no_sign_in_link_for_staff_nor_where_parents_use_passwords(client, personas, committed):
    committed(client.post, LINK_REQUEST, {"email": personas.teacher.email})
    school = SchoolFactory()
    import_family(school)
    services.school_sign_in_set(
        school=school, parent_method=SchoolSignIn.ParentMethod.PASSWORD, actor=None
    )
    committed(client.post, LINK_REQUEST, {"email": "robin.b@example.test"})

    assert mail.outbox == []


def test_the_office_invites_parents_who_sign_in_by_link(client, sign_in, personas, committed):
    import_family(personas.school)
    office = sign_in(personas.office)
    assert "Invite 1 parent not invited yet" in office.get(INVITATIONS).content.decode()

    committed(office.post, INVITATIONS, {"who": "parents"})
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    assert "choose a password" not in mail.outbox[0].body

    client.logout()
    assert "new_password1" not in client.get(link).content.decode()
    response = client.post(link)
    assert response["Location"] == reverse("web:home")
    assert client.get(reverse("web:family")).status_code == 200


def _parents_csv(count: int, *, mis: str = "P001") -> str:
    rows = [
        f"C{n:04d},Ms,Robin{n},Bramblecott,robin{n}@example.test,,{mis},Mother"
        for n in range(count)
    ]
    # Two records of one parent (one address, two MIS rows) share one login.
    rows.append(f"D0001,Mr,Ash,Thistlewood,ASH@example.test,,{mis},Father")
    rows.append(f"D0002,Mr,Ash,Thistlewood,ash@example.test,,{mis},Father")
    return "MIS ID,Title,First name,Surname,Email,Phone,Pupils,Relationship\n" + "\n".join(rows)


def test_an_import_gives_every_parent_a_login_in_queries_that_do_not_grow_with_the_file(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    school = SchoolFactory()
    people_import(school=school, kind="pupils", text=PUPILS.format(mis="P001", first="Amara"))
    existing = get_user_model().objects.create_user(username="x", email="Robin3@Example.test")

    def run(count: int, other: SchoolFactory) -> int:
        people_import(school=other, kind="pupils", text=PUPILS.format(mis="P001", first="Amara"))
        with CaptureQueriesContext(connection) as queries:
            people_import(school=other, kind="parents", text=_parents_csv(count))
        return len(queries)

    few = run(5, school)
    many = run(40, SchoolFactory(trust=school.trust))
    assert many == few

    users = get_user_model().objects
    assert users.filter(email__iexact="ash@example.test").count() == 1
    assert users.filter(email__iexact="robin3@example.test").get() == existing
    ash = users.get(email__iexact="ash@example.test")
    assert set(ash.parent_records.values_list("mis_id", flat=True)) == {"D0001", "D0002"}
    assert not ash.has_usable_password()
    assert RoleAssignment.objects.filter(role="parent", school=school).count() == 6  # 5 + Ash
    linked = AuditEntry.objects.filter(event="auth.parent_login_linked", school=school)
    assert linked.count() == 6
