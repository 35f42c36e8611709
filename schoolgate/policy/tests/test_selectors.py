"""Grouping and comparing profiles."""

from dataclasses import replace

from schoolgate.policy.catalogue import AREAS
from schoolgate.policy.engine import REGISTRY, load_profile
from schoolgate.policy.selectors import profile_diff, rules_by_area


def test_rules_are_grouped_by_area_in_catalogue_order():
    areas = rules_by_area(load_profile("shire"))
    assert [a.code for a in areas] == list(AREAS)
    publishing = next(a for a in areas if a.code == "C3")
    rows = [rule.catalogue[0] for rule in publishing.rules]
    assert rows.index("C3.2") < rows.index("C3.10")
    assert sum(len(a.rules) for a in areas) == len(REGISTRY)


def test_the_query_matches_every_word_in_any_order():
    areas = rules_by_area(load_profile("brize"), query="photos NAMED")
    ids = {rule.id for area in areas for rule in area.rules}
    assert "publishing.child_naming" in ids
    assert "moderation.praise" not in ids


def test_a_list_in_another_order_is_not_a_difference():
    shire = load_profile("shire")
    rule = shire.rules["moderation.approvers"]
    reordered = replace(
        shire,
        code="reordered",
        rules={
            **shire.rules,
            "moderation.approvers": replace(
                rule, params={**rule.params, "roles": list(reversed(rule.params["roles"]))}
            ),
        },
    )
    assert profile_diff(shire, reordered) == []


def test_a_rule_off_in_both_hides_its_parameter_differences():
    jessons, whmat = load_profile("jessons"), load_profile("whmat")
    assert not jessons.enabled("devices.trip_phone") and not whmat.enabled("devices.trip_phone")
    changed = whmat.with_overrides([("devices.trip_phone", "overdue_after_hours", 2)])
    assert [d for d in profile_diff(jessons, changed) if d.rule == "devices.trip_phone"] == []


def test_a_rule_on_in_one_and_off_in_the_other_is_one_difference_with_both_sources():
    found = [d for d in profile_diff(load_profile("shire"), load_profile("brize"))]
    trip = [d for d in found if d.rule == "devices.trip_phone"]
    assert len(trip) == 1
    assert (trip[0].param, trip[0].a, trip[0].b) == ("enabled", True, False)
    assert trip[0].source_a == 'shire "Use of Mobile Phones"'
    assert trip[0].source_b == "Schoolgate default"
