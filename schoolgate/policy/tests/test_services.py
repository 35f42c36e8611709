"""Setting and removing a school's overrides: validated, audited, applied at once."""

import pytest

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import school_policy
from schoolgate.policy.services import policy_override_remove, policy_override_set


def set_no_names(personas, actor=None):
    return policy_override_set(
        school=personas.school,
        rule="publishing.child_naming",
        param="mode",
        value="no_names",
        reason="Governors asked for no names at all this year.",
        actor=actor or personas.head,
    )


def test_an_override_changes_what_school_policy_returns(personas):
    school = personas.school
    assert school_policy(school).param("publishing.child_naming", "mode") == "first_name_only"
    set_no_names(personas)
    assert school_policy(school).param("publishing.child_naming", "mode") == "no_names"


def test_an_override_is_audited_with_value_previous_and_reason(personas):
    override = set_no_names(personas)
    entry = AuditEntry.objects.get(event="policy.override_set")
    assert entry.actor == personas.head
    assert entry.school == personas.school
    assert entry.subject_id == str(override.pk)
    assert entry.extra["value"] == "no_names"
    assert entry.extra["previous"] == "first_name_only"
    assert entry.extra["reason"].startswith("Governors")


def test_setting_the_same_parameter_again_updates_the_one_override(personas):
    set_no_names(personas)
    policy_override_set(
        school=personas.school,
        rule="publishing.child_naming",
        param="mode",
        value="full_names",
        reason="Changed our minds.",
        actor=personas.ceo,
    )
    override = ParameterOverride.objects.get(school=personas.school)
    assert override.value == "full_names"
    assert override.set_by == personas.ceo
    assert AuditEntry.objects.filter(event="policy.override_set").count() == 2


def test_an_override_can_switch_a_rule_off(personas):
    policy_override_set(
        school=personas.school,
        rule="channels.cross_post",
        param="enabled",
        value=False,
        reason="Our Facebook page is closed for now.",
        actor=personas.head,
    )
    assert school_policy(personas.school).enabled("channels.cross_post") is False


@pytest.mark.parametrize(
    ("rule", "param", "value", "message"),
    [
        ("publishing.child_naming", "mode", "nicknames", "is not one of"),
        ("consent.photo", "expiry_months", "twelve", "is not int"),
        ("channels.managers", "roles", ["head", "janitor"], "a list drawn from"),
        ("publishing.child_naming", "colour", "red", "has no parameter colour"),
        ("no.such_rule", "mode", "x", "unknown rule"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_and_nothing_changes(
    personas, rule, param, value, message
):
    with pytest.raises(ApplicationError, match=message):
        policy_override_set(
            school=personas.school,
            rule=rule,
            param=param,
            value=value,
            reason="Trying it.",
            actor=personas.head,
        )
    assert not ParameterOverride.objects.exists()
    assert not AuditEntry.objects.filter(event="policy.override_set").exists()


def test_an_override_needs_a_reason(personas):
    with pytest.raises(ApplicationError, match="Give a reason"):
        policy_override_set(
            school=personas.school,
            rule="consent.photo",
            param="expiry_months",
            value=12,
            reason="  ",
            actor=personas.head,
        )


def test_a_teacher_cannot_override_the_policy(personas):
    with pytest.raises(ActionDenied):
        set_no_names(personas, actor=personas.teacher)
    assert not ParameterOverride.objects.exists()


def test_removing_an_override_restores_the_profile_value_and_is_audited(personas):
    school = personas.school
    set_no_names(personas)
    school_policy(school)  # cache the overridden policy on the object
    policy_override_remove(
        school=school, rule="publishing.child_naming", param="mode", actor=personas.head
    )
    assert school_policy(school).param("publishing.child_naming", "mode") == "first_name_only"
    entry = AuditEntry.objects.get(event="policy.override_removed")
    assert entry.extra["value"] == "no_names"
    assert entry.extra["restored"] == "first_name_only"
    assert not ParameterOverride.objects.exists()


def test_removing_an_override_that_does_not_exist_is_refused(personas):
    with pytest.raises(ApplicationError, match="is not overridden"):
        policy_override_remove(
            school=personas.school, rule="consent.photo", param="uses", actor=personas.head
        )


def test_a_route_for_concerns_about_the_head_above_the_head_is_accepted(personas):
    policy_override_set(
        school=personas.school,
        rule="safeguarding.routing",
        param="head_concerns_to",
        value=["chair"],
        reason="Our chair handles allegations.",
        actor=personas.head,
    )
    assert ParameterOverride.objects.get().value == ["chair"]
