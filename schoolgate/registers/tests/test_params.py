"""Parameters the registers read: HR forms' readers, whom a declaration goes to,
and whether use unconnected with school needs approval."""

from __future__ import annotations

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse

from schoolgate.core.exceptions import ApplicationError
from schoolgate.policy.models import ParameterOverride
from schoolgate.registers import selectors, services
from schoolgate.registers.models import ApplicationRequest, ProfessionalAccount
from schoolgate.registers.tests.factories import DeclarationFactory


def _override(personas, rule: str, param: str, value) -> None:  # type: ignore[no-untyped-def]
    ParameterOverride.objects.create(
        school=personas.school, rule=rule, param=param, value=value, reason="Test",
        set_by=personas.head,
    )  # fmt: skip


def test_hr_forms_are_read_by_the_roles_the_profile_names(personas):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    assert selectors.access_declaration_for(personas.hr, declaration.pk) == declaration
    with pytest.raises(Http404):
        selectors.access_declaration_for(personas.dpo, declaration.pk)
    _override(personas, "data.protection", "hr_forms_readers", ["hr", "dpo"])
    dpo = type(personas.dpo).objects.get(pk=personas.dpo.pk)
    assert selectors.access_declaration_for(dpo, declaration.pk) == declaration


FAMILY_LINK = {"pupil_names": "Ava Brook", "parent_names": "Jo Brook", "signed_name": "Sam T"}


def test_a_family_link_is_declared_to_the_roles_the_profile_names(
    personas, django_capture_on_commit_callbacks
):
    _override(personas, "registers.declarations", "declare_to", ["dsl"])
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_make(
            school=personas.school, kind="family_link", data=FAMILY_LINK, actor=personas.teacher
        )
    assert [m.to for m in mail.outbox] == [["dsl@larkspur.test"]]


def test_shire_declares_a_family_link_to_the_head(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_make(
            school=personas.school, kind="family_link", data=FAMILY_LINK, actor=personas.teacher
        )
    assert [m.to for m in mail.outbox] == [["head@larkspur.test"]]


APPLICATION = {"application": "Strava", "purpose": "My own running club"}


def test_shire_needs_no_approval_for_use_unconnected_with_school(personas, sign_in):
    response = sign_in(personas.teacher).post(
        reverse("registers:application_create"), {**APPLICATION, "for_school_work": "no"}
    )
    assert response.status_code == 200
    assert "needs no approval" in response.content.decode()
    assert not ApplicationRequest.objects.exists()


def test_without_the_exemption_such_a_request_waits_for_a_decision(personas):
    _override(personas, "registers.new_applications", "non_school_use_exempt", False)
    data = {**APPLICATION, "for_school_work": False}
    request = services.application_request(
        school=personas.school, data=data, actor=personas.teacher
    )
    assert request.status == ApplicationRequest.Status.PENDING


def test_school_work_always_asks_for_approval(personas):
    data = {**APPLICATION, "for_school_work": True}
    services.application_request(school=personas.school, data=data, actor=personas.teacher)
    assert ApplicationRequest.objects.count() == 1
    with pytest.raises(ApplicationError, match="needs no approval"):
        services.application_request(
            school=personas.school,
            data={**APPLICATION, "for_school_work": False},
            actor=personas.teacher,
        )


ACCOUNT = {
    "platform": "x",
    "purpose": "Year 6 news",
    "audience": "Year 6 parents",
    "professional_only": True,  # shire: only professional accounts on its pages
}


def test_a_professional_account_on_a_personal_email_is_refused_with_the_clause(personas):
    with pytest.raises(ApplicationError, match="school email address, not a personal one") as err:
        services.account_request(
            school=personas.school,
            data={**ACCOUNT, "handle": "mrs.smith1980@gmail.com"},
            actor=personas.teacher,
        )
    assert "Facebook and Twitter" in str(err.value)  # shire's clause


def test_a_school_address_or_a_plain_handle_is_accepted(personas):
    from schoolgate.people.tests.factories import StaffFactory

    StaffFactory(school=personas.school, email="j.smith@larkspur.sch.example")
    for handle in ("j.smith@larkspur.sch.example", "@larkspur_y6"):
        account = services.account_request(
            school=personas.school, data={**ACCOUNT, "handle": handle}, actor=personas.teacher
        )
        assert (account.handle, account.status) == (handle, ProfessionalAccount.Status.REQUESTED)
    waiting = ProfessionalAccount.objects.filter(school=personas.school, owner=personas.teacher)
    assert waiting.count() == 2


def test_where_the_policy_does_not_ask_for_school_email_a_personal_one_is_accepted(personas):
    _override(personas, "people.staff_identity", "school_email_only", False)
    account = services.account_request(
        school=personas.school,
        data={**ACCOUNT, "handle": "mrs.smith1980@gmail.com"},
        actor=personas.teacher,
    )
    assert ProfessionalAccount.objects.get(pk=account.pk).handle == "mrs.smith1980@gmail.com"
