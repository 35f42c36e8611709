"""Who the policy applies to (C2.2): `people.roles` as each profile sets it."""

from __future__ import annotations

from schoolgate.compliance.selectors import signoff_status, staff_users
from schoolgate.core.permissions import decide
from schoolgate.people.models import School
from schoolgate.people.tests.factories import RoleFactory, UserFactory
from schoolgate.policy.models import ParameterOverride


def _school(personas, profile: str) -> School:  # type: ignore[no-untyped-def]
    school = personas.school
    school.profile = profile
    school.save(update_fields=["profile"])
    return School.objects.get(pk=school.pk)  # no cached policy


def _only_the_ceo_approves_trust_office_accounts(personas) -> None:  # type: ignore[no-untyped-def]
    ParameterOverride.objects.create(
        school=personas.school,
        rule="registers.professional_accounts",
        param="trust_office_approvers",
        value=["ceo"],
        reason="Test",
        set_by=personas.head,
    )


def _deputy_ceo(personas):  # type: ignore[no-untyped-def]
    deputy = UserFactory(email="deputy.ceo@trust.test")
    RoleFactory(user=deputy, school=None, trust=personas.school.trust, role="deputy_ceo")
    return deputy


def test_under_whmat_what_binds_the_ceo_binds_the_deputy_ceo(personas):
    school = _school(personas, "whmat")
    _only_the_ceo_approves_trust_office_accounts(personas)
    decision = decide(_deputy_ceo(personas), "registers.approve_trust_office_account", school)
    assert decision.allowed


def test_elsewhere_the_deputy_ceo_is_not_the_ceo(personas):
    school = _school(personas, "jessons")
    _only_the_ceo_approves_trust_office_accounts(personas)
    decision = decide(_deputy_ceo(personas), "registers.approve_trust_office_account", school)
    assert not decision.allowed
    assert "Chief executive (CEO) only" in decision.summary


def _agency_worker(school):  # type: ignore[no-untyped-def]
    worker = UserFactory(email="agency@larkspur.test")
    RoleFactory(user=worker, school=school, role="agency")
    return worker


def test_brize_does_not_ask_agency_staff_to_sign_a_policy_that_does_not_cover_them(personas):
    school = _school(personas, "brize")
    worker = _agency_worker(school)
    assert worker not in staff_users(school)
    assert not signoff_status(worker, school).required
    assert personas.teacher in staff_users(school)


def test_whmat_covers_agency_workers_so_they_sign(personas):
    school = _school(personas, "whmat")
    worker = _agency_worker(school)
    assert worker in staff_users(school)
