"""Individual matters: a named person plus a complaint or a private matter in
the same sentence ("Mrs Patel shouted at my son", "Jack's parents are
divorcing"). These belong in a private conversation with the school, not on
a public page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import ahocorasick

from schoolgate.checks.base import Span, TextFinding, fold
from schoolgate.checks.tone import sentences

# A trailing "*" marks a stem ("shout*" finds "shouted", "shouting").
_COMPLAINT_CUES = """
    complain* unfair* rude shout* yell* upset* bully bullied bullying picked-on picks-on
    ignor* useless incompetent disgrace* disgusting unacceptable appalling awful terrible
    horrible nasty sack* fired fault blame* treated-badly treated-differently
    treated-unfairly not-happy unhappy angry furious disappointed lied lying liar hurt
    punish* excluded detention favourit*
"""
_PRIVATE_CUES = """
    divorc* custody diagnos* adhd autis* ehcp medical medication illness cancer depress*
    anxiety mental-health therap* counsell* social-services social-worker police arrest*
    in-court court-order prison pregnan* free-school-meals benefits bereave* passed-away
    died funeral self-harm abuse* neglect* foster* adopt* care-order
"""


class _CueSearch:
    """Whole-word search for many cue words at once (Aho-Corasick)."""

    def __init__(self, cues: str):
        self._automaton = ahocorasick.Automaton()
        for cue in cues.split():
            word = cue.replace("-", " ").rstrip("*")
            self._automaton.add_word(word, (word, cue.endswith("*")))
        self._automaton.make_automaton()

    def find(self, folded: str) -> list[tuple[int, int]]:
        """Return the spans of cue words in `folded` (lower-case) text."""
        found = []
        for end, (word, stem) in self._automaton.iter(folded):
            start = end - len(word) + 1
            if _boundary(folded, start - 1) and (stem or _boundary(folded, end + 1)):
                found.append((start, _word_end(folded, end + 1)))
        return found


def _word_end(text: str, index: int) -> int:
    while index < len(text) and text[index].isalnum():
        index += 1
    return index


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


_CUES = _CueSearch(_COMPLAINT_CUES + _PRIVATE_CUES)
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
    cues = _CUES.find(fold(text))
    if not cues:
        return
    for start, end in sentences(text):
        cue = next((c for c in cues if start <= c[0] < end), None)
        inside = [(span, ids) for span, ids in named if start <= span[0] < end]
        if cue is None or not inside:
            continue
        who = ", ".join(text[s:e] for (s, e), _ in inside)
        quoted = text[cue[0] : cue[1]]
        reason = f"Names {who} alongside \u201c{quoted}\u201d: an individual matter"
        ids = tuple(dict.fromkeys(i for _, people in inside for i in people))
        yield TextFinding("matters.individual", "individual_matter", reason, (start, end), ids)
