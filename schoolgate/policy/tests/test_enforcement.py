"""Every rule says where it is enforced, and the system check holds it to that (issue 14.3)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from schoolgate.core.permissions import ACTIONS
from schoolgate.core.schedule import timetable
from schoolgate.policy import enforcement, engine
from schoolgate.policy.engine import REGISTRY, Enforcement, PolicyError, define

JOBS = [job.command for job in timetable()]


def ids(found: list[enforcement.Problem]) -> list[tuple[str, str]]:
    return [(p.id, p.message) for p in found]


@pytest.fixture
def registry(monkeypatch):
    """A copy of the rule registry a test may change."""
    copy = dict(REGISTRY)
    monkeypatch.setattr(engine, "REGISTRY", copy)
    monkeypatch.setattr(enforcement, "REGISTRY", copy)
    return copy


def test_every_rule_of_the_five_profiles_is_enforced_or_pending():
    assert enforcement.problems(actions=ACTIONS, jobs=JOBS) == []


def test_a_switched_on_rule_enforced_nowhere_fails(registry):
    registry["moderation.approvers"] = replace(
        registry["moderation.approvers"], enforced=Enforcement()
    )
    found = ids(enforcement.problems(actions=ACTIONS, jobs=JOBS))
    assert (
        "policy.E002",
        "Rule moderation.approvers is switched on by a profile but enforced nowhere.",
    ) in found


def test_a_pending_rule_passes_until_it_is_wired(registry):
    registry["moderation.praise"] = replace(registry["moderation.praise"], enforced=Enforcement())
    pending = enforcement.PENDING | {"moderation.praise"}
    assert enforcement.problems(actions=ACTIONS, jobs=JOBS, pending=pending) == []
    found = enforcement.problems(actions=ACTIONS, jobs=JOBS, pending=frozenset())
    assert ("policy.E002", "moderation.praise") in {(p.id, p.message.split()[1]) for p in found}


def test_a_statement_rule_needs_no_enforcement_point():
    definition = REGISTRY["policy.explain"]
    assert definition.enforced.statement and not definition.enforced.points
    assert "policy.explain" not in enforcement.PENDING


def test_a_statement_cannot_also_name_an_enforcement_point(registry):
    with pytest.raises(PolicyError, match="is a statement"):
        define(
            "test.statement",
            title="t",
            description="t",
            catalogue=["C1.2"],
            statement=True,
            actions=["policy.view"],
        )


@pytest.mark.parametrize(
    ("enforced", "problem"),
    [
        (Enforcement(actions=("policy.no_such_action",)), "policy.E003"),
        (Enforcement(checks=("no_such_context",)), "policy.E004"),
        (Enforcement(jobs=("no_such_job",)), "policy.E005"),
    ],
)
def test_a_declared_enforcement_point_must_exist(registry, enforced, problem):
    registry["moderation.praise"] = replace(registry["moderation.praise"], enforced=enforced)
    found = [p.id for p in enforcement.problems(actions=ACTIONS, jobs=JOBS)]
    assert found == [problem]


def test_a_rule_with_no_engine_check_cannot_claim_one(registry):
    assert registry["moderation.approvers"].check is None
    registry["moderation.approvers"] = replace(
        registry["moderation.approvers"], enforced=Enforcement(checks=("publish",))
    )
    found = ids(enforcement.problems(actions=ACTIONS, jobs=JOBS))
    assert found[0][0] == "policy.E004" and "moderation.approvers" in found[0][1]


def test_a_parameter_a_profile_sets_but_nothing_reads_fails():
    reads = enforcement.param_reads() - {("moderation.approvers", "any_account_holder")}
    found = ids(enforcement.problems(actions=ACTIONS, jobs=JOBS, reads=reads))
    assert found == [
        (
            "policy.E006",
            "Parameter moderation.approvers:any_account_holder is set by a profile "
            "but read nowhere.",
        )
    ]


def test_the_system_check_runs_with_the_project(monkeypatch, registry):
    monkeypatch.setattr(enforcement, "PENDING", frozenset())
    registry["moderation.praise"] = replace(registry["moderation.praise"], enforced=Enforcement())
    with pytest.raises(SystemCheckError, match=r"policy\.E002.*moderation\.praise"):
        call_command("check")


@pytest.mark.parametrize(
    "pair",
    [
        ("moderation.approvers", "roles"),  # roles_from=(APPROVERS, "roles"), a constant
        ("sanctions.pupil_phone_ban", "decided_by"),  # RULES[kind], a dict of rule ids
        ("safeguarding.routing", "head_concerns_to"),  # a helper and an imported constant
        ("selfcheck.personal_profile", "school_identification"),  # ctx.params in a check
        ("publishing.approval", "social_direct_publishers"),  # a dict of parameter names
        ("consent.photo", "expiry_months"),  # selectors.RULE from another module
    ],
)
def test_the_scan_finds_parameters_read_indirectly(pair):
    assert pair in enforcement.param_reads()


def test_the_scan_reads_a_source_tree(tmp_path):
    package = tmp_path / "schoolgate"
    (package / "sample").mkdir(parents=True)
    (package / "sample" / "policy.py").write_text(
        'RULE = "moderation.praise"\n\n'
        "def share_with(policy):\n"
        '    return policy.param(RULE, "share_with")\n'
    )
    (package / "sample" / "demo.py").write_text(
        'def load(policy):\n    return policy.param("moderation.triage", "phrases")\n'
    )
    reads = enforcement.param_reads(package)
    assert reads == {("moderation.praise", "share_with")}


def test_pending_names_real_rules_and_parameters():
    for entry in enforcement.PENDING:
        rule_id, _, name = entry.partition(":")
        assert rule_id in REGISTRY, entry
        assert not name or name in REGISTRY[rule_id].params, entry


def test_a_pending_entry_that_is_wired_is_reported_stale(registry):
    registry["moderation.praise"] = replace(registry["moderation.praise"], enforced=Enforcement())
    pending = frozenset(
        {"moderation.approvers", "moderation.approvers:roles", "moderation.praise"}
    )
    stale = enforcement.stale_pending(pending)
    assert stale == ["moderation.approvers", "moderation.approvers:roles"]
