"""The five built-in profiles against the rule registry and the catalogue."""

import pytest

from schoolgate.people.roles import Role
from schoolgate.policy.catalogue import CATALOGUE
from schoolgate.policy.engine import PROFILE_CODES, REGISTRY, load_profile
from schoolgate.policy.rules._common import ROLES


def rows_mapped(code: str) -> set[str]:
    profile = load_profile(code)
    return {row for rule_id in profile.rules for row in REGISTRY[rule_id].catalogue}


@pytest.mark.parametrize("code", PROFILE_CODES)
def test_every_profile_maps_every_catalogue_row(code):
    missing = sorted(set(CATALOGUE) - rows_mapped(code))
    assert not missing, f"{code} maps no rule for {missing}"


@pytest.mark.parametrize("code", PROFILE_CODES)
def test_every_profile_states_every_registered_rule(code):
    missing = sorted(set(REGISTRY) - set(load_profile(code).rules))
    assert not missing, f"{code} is silent on {missing}"


@pytest.mark.parametrize("code", PROFILE_CODES)
def test_every_profile_rule_has_a_source_and_a_summary(code):
    for rule in load_profile(code).rules.values():
        assert rule.source.strip(), rule.id
        assert len(rule.summary.strip()) > 20, rule.id


@pytest.mark.parametrize("code", PROFILE_CODES)
def test_every_profile_parameter_is_typed_and_valid(code):
    profile = load_profile(code)
    for rule_id in profile.rules:
        definition = REGISTRY[rule_id]
        for name, value in profile.params(rule_id).items():
            param = definition.params[name]
            assert param.type in {"bool", "int", "str", "choice", "list", "time", "date"}
            assert param.help
            param.validate(value, f"{code}:{rule_id}.{name}")


def test_every_catalogue_row_of_a_rule_exists():
    unknown = {row for d in REGISTRY.values() for row in d.catalogue} - set(CATALOGUE)
    assert not unknown


def test_rule_role_codes_match_the_people_roles():
    assert set(ROLES) == set(Role.values)


@pytest.mark.parametrize("code", PROFILE_CODES)
def test_profile_metadata_names_school_version_and_signatory(code):
    meta = load_profile(code).meta
    assert meta["school"] and meta["version"] and meta["review"]
    assert meta["signatory_role"] in Role.values
    assert isinstance(meta["related_policies"], list)
    assert isinstance(meta["legislation"], list)


def test_profiles_differ_where_the_policies_differ():
    shire, brize, whmat = (load_profile(c) for c in ("shire", "brize", "whmat"))
    assert shire.param("publishing.child_naming", "with_photos") == "first_name_only"
    assert brize.param("publishing.child_naming", "with_photos") == "no_names"
    assert brize.param("consent.photo", "expiry_months") == 12
    assert shire.param("consent.photo", "expiry_months") == 0
    assert whmat.param("documents.review", "interval_months") == 24
    assert shire.param("channels.managers", "roles") == ["head"]
    assert load_profile("stpeters").param(
        "safeguarding.routing", "executive_head_concerns_to"
    ) == ["governors_chair"]  # the LAC chair, not the trust chair
