"""Engine behaviour the rule definitions rely on: typed parsing, attaching checks."""

import pytest

from schoolgate.policy import engine
from schoolgate.policy.engine import REGISTRY, Param, PolicyError, define, load_profile


@pytest.fixture
def scratch_registry(monkeypatch):
    monkeypatch.setattr(engine, "REGISTRY", dict(REGISTRY))
    return engine.REGISTRY


@pytest.mark.parametrize(
    ("param", "text", "value"),
    [
        (Param("on", "bool", False, "h"), " Yes ", True),
        (Param("on", "bool", True, "h"), "off", False),
        (Param("n", "int", 1, "h"), "24", 24),
        (Param("m", "choice", "a", "h", ("a", "b")), "b", "b"),
        (Param("r", "list", [], "h", ("head", "dsl")), "head, dsl", ["head", "dsl"]),
        (Param("t", "time", "08:00", "h"), "12:30", "12:30"),
        (Param("d", "date", "", "h"), "2025-07-01", "2025-07-01"),
        (Param("d", "date", "", "h"), "", ""),
    ],
)
def test_parse_turns_typed_text_into_the_parameter_type(param, text, value):
    assert param.parse(text) == value


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        (Param("on", "bool", False, "h"), "perhaps", "yes or no"),
        (Param("n", "int", 1, "h"), "twelve", "a whole number"),
        (Param("m", "choice", "a", "h", ("a", "b")), "c", "one of a, b"),
        (Param("r", "list", [], "h", ("head", "dsl")), "head, hed", "a list drawn from"),
        (Param("t", "time", "08:00", "h"), "25:00", "clock time"),
        (Param("d", "date", "", "h"), "July 2025", "YYYY-MM-DD"),
    ],
)
def test_parse_refuses_a_value_that_does_not_fit(param, text, message):
    with pytest.raises(PolicyError, match=message):
        param.parse(text)


def test_check_attaches_to_a_rule_defined_without_one(scratch_registry):
    define("scratch.rule", title="t", description="d", catalogue=["C3.7"])

    @engine.check("scratch.rule", contexts=["post"])
    def flag_everything(ctx, subject):
        yield ctx.finding("seen", severity="block")

    assert scratch_registry["scratch.rule"].check is flag_everything
    assert scratch_registry["scratch.rule"].contexts == frozenset({"post"})


def test_check_refuses_a_second_check_or_new_params_for_a_defined_rule(scratch_registry):
    define("scratch.rule", title="t", description="d", catalogue=["C3.7"])
    with pytest.raises(PolicyError, match="attach the check only"):
        engine.check("scratch.rule", contexts=["post"], params=[Param("x", "int", 1, "h")])(
            lambda ctx, s: ()
        )
    engine.check("scratch.rule", contexts=["post"])(lambda ctx, s: ())
    with pytest.raises(PolicyError, match="already has a check"):
        engine.check("scratch.rule", contexts=["post"])(lambda ctx, s: ())


def test_override_with_an_unknown_role_is_refused():
    with pytest.raises(PolicyError, match="a list drawn from"):
        load_profile("shire").with_overrides([("channels.managers", "roles", ["hed"])])


def test_two_overrides_of_one_rule_both_apply():
    profile = load_profile("shire").with_overrides(
        [
            ("publishing.approval", "approvers", ["head", "deputy_head"]),
            ("publishing.approval", "direct_publishers", ["head"]),
        ]
    )
    assert profile.param("publishing.approval", "approvers") == ["head", "deputy_head"]
    assert profile.param("publishing.approval", "direct_publishers") == ["head"]
