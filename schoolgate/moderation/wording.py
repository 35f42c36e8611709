"""Triage's label codes, finding rules and scores as a moderator reads them.

Triage speaks in codes (`individual_matter`, `names.staff_name`, a score of
0.70); the queue and the comment page show these words instead.
"""

from __future__ import annotations

from collections.abc import Mapping

from schoolgate.checks import triage

LABELS = {
    "offensive": "Offensive language",
    "possibly_offensive": "Possibly offensive language",
    "negative": "Negative in tone",
    "praise": "Praise",
    "threat": "A threat",
    "bullying": "Bullying",
    "self_harm": "Self-harm",
    "insult": "Insulting words",
    "sarcasm": "Sarcasm",
    "individual_matter": "Complaint about one person",
    "pupil_name": "Names a pupil",
    "surname": "A pupil's surname",
    "full_name": "A pupil's full name",
    "staff_name": "Names a member of staff",
    "parent_name": "Names a parent",
    "personal_data": "Personal details",
    "under_13": "Commenter may be under 13",
    "link": "Contains a link",
    "image": "Contains an image",
    "question": "A question for the school office",
    "extremist": "Extremist material",
    "sexual": "Sexual content",
    "commercial": "Advertising",
    "political": "Political campaigning",
    "staff_matter": "A colleague's employment or health",
    "defamatory": "An accusation against someone named",
    "discriminatory": "Shuts out a group of people",
}
# Finding rules whose last part is not a label code.
RULES = {
    "matters.individual": LABELS["individual_matter"],
    "tone.under_13": LABELS["under_13"],
}
# A finding family, for a rule this module has no words for.
FAMILIES = {
    "pii": "Personal details",
    "names": "A name",
    "phrases": "A phrase to watch for",
    "tone": "Tone",
    "matters": LABELS["individual_matter"],
    "content": "Content the policy refuses",
}
# Each score's name and where it becomes possible, then likely.
SCORES = {
    "offensive": ("Offensive language", triage.HOLD_OFFENSIVE, triage.ESCALATE_OFFENSIVE),
    "negative": ("Negative tone", triage.LABEL_NEGATIVE / 2, triage.LABEL_NEGATIVE),
    "personal_data": (
        "Personal details",
        triage.ESCALATE_PERSONAL_DATA / 2,
        triage.ESCALATE_PERSONAL_DATA,
    ),
    "praise": ("Praise", triage.LABEL_PRAISE / 2, triage.LABEL_PRAISE),
}


def label_text(code: str) -> str:
    """Return a triage label in words, e.g. "Names a member of staff"."""
    return LABELS.get(code) or code.replace("_", " ").capitalize()


def rule_text(rule: str) -> str:
    """Return what a finding's check looked for, e.g. "Names a member of staff"."""
    family, _, name = rule.partition(".")
    return (
        RULES.get(rule) or LABELS.get(name) or FAMILIES.get(family) or label_text(name or family)
    )


def score_lines(scores: Mapping[str, float]) -> list[str]:
    """Return each score as "Offensive language: likely (0.70)"."""
    return [_score_line(name, value) for name, value in scores.items()]


def _score_line(name: str, value: float) -> str:
    words, possible, likely = SCORES.get(name, (label_text(name), 0.25, 0.5))
    level = "likely" if value >= likely else "possible" if value >= possible else "unlikely"
    return f"{words}: {level} ({value:.2f})"
