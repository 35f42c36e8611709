"""Floors: protections no profile, override or stale setting can take away.

Attack: a head overrides `safeguarding.routing:head_concerns_to` to `head`,
so a concern about them reaches nobody else. The floors are declared in the
rule definitions; the override form, the override service, the profile
loader and the routing engine all keep them.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory, UserFactory
from schoolgate.policy import engine
from schoolgate.policy.engine import PolicyError, load_profile, parse_profile
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.services import policy_override_set
from schoolgate.safeguarding.models import Kind
from schoolgate.safeguarding.selectors import visible_records
from schoolgate.safeguarding.services import RecordRefused
from schoolgate.safeguarding.tests.factories import make_record, staff_for

OVERRIDE = reverse("policy:override")
HEAD_ROUTE = "safeguarding.routing:head_concerns_to"


def _concern_about(person, school, reporter):  # type: ignore[no-untyped-def]
    return make_record(
        school, reporter, kind=Kind.STAFF_CONCERN, staff=[staff_for(person, school)]
    )


def test_the_override_form_refuses_routing_concerns_about_the_head_to_the_head(personas, sign_in):
    response = sign_in(personas.head).post(
        OVERRIDE, {"target": HEAD_ROUTE, "value": "head", "reason": "I will handle them."}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "never goes to the head" in page
    assert "Keeping children safe in education, Part 4" in page
    assert not ParameterOverride.objects.exists()


def test_the_override_form_refuses_a_route_that_reaches_nobody_above_the_head(personas, sign_in):
    response = sign_in(personas.head).post(
        OVERRIDE, {"target": HEAD_ROUTE, "value": "dsl, deputy_head", "reason": "Closer."}
    )
    assert "always reaches someone above the head" in response.content.decode()
    assert not ParameterOverride.objects.exists()


def test_the_override_form_refuses_switching_the_routing_rule_off(personas, sign_in):
    response = sign_in(personas.head).post(
        OVERRIDE,
        {"target": "safeguarding.routing:enabled", "value": "no", "reason": "Not needed."},
    )
    assert "cannot be off" in response.content.decode()
    assert not ParameterOverride.objects.exists()


def test_the_override_service_keeps_the_floor_whoever_calls_it(personas):
    with pytest.raises(ApplicationError, match="never goes to the head"):
        policy_override_set(
            school=personas.school,
            rule="safeguarding.routing",
            param="head_concerns_to",
            value=["head", "chair"],
            reason="Both of us.",
            actor=personas.head,
        )


def _routing_to_the_head(text: str) -> str:
    """Return a profile's TOML with concerns about the head routed to the head."""
    head, marker, rest = text.partition('[rules."safeguarding.routing"]')
    section, bracket, tail = rest.partition("\n[")
    if "head_concerns_to" in section:
        section = re.sub(r"(?<!_)head_concerns_to = \[[^\]]*\]", ROUTE_TO_HEAD, section)
    elif "params = {" in section:
        section = section.replace("params = { ", f"params = {{ {ROUTE_TO_HEAD}, ", 1)
    else:
        section += f"params = {{ {ROUTE_TO_HEAD} }}\n"
    return head + marker + section + bracket + tail


ROUTE_TO_HEAD = 'head_concerns_to = ["head"]'


@pytest.mark.parametrize("code", engine.PROFILE_CODES)
def test_no_profile_can_route_concerns_about_the_head_to_the_head(code):
    text = _routing_to_the_head(engine.profile_text(code))
    assert ROUTE_TO_HEAD in text
    with pytest.raises(PolicyError, match="never goes to the head"):
        parse_profile(code, text)


def test_a_stale_override_to_the_head_still_reaches_someone_above_the_head(personas):
    # Written around the form (an old database, the admin, a script).
    ParameterOverride.objects.create(
        school=personas.school,
        rule="safeguarding.routing",
        param="head_concerns_to",
        value=["head"],
        reason="Stored before floors existed.",
        set_by=personas.head,
    )
    record = _concern_about(personas.head, personas.school, personas.teacher)
    routed = set(record.routes.values_list("role", flat=True))
    assert "head" not in routed
    assert routed & {"executive_head", "chair", "ceo"}
    assert record in visible_records(personas.exec_head, personas.school)
    assert record not in visible_records(personas.head, personas.school)


def test_a_concern_about_the_head_escalates_when_its_route_has_nobody(db):
    school = SchoolFactory(profile="stpeters")  # about the head: the executive head alone
    head, chair, teacher = UserFactory(), UserFactory(), UserFactory()
    RoleFactory(user=head, school=school, role="head")
    RoleFactory(user=teacher, school=school, role="teacher")
    RoleFactory(user=chair, school=None, trust=school.trust, role="chair")
    record = _concern_about(head, school, teacher)
    assert "chair" in set(record.routes.values_list("role", flat=True))
    assert record in visible_records(chair, school)


def test_a_concern_about_the_head_with_nobody_above_is_refused_with_the_clause(db):
    school = SchoolFactory(profile="shire")
    head, teacher = UserFactory(), UserFactory()
    RoleFactory(user=head, school=school, role="head")
    RoleFactory(user=teacher, school=school, role="teacher")
    with pytest.raises(RecordRefused) as refused:
        _concern_about(head, school, teacher)
    assert "someone above them" in refused.value.message
    assert refused.value.finding.rule == "safeguarding.routing"
    assert refused.value.finding.source.startswith("shire policy:")


def test_the_policy_page_states_the_protections_no_setting_removes(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("policy:ours"), {"q": "routing"})
    assert "Protections no setting can remove" in page.content.decode()
    assert "A concern about the head never goes to the head" in page.content.decode()


def test_every_floor_holds_in_every_profile():
    for code in engine.PROFILE_CODES:
        profile = load_profile(code)
        for rule_id, definition in engine.REGISTRY.items():
            assert not definition.breached(profile.params(rule_id)), (code, rule_id)


# Content the law refuses on a school's channels: political campaigning
# (Education Act 1996 ss406-407) and extremism (the Prevent duty).
CONTENT = "publishing.content_standards"


def test_no_setting_lets_a_school_stop_refusing_political_or_extremist_posts():
    profile = load_profile("shire")
    kept = [c for c in profile.param(CONTENT, "categories") if c not in {"political"}]
    with pytest.raises(PolicyError, match="campaign for a party"):
        profile.with_overrides([(CONTENT, "categories", kept)])
    with pytest.raises(PolicyError, match="cannot be off"):
        profile.with_overrides([(CONTENT, "enabled", False)])


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("Join the jihad and fight for the caliphate with us", "extremist"),
        ("Vote Labour on Thursday and re-elect Councillor Jane Smith", "political"),
    ],
)
def test_a_school_that_only_warns_still_has_campaigning_and_extremism_blocked(body, kind):
    from schoolgate.publishing.checks import Draft, check_draft

    profile = load_profile("jessons").with_overrides([(CONTENT, "severity", "warn")])
    decision = check_draft(profile, Draft(body=body))
    assert not decision.allowed
    assert [f.kind for f in decision.blocking] == [kind]
    harmless = check_draft(profile, Draft(body="Our school council vote is on Thursday."))
    assert harmless.allowed


def test_a_school_phrase_without_a_known_category_is_refused_with_the_form_to_use(personas):
    with pytest.raises(ApplicationError, match="like commercial: my \\* shop"):
        policy_override_set(
            school=personas.school,
            rule=CONTENT,
            param="phrases",
            value=["my etsy shop"],
            reason="Teachers advertising.",
            actor=personas.head,
        )
    assert not ParameterOverride.objects.exists()
    policy_override_set(
        school=personas.school,
        rule=CONTENT,
        param="phrases",
        value=["Commercial: my etsy shop", "staff matter: on gardening leave"],
        reason="Teachers advertising.",
        actor=personas.head,
    )
    assert ParameterOverride.objects.get().value[0] == "Commercial: my etsy shop"
