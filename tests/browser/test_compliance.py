"""Sign-off on first sign-in, and the self-check story, in the browser."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.compliance.models import SignOff
from schoolgate.compliance.services import policy_version_publish
from schoolgate.people.tests.factories import PupilFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.browser


def test_a_new_starter_signs_the_policy_at_first_sign_in(sign_in_page, personas):
    version = policy_version_publish(school=personas.school, actor=personas.head, note="First")
    starter = UserFactory(email="newstarter@larkspur.test", first_name="Nia")
    RoleFactory(user=starter, school=personas.school, role="support")
    page = sign_in_page(starter)

    page.goto(reverse("web:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Read and sign the social media policy"
    )
    expect(page.get_by_text("How children are named")).to_be_visible()
    page.get_by_role("button", name="I have read the policy and I sign it").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(personas.school.name)
    assert SignOff.objects.get(user=starter, version=version).status == "signed"


def test_a_teaching_assistant_checks_a_caption_before_posting(sign_in_page, personas):
    from schoolgate.policy.services import policy_override_set

    policy_override_set(
        school=personas.school,
        rule="selfcheck.personal_profile",
        param="school_identification",
        value="never",
        reason="Trust rule",
        actor=personas.head,
    )
    PupilFactory(school=personas.school, first_name="Amara", surname="Bramblecott")
    assistant = UserFactory(email="ta@larkspur.test", first_name="Tom")
    RoleFactory(user=assistant, school=personas.school, role="support")
    page = sign_in_page(assistant)

    page.goto(reverse("compliance:selfcheck"))
    page.get_by_label("Your profile (bio)").fill("TA at Larkspur Primary. Dog lover.")
    page.get_by_label("The post you are thinking of sharing").fill(
        "Amara made me laugh so much today"
    )
    page.get_by_label("When you would post it").fill("2025-11-18T19:30")
    page.get_by_role("button", name="Check").click()

    findings = page.locator(".findings")
    expect(findings).to_contain_text("Your profile names the school")
    expect(findings).to_contain_text("names a pupil (Amara)")
    expect(findings).to_contain_text('shire "Staff guidance for personal use"')
    # Nothing pasted is kept: the form comes back, the text goes nowhere else.
    assert not SignOff.objects.filter(user=assistant).exists()
