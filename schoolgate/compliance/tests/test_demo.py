"""The demo trust's policy sign-off, training and registers."""

import pytest
from django.urls import reverse

from schoolgate.compliance.models import SignOff
from schoolgate.compliance.selectors import signoff_status, training_lapsed, unsigned_count
from schoolgate.people import demo
from schoolgate.people.models import RoleAssignment, School
from schoolgate.policy.selectors import school_policy
from schoolgate.registers.models import Declaration, ProfessionalAccount


@pytest.fixture
def loaded(db):
    from django.core.cache import cache

    cache.clear()  # the moderation demo's comment rate limit lives in the cache
    return demo.demo_load()


def _login(role, slug="puddlecombe"):
    row = RoleAssignment.objects.select_related("user").get(role=role, school__slug=slug)
    return row.user


def test_the_main_demo_logins_have_signed_and_are_not_stopped(loaded, sign_in):
    school = School.objects.get(slug="puddlecombe")
    for role in ("head", "teacher", "hr", "dsl", "office"):
        assert signoff_status(_login(role), school).signed
    ceo = RoleAssignment.objects.get(role="ceo").user
    assert signoff_status(ceo, school).signed
    page = sign_in(_login("head")).get(reverse("web:dashboard"))
    assert page.status_code == 200
    assert not training_lapsed(_login("head"), school)


def test_a_few_demo_staff_are_left_for_hr_to_chase(loaded, sign_in):
    # Supply, volunteer, and the contractor's query where the policy covers
    # contractors (people.roles:covers; not brize or jessons).
    queries = 0
    for school in School.objects.all():
        covered = "contractor" in school_policy(school).param("people.roles", "covers")
        assert unsigned_count(school) == 2 + covered
        queries += covered
    supply = sign_in(_login("supply")).get(reverse("web:dashboard"))
    assert supply.status_code == 302 and reverse("compliance:sign") in supply.url
    assert SignOff.objects.filter(status="query").count() == queries == 3


def test_the_registers_have_demo_entries(loaded):
    assert ProfessionalAccount.objects.filter(status="active").count() == 5
    assert ProfessionalAccount.objects.filter(status="requested").count() == 5
    # whmat's Appendix 1 form, kept by HR.
    assert Declaration.objects.get().school.profile == "whmat"
