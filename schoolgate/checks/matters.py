"""Individual matters: a named person plus a complaint or a private matter in
the same sentence ("Mrs Patel shouted at my son", "Jack's parents are
divorcing"). These belong in a private conversation with the school, not on
a public page.

One member of staff pointed to by role ("the teacher who shouted at my
kid", "my son's TA") counts as named: parents may not comment on staff in
public (stpeters "Parent social media use"), and the school can tell who is
meant even when the comment gives no name. Staff in general ("the teachers
here") and the head's body ("hit his head") are not a person.
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


# A determiner then one role: "the teacher", "my daughter's TA", "her class
# teacher". "head" alone is a role only after "the" ("hit his head" is not).
_ROLE = (
    r"(?:(?:class|form|pe|music|supply|new|cover|year\s+\d+)\s+)?"
    r"(?:teacher|tutor|teaching\s+assistant|(?-i:TA)|head\s*teacher|headmaster|headmistress"
    r"|deputy\s+head|principal|senco|dinner\s+lady|lunchtime\s+supervisor|caretaker"
    r"|receptionist|coach)"
)
_OWNER = (
    r"(?:(?:my|his|her|our|their|your)\s+)?"
    r"(?:[a-z]+['\u2019]s|(?:son|daughter|kid|child|boy|girl)s)"
)
_STAFF_ROLE = re.compile(
    rf"\b(?:(?:the|his|her|their|my|our|your|this|that|{_OWNER})\s+{_ROLE}"
    r"|the\s+head)(?![\w'\u2019])",
    re.IGNORECASE,
)


# "hit on the head", "a bump over the head": the body, not the head teacher.
_BODY_BEFORE = re.compile(
    r"\b(?:on|in|over|round|around|across|above|behind|off|hit|banged|bumped)\s+$", re.IGNORECASE
)


# Most comments name no role at all: this cheap look comes first.
_ROLE_NOUN = re.compile(
    r"teacher|tutor|assistant|TA\b|head|principal|senco|dinner|supervisor|caretaker"
    r"|receptionist|coach",
    re.IGNORECASE,
)


def staff_roles(text: str) -> list[Span]:
    """Return the spans of one member of staff named by role ("the teacher")."""
    if not _ROLE_NOUN.search(text):
        return []
    return [m.span() for m in _STAFF_ROLE.finditer(text) if not _a_body(text, m)]


def _a_body(text: str, match: re.Match[str]) -> bool:
    bare_head = match[0].casefold().split() == ["the", "head"]
    return bare_head and _BODY_BEFORE.search(text, 0, match.start()) is not None


def titled_names(text: str) -> list[Span]:
    """Return the spans of names written with a title ("Mrs Patel")."""
    return [m.span() for m in _TITLED_NAME.finditer(text)]


def individual_matters(text: str, people: Iterable[TextFinding]) -> list[TextFinding]:
    """Return a finding per sentence naming someone next to a complaint or a
    private matter; `people` are name findings from the roster, if any.
    """
    cues = _CUES.find(fold(text))
    if not cues:
        return []
    named = [(f.span, f.people) for f in people if f.span]
    named += [(span, ()) for span in titled_names(text)]
    roles = [span for span in staff_roles(text) if not any(_overlaps(span, n) for n, _ in named)]
    named += [(span, ()) for span in roles]
    return list(_matters(text, cues, named, set(roles)))


def _matters(
    text: str,
    cues: list[Span],
    named: list[tuple[Span, tuple[str, ...]]],
    role_spans: set[Span],
) -> Iterator[TextFinding]:
    if not named:
        return
    for start, end in sentences(text):
        cue = next((c for c in cues if start <= c[0] < end), None)
        inside = [(span, ids) for span, ids in named if start <= span[0] < end]
        if cue is None or not inside:
            continue
        who = ", ".join(_mentions(text, [span for span, _ in inside]))
        quoted = text[cue[0] : cue[1]]
        verb = "Points to" if all((s, e) in role_spans for (s, e), _ in inside) else "Names"
        reason = f"{verb} {who} alongside \u201c{quoted}\u201d: an individual matter"
        ids = tuple(dict.fromkeys(i for _, people in inside for i in people))
        yield TextFinding("matters.individual", "individual_matter", reason, (start, end), ids)


def _mentions(text: str, spans: list[Span]) -> list[str]:
    """Return each person mentioned once: a name found as staff and as a
    parent, or "Patel" inside "Mrs Patel", is one mention."""
    kept: list[Span] = []
    for span in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if not any(k[0] <= span[0] and span[1] <= k[1] for k in kept):
            kept.append(span)
    return list(dict.fromkeys(text[s:e] for s, e in kept))


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]
