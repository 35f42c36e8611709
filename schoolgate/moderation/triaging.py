"""Run the one triage function on comments of a school and explain it by its policy.

`schoolgate.checks.triage.triage` does the work (the same function the CLI
and the tasks use). `school_triage_inputs` is the one place that says what a
school adds to it (its roster, the phrases of its `moderation.triage` rule,
thresholds): the web queue, the tasks and `schoolgate triage --school` all
take their inputs from it. This module also maps triage's labels to the
profile's `moderation.escalate_to` labels and adds to each finding the
policy rule and clause it answers to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from schoolgate.checks.cli import TriageSettings
from schoolgate.checks.names import NameMatcher
from schoolgate.checks.phrases import PhraseList, phrase_list
from schoolgate.checks.triage import TriageResult, triage
from schoolgate.moderation.policy import escalating_labels, source_of, triage_phrases
from schoolgate.people.models import School

# Triage's labels as the policy's `moderation.escalate_to` labels name them.
POLICY_LABEL = {
    "offensive": "offensive",
    "negative": "negative",
    "threat": "threat",
    "bullying": "threat",
    "self_harm": "threat",
    "personal_data": "personal_data",
    "individual_matter": "individual_matter",
    "pupil_name": "pupil_name",
    "surname": "pupil_name",
    "full_name": "pupil_name",
    "under_13": "under13",
    "defamatory": "individual_matter",
    "staff_matter": "individual_matter",
}
# The policy rule each kind of finding answers to, for its "source".
RULE_OF_KIND = {
    "offensive": "moderation.respect",
    "threat": "moderation.respect",
    "bullying": "moderation.respect",
    "self_harm": "moderation.escalate_to",
    "insult": "moderation.respect",
    "individual_matter": "moderation.respect",
    "pupil_name": "moderation.parent_conduct",
    "surname": "moderation.parent_conduct",
    "full_name": "moderation.parent_conduct",
    "staff_name": "moderation.parent_conduct",
    "parent_name": "moderation.parent_conduct",
    "under_13": "moderation.under13_ban",
    "extremist": "moderation.respect",
    "sexual": "moderation.respect",
    "defamatory": "moderation.respect",
    "discriminatory": "moderation.respect",
    "commercial": "moderation.respect",
    "political": "moderation.respect",
    "staff_matter": "moderation.respect",
}
DEFAULT_RULE = "moderation.escalate_to"
TRIAGE_RULE = "moderation.triage"
# The school's own phrases count as threats: triage escalates them.
SCHOOL_PHRASE_CATEGORY = "threat"
PRAISE_RULE = "moderation.praise"
# Findings that explain why a comment is *not* a problem cite the rule they serve.
RULE_OF_FINDING = {
    "tone.praise": PRAISE_RULE,
    "phrases.praise": PRAISE_RULE,
    "phrases.regret": TRIAGE_RULE,
    "phrases.illness": TRIAGE_RULE,
    "phrases.idiom": TRIAGE_RULE,
    "phrases.role": TRIAGE_RULE,
    "phrases.sarcasm": TRIAGE_RULE,
}


@dataclass(frozen=True)
class Triaged:
    """Triage's result for one comment, with what the school's policy makes of it."""

    result: TriageResult
    needs_head: bool
    findings: list[dict[str, Any]]


def roster_matcher(school: School) -> NameMatcher | None:
    """Return the school's roster matcher (pupils, staff, parents), cached by publishing."""
    from schoolgate.publishing.selectors import roster_for

    return roster_for(school).matcher


@lru_cache(maxsize=64)
def _phrase_list(phrases: tuple[str, ...]) -> PhraseList:
    # Compiled once per distinct list: a comment form must not rebuild it.
    return phrase_list({SCHOOL_PHRASE_CATEGORY: phrases})


def school_triage_inputs(school: School, *, roster: NameMatcher | None = None) -> TriageSettings:
    """Return what the school gives triage: roster, phrases (defaults + its own), thresholds.

    The one source of these inputs for the web queue, the tasks and
    `schoolgate triage --school`, so that all three judge a comment alike.
    Thresholds stay the trained defaults: no profile parameter sets them.
    """
    matcher = roster if roster is not None else roster_matcher(school)
    phrases = triage_phrases(school)
    # None: triage's own default list, already compiled.
    return TriageSettings(matcher, _phrase_list(phrases) if phrases else None, {})


def triage_for_school(
    school: School, texts: Sequence[str], *, roster: NameMatcher | None = None
) -> list[Triaged]:
    """Return triage's result for each text, judged by the school's policy."""
    inputs = school_triage_inputs(school, roster=roster)
    results = triage(
        texts, roster=inputs.roster, phrases=inputs.phrases, thresholds=inputs.thresholds
    )
    wanted = escalating_labels(school)
    return [_judge(school, wanted, r) for r in results]


def _judge(school: School, wanted: frozenset[str], result: TriageResult) -> Triaged:
    named = {POLICY_LABEL[label] for label in result.labels if label in POLICY_LABEL}
    needs_head = result.action in ("escalate", "reject") or bool(named & wanted)
    return Triaged(result, needs_head, [_explain(school, f.as_dict()) for f in result.findings])


def _explain(school: School, finding: dict[str, Any]) -> dict[str, Any]:
    kind = finding.get("kind", "")
    rule_id = (
        RULE_OF_FINDING.get(str(finding.get("rule")))
        or RULE_OF_KIND.get(kind)
        or RULE_OF_KIND.get(_category(finding), DEFAULT_RULE)
    )
    return {**finding, "policy_rule": rule_id, "source": source_of(school, rule_id)}


def _category(finding: dict[str, Any]) -> str:
    rule = str(finding.get("rule", ""))
    return rule.split(".", 1)[1] if rule.startswith("phrases.") else ""
