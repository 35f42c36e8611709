"""The engine's contract: decisions derive from findings, and it fails closed."""

import pytest

from schoolgate.policy import engine
from schoolgate.policy.engine import (
    REGISTRY,
    Decision,
    Finding,
    Param,
    PolicyError,
    evaluate,
    parse_profile,
)


@pytest.fixture
def scratch_rules():
    """Register throwaway rules for one test and remove them afterwards."""
    before = set(REGISTRY)
    yield
    for rule_id in set(REGISTRY) - before:
        del REGISTRY[rule_id]


def _finding(severity):
    return Finding("x.rule", "because", "shire 1.1", severity=severity)


@pytest.mark.parametrize(
    ("severities", "outcome"),
    [
        ((), "allow"),
        (("info", "warn"), "allow"),
        (("warn", "approval"), "needs_approval"),
        (("approval", "block", "warn"), "block"),
    ],
)
def test_the_outcome_is_the_worst_finding(severities, outcome):
    decision = Decision("publish", tuple(_finding(s) for s in severities), "shire", "1")
    assert decision.outcome == outcome
    assert decision.allowed is (outcome == "allow")


def test_the_summary_gives_the_deciding_reason():
    findings = (
        Finding("a", "only a warning", "s", "warn"),
        Finding("b", "the blocking reason", "s", "block"),
    )
    assert Decision("publish", findings, "shire", "1").summary == "the blocking reason"


def test_a_profile_naming_an_unknown_rule_does_not_load():
    text = '[rules."no.such.rule"]\nsource = "shire 1"\n'
    with pytest.raises(PolicyError, match="no such rule"):
        parse_profile("test", text)


def test_a_profile_rule_without_a_source_does_not_load(scratch_rules):
    engine.define("t.sourced", title="t", description="t", catalogue=["C1.1"])
    with pytest.raises(PolicyError, match="source"):
        parse_profile("test", '[rules."t.sourced"]\nenabled = true\n')


def test_a_parameter_of_the_wrong_type_does_not_load(scratch_rules):
    engine.define(
        "t.typed",
        title="t",
        description="t",
        catalogue=["C3.3"],
        params=[Param("months", "int", 12, "How long.", low=1, high=60)],
    )
    text = '[rules."t.typed"]\nsource = "brize 2"\nparams = { months = "twelve" }\n'
    with pytest.raises(PolicyError, match="is not int"):
        parse_profile("test", text)


def test_an_override_must_fit_the_parameter(scratch_rules):
    engine.define(
        "t.choice",
        title="t",
        description="t",
        catalogue=["C3.5"],
        params=[Param("mode", "choice", "a", "Mode.", choices=("a", "b"))],
    )
    profile = parse_profile("test", '[rules."t.choice"]\nsource = "shire 2"\n')
    assert profile.with_overrides([("t.choice", "mode", "b")]).param("t.choice", "mode") == "b"
    with pytest.raises(PolicyError, match="one of a, b"):
        profile.with_overrides([("t.choice", "mode", "c")])


def test_a_check_that_breaks_blocks_instead_of_allowing(scratch_rules):
    @engine.check(
        "t.broken", title="Broken", description="t", catalogue=["C3.7"], contexts=["publish"]
    )
    def broken(ctx, subject):
        raise RuntimeError("boom")

    profile = parse_profile("test", '[rules."t.broken"]\nsource = "shire 3"\n')
    decision = evaluate(profile, "publish", "text")
    assert decision.outcome == "block"
    assert "could not run" in decision.summary


def test_findings_carry_the_profiles_source(scratch_rules):
    @engine.check(
        "t.found", title="Found", description="t", catalogue=["C3.7"], contexts=["publish"]
    )
    def found(ctx, subject):
        yield ctx.finding(f"saw {subject}", severity="approval", kind="other")

    profile = parse_profile("test", '[rules."t.found"]\nsource = "whmat 6.9"\n')
    decision = evaluate(profile, "publish", "x")
    assert decision.outcome == "needs_approval"
    assert decision.findings[0].source == "whmat 6.9"
    assert evaluate(profile, "comment", "x").findings == ()


def test_a_switched_off_rule_does_not_run(scratch_rules):
    @engine.check("t.off", title="Off", description="t", catalogue=["C3.7"], contexts=["publish"])
    def off(ctx, subject):
        yield ctx.finding("should not appear", severity="block")

    profile = parse_profile("test", '[rules."t.off"]\nsource = "shire 4"\nenabled = false\n')
    assert evaluate(profile, "publish", "x").allowed
