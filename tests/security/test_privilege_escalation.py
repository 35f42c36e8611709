"""Privilege escalation: nobody gains a role they could not be given by hand.

Issue 13 item 5: a deputy uploaded a staff CSV with their own row and
``Roles=head;dsl`` and became head and DSL. Every grant of a role, by whatever
path, asks the one permission layer (`people.grant_roles`, and
`people.grant_appointed_roles` for the roles the policy profile reserves to
named people); nobody changes their own roles; refused rows are reported by
line and the rest go in.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from schoolgate.people.models import RoleAssignment, StaffMember
from schoolgate.people.services import people_import
from schoolgate.policy.services import policy_override_set

pytestmark = pytest.mark.django_db

HEADER = "MIS ID,Title,First name,Surname,School email,Staff kind,Job title,Roles\n"


def staff_csv(*rows: str) -> str:
    return HEADER + "".join(f"{row}\n" for row in rows)


def roles_of(user, school) -> set[str]:
    return set(
        RoleAssignment.objects.filter(user=user, school=school).values_list("role", flat=True)
    )


def roles_by_email(email: str) -> set[str]:
    return set(RoleAssignment.objects.filter(user__email=email).values_list("role", flat=True))


def deputy_makes_themselves_head(personas) -> str:
    return staff_csv(
        f"S001,Mr,Dan,Deputy,{personas.deputy.email},leadership,Deputy head,deputy_head;head;dsl",
        "S002,Ms,Tia,Tern,t.tern@larkspur.test,teaching,Year 3 teacher,teacher",
    )


def test_a_deputy_cannot_make_themselves_head_and_dsl_by_import(personas):
    report = people_import(
        school=personas.school,
        kind="staff",
        text=deputy_makes_themselves_head(personas),
        actor=personas.deputy,
    )

    assert [e["line"] for e in report.errors] == [2]
    assert "your own" in report.errors[0]["reason"]
    assert roles_of(personas.deputy, personas.school) == {"deputy_head"}
    # The rest of the file went in.
    assert report.created == 1
    assert roles_by_email("t.tern@larkspur.test") == {"teacher"}


def test_the_deputys_upload_through_the_web_page_changes_none_of_their_roles(
    personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.deputy)
    upload = SimpleUploadedFile(
        "staff.csv", deputy_makes_themselves_head(personas).encode(), "text/csv"
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import"), {"kind": "staff", "file": upload})

    assert roles_of(personas.deputy, personas.school) == {"deputy_head"}
    assert StaffMember.objects.filter(mis_id="S002").exists()


def test_nobody_grants_themselves_a_role_by_import_not_even_the_head(personas):
    text = staff_csv(f"S001,Mrs,Hana,Head,{personas.head.email},leadership,Head,head;dsl;hr")

    report = people_import(school=personas.school, kind="staff", text=text, actor=personas.head)

    assert "your own" in report.errors[0]["reason"]
    assert roles_of(personas.head, personas.school) == {"head"}


@pytest.mark.parametrize("role", ["head", "dsl", "hr"])
def test_a_deputy_may_not_appoint_anyone_else_head_dsl_or_hr(personas, role):
    text = staff_csv(
        f"S001,Mr,Ola,Ward,o.ward@larkspur.test,teaching,Teacher,teacher;{role}",
        "S002,Ms,Tia,Tern,t.tern@larkspur.test,teaching,Year 3 teacher,teacher",
    )

    report = people_import(school=personas.school, kind="staff", text=text, actor=personas.deputy)

    assert [e["line"] for e in report.errors] == [2]
    assert f"Role {role} not granted" in report.errors[0]["reason"]
    assert roles_by_email("o.ward@larkspur.test") == set()
    assert roles_by_email("t.tern@larkspur.test") == {"teacher"}


@pytest.mark.parametrize("leader", ["head", "exec_head", "ceo"])
def test_the_people_the_profile_names_may_appoint_a_dsl(personas, leader):
    text = staff_csv("S001,Mr,Ola,Ward,o.ward@larkspur.test,teaching,Teacher,teacher;dsl")

    report = people_import(
        school=personas.school, kind="staff", text=text, actor=personas.users[leader]
    )

    assert report.errors == []
    assert roles_by_email("o.ward@larkspur.test") == {"teacher", "dsl"}


def test_who_appoints_follows_the_profile(personas):
    policy_override_set(
        school=personas.school,
        rule="people.roles",
        param="appointed_by",
        value=["ceo"],
        reason="The trust appoints DSLs.",
        actor=personas.ceo,
    )
    text = staff_csv("S001,Mr,Ola,Ward,o.ward@larkspur.test,teaching,Teacher,dsl")

    refused = people_import(school=personas.school, kind="staff", text=text, actor=personas.head)
    granted = people_import(school=personas.school, kind="staff", text=text, actor=personas.ceo)

    assert "Role dsl not granted" in refused.errors[0]["reason"]
    assert granted.errors == []
    assert roles_by_email("o.ward@larkspur.test") == {"dsl"}


def test_where_the_profile_asks_four_eyes_no_import_appoints(personas):
    policy_override_set(
        school=personas.school,
        rule="people.roles",
        param="appointments_four_eyes",
        value=True,
        reason="Two people sign off every appointment.",
        actor=personas.ceo,
    )
    text = staff_csv(
        "S001,Mr,Ola,Ward,o.ward@larkspur.test,teaching,Teacher,dsl",
        "S002,Ms,Tia,Tern,t.tern@larkspur.test,teaching,Year 3 teacher,teacher",
    )

    report = people_import(school=personas.school, kind="staff", text=text, actor=personas.ceo)

    assert [e["line"] for e in report.errors] == [2]
    assert "second person" in report.errors[0]["reason"]
    assert roles_by_email("o.ward@larkspur.test") == set()
    assert roles_by_email("t.tern@larkspur.test") == {"teacher"}


def test_a_dry_run_refuses_the_same_rows(personas):
    report = people_import(
        school=personas.school,
        kind="staff",
        text=deputy_makes_themselves_head(personas),
        actor=personas.deputy,
        dry_run=True,
    )

    assert [e["line"] for e in report.errors] == [2]


def test_the_command_run_as_the_deputy_refuses_their_own_row(personas, tmp_path, capsys):
    path = tmp_path / "staff.csv"
    path.write_text(deputy_makes_themselves_head(personas), encoding="utf-8")

    with pytest.raises(SystemExit) as exit_:
        call_command(
            "import",
            "staff",
            str(path),
            "--school",
            personas.school.slug,
            "--as",
            personas.deputy.email,
        )

    assert exit_.value.code == 1
    assert "line 2: Roles" in capsys.readouterr().out
    assert roles_of(personas.deputy, personas.school) == {"deputy_head"}
    assert roles_by_email("t.tern@larkspur.test") == {"teacher"}
