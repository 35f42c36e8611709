"""The demo trust: its schools, people and logins, and the demo command."""

import io
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from schoolgate.audit.models import AuditEntry
from schoolgate.people import demo
from schoolgate.people.models import Parent, Pupil, RoleAssignment, School, StaffMember
from schoolgate.people.roles import STAFF_ROLES, Role
from schoolgate.people.tests.factories import SchoolFactory
from schoolgate.policy.engine import PROFILE_CODES


@pytest.fixture(autouse=True)
def _var_dir(settings, tmp_path):
    """The command writes the logins file in a folder of the test's own."""
    settings.VAR_DIR = tmp_path


@pytest.fixture
def loaded(db: None) -> demo.DemoSummary:
    return demo.demo_load()


def test_it_loads_five_schools_one_on_each_profile(loaded):
    schools = School.objects.all()
    assert sorted(s.profile for s in schools) == sorted(PROFILE_CODES)
    assert {s.trust.name for s in schools} == {demo.TRUST_NAME}


def test_every_staff_role_has_a_login_at_every_school(loaded):
    held = defaultdict(set)
    for assignment in RoleAssignment.objects.select_related("school"):
        held[assignment.school.slug if assignment.school else ""].add(assignment.role)
    school_roles = STAFF_ROLES - set(demo.TRUST_ROLES) | {Role.PARENT}
    assert held.pop("") == set(demo.TRUST_ROLES)
    # Only stpeters names an online-safety officer (people.roles:online_safety_officer).
    assert held == {
        spec.slug: school_roles - ({Role.ONLINE_SAFETY} if spec.profile != "stpeters" else set())
        for spec in demo.SCHOOLS
    }


def test_the_trust_leaders_hold_their_roles_trust_wide(loaded):
    ceo = RoleAssignment.objects.get(role=Role.CEO)
    assert ceo.school is None
    assert ceo.user.email == "ceo@quillmere.demo.test"


def test_each_school_has_forty_to_sixty_pupils_and_some_former_ones(loaded):
    for school in School.objects.all():
        statuses = Counter(school.pupils.values_list("status", flat=True))
        assert 40 <= statuses[Pupil.Status.CURRENT] <= 60, school
        assert statuses[Pupil.Status.FORMER] >= 1, school


def test_primary_pupils_are_under_thirteen_and_the_secondary_has_older_ones(loaded):
    today = timezone.localdate()
    for spec in demo.SCHOOLS:
        pupils = Pupil.objects.filter(school__slug=spec.slug, status=Pupil.Status.CURRENT)
        ages = {pupil.age_on(today) for pupil in pupils}
        if spec.phase == "primary":
            assert max(ages) < 13 and min(ages) >= 4, spec.slug
        else:
            assert max(ages) >= 14 and min(ages) >= 11, spec.slug


def test_every_current_pupil_has_a_parent(loaded):
    assert not Pupil.objects.filter(status=Pupil.Status.CURRENT, parents__isnull=True).exists()


def test_each_school_has_a_parent_login_with_children(loaded):
    parents = Parent.objects.filter(user__isnull=False)
    assert parents.count() == len(demo.SCHOOLS)
    for parent in parents:
        assert parent.children.count() >= 2
        assert parent.email == parent.user.email


def test_staff_have_formal_names_and_school_emails(loaded):
    for member in StaffMember.objects.select_related("school"):
        assert member.formal_name == f"{member.title} {member.surname}"
        assert member.email.endswith(f"@{member.school.slug}.demo.test")
    head = StaffMember.objects.get(user__email="head@puddlecombe.demo.test")
    assert head.kind == StaffMember.Kind.LEADERSHIP


def test_every_staff_login_has_an_authenticator_and_backup_codes(loaded):
    staff = RoleAssignment.objects.filter(role__in=STAFF_ROLES).values_list("user", flat=True)
    assert TOTPDevice.objects.filter(user__in=staff, confirmed=True).count() == len(staff)
    codes = Counter(StaticToken.objects.values_list("device__user", flat=True))
    assert set(codes) == set(staff)
    assert set(codes.values()) == {8}


def test_it_writes_one_audit_entry_for_the_load(loaded):
    # Comments and records the demo makes through services are audited as usual.
    entry = AuditEntry.objects.get(event="demo.loaded")
    assert entry.event == "demo.loaded"
    assert entry.extra["schools"] == 5
    assert entry.extra["logins"] == loaded.logins


def test_it_loads_the_same_people_every_time(db):
    def snapshot():
        people = Pupil.objects.order_by("mis_id").values_list(
            "first_name", "surname", "date_of_birth"
        )
        staff = StaffMember.objects.order_by("mis_id").values_list("formal_name", "email")
        return list(people), list(staff)

    with transaction.atomic():
        demo.demo_load()
        first = snapshot()
        transaction.set_rollback(True)
    demo.demo_load()
    assert snapshot() == first


def test_it_refuses_a_database_that_holds_schools(db):
    SchoolFactory()
    with pytest.raises(demo.DemoError):
        demo.demo_load()


# Logins ------------------------------------------------------------------


def code_for(email: str) -> str:
    return next(login.code for login in demo.demo_logins() if login.email == email)


def test_a_printed_backup_code_passes_the_second_factor_once(client, loaded):
    email = "head@puddlecombe.demo.test"
    code = code_for(email)
    client.post(reverse("accounts:login"), {"username": email, "password": demo.PASSWORD})
    response = client.post(reverse("accounts:verify"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("web:dashboard")).status_code == 200
    assert code_for(email) != code


def test_a_login_that_used_every_code_gets_fresh_ones(loaded):
    email = "dsl@kettlewick.demo.test"
    StaticToken.objects.filter(device__user__email=email).delete()
    code = code_for(email)
    assert StaticToken.objects.filter(device__user__email=email, token=code).exists()
    assert AuditEntry.objects.filter(event="auth.backup_codes_issued").count() == 1


def test_parents_are_printed_without_a_code(loaded):
    parent = next(login for login in demo.demo_logins() if login.email.startswith("parent@"))
    assert parent.code == ""


# The command ---------------------------------------------------------------


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_the_command_loads_and_prints_the_logins(db):
    output = run()
    assert "Loaded Quillmere Learning Trust: 5 schools" in output
    assert f"Password for every one: {demo.PASSWORD}" in output
    assert "head@puddlecombe.demo.test" in output
    assert code_for("head@puddlecombe.demo.test") in output


def test_if_empty_loads_nothing_when_a_school_exists(db):
    SchoolFactory()
    assert "the demo trust was not loaded" in run("--if-empty")
    assert not demo.demo_exists()


def test_if_empty_loads_an_empty_database_and_says_where_the_logins_are(db, tmp_path):
    output = run("--if-empty")
    assert "Loaded Quillmere Learning Trust" in output
    assert "Password" not in output
    path = tmp_path / "demo-logins.txt"
    assert f"Demo logins and backup codes: {path}" in output
    logins = path.read_text()
    assert f"Password for every one: {demo.PASSWORD}" in logins
    assert code_for("head@puddlecombe.demo.test") in logins
    assert path.stat().st_mode & 0o077 == 0  # its owner's only


def test_without_if_empty_a_database_with_schools_is_an_error(db):
    SchoolFactory()
    with pytest.raises(CommandError, match="holds schools already"):
        run()


def test_logins_prints_fresh_logins_without_loading(loaded, tmp_path):
    output = run("--logins")
    assert "ceo@quillmere.demo.test" in output
    assert "ceo@quillmere.demo.test" in (tmp_path / "demo-logins.txt").read_text()
    assert School.objects.count() == len(demo.SCHOOLS)


def test_logins_without_a_demo_trust_is_an_error(db):
    with pytest.raises(CommandError, match="no demo trust"):
        run("--logins")


def test_the_executive_principal_can_be_named_and_reaches_the_lac_chair(loaded):
    # stpeters "Online safety": a concern about the executive principal goes to
    # the chair of the local academy committee, not the trust's chair.
    from schoolgate.safeguarding.models import Kind
    from schoolgate.safeguarding.selectors import routes_for

    school = School.objects.get(profile="stpeters")
    principal = StaffMember.objects.get(school=school, user__email__startswith="executivehead@")
    assert routes_for(school, Kind.STAFF_CONCERN, [principal]) == {
        "governors_chair": "safeguarding.routing"
    }
