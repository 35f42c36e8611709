"""Individual matters: a named person plus a complaint or a private matter in
the same sentence ("Mrs Patel shouted at my son", "Jack's parents are
divorcing"). These belong in a private conversation with the school, not on
a public page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from schoolgate.checks.base import Span, TextFinding
from schoolgate.checks.tone import sentences

_COMPLAINT = re.compile(
    r"\b(?:complain\w*|unfair\w*|rude|shout\w*|yell\w*|upset\w*|bull(?:y|ied|ying)|"
    r"picked on|picks on|ignor\w*|useless|incompetent|disgrace\w*|disgusting|"
    r"unacceptable|appalling|awful|terrible|horrible|nasty|sack\w*|fired|fault|blame\w*|"
    r"treat\w* (?:badly|differently|unfairly)|not happy|unhappy|angry|furious|"
    r"disappointed|lied|lying|liar|hurt|punish\w*|excluded|detention|favourit\w*)\b",
    re.IGNORECASE,
)
_PRIVATE = re.compile(
    r"\b(?:divorc\w*|custody|diagnos\w*|adhd|autis\w*|ehcp|"
    r"medical|medication|illness|cancer|depress\w*|anxiety|mental health|therap\w*|"
    r"counsell\w*|social services|social worker|police|arrest\w*|in court|court order|prison|"
    r"pregnan\w*|free school meals|benefits|bereave\w*|passed away|died|funeral|"
    r"self[- ]harm|abuse\w*|neglect\w*|foster\w*|adopt\w*|care order)\b",
    re.IGNORECASE,
)
# Staff and parents are named with a title in school comments, so "Mrs Patel"
# is a person even without a roster.
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Sir)\.?\s+[A-Z][\w'\u2019\-]+")


def titled_names(text: str) -> list[Span]:
    """Return the spans of names written with a title ("Mrs Patel")."""
    return [m.span() for m in _TITLED_NAME.finditer(text)]


def individual_matters(text: str, people: Iterable[TextFinding]) -> list[TextFinding]:
    """Return a finding per sentence naming someone next to a complaint or a
    private matter; `people` are name findings from the roster, if any.
    """
    named = [(f.span, f.people) for f in people if f.span]
    named += [(span, ()) for span in titled_names(text)]
    if not named:
        return []
    return list(_matters(text, named))


def _matters(text: str, named: list[tuple[Span, tuple[str, ...]]]) -> Iterator[TextFinding]:
    for start, end in sentences(text):
        inside = [(span, ids) for span, ids in named if start <= span[0] < end]
        if not inside:
            continue
        sentence = text[start:end]
        cue = _COMPLAINT.search(sentence) or _PRIVATE.search(sentence)
        if cue is None:
            continue
        who = ", ".join(text[s:e] for (s, e), _ in inside)
        reason = f"Names {who} alongside \u201c{cue.group()}\u201d: an individual matter"
        ids = tuple(dict.fromkeys(i for _, people in inside for i in people))
        yield TextFinding("matters.individual", "individual_matter", reason, (start, end), ids)
