"""Find the roster's people in a text: pupils, staff and parents.

The school knows who its pupils and staff are, so this is an exact
multi-pattern search (Aho-Corasick) over first names, preferred names,
surnames and full names, not guesswork from a general NER model. Build a
`NameMatcher` once per roster and reuse it: building is the slow part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

import ahocorasick

from schoolgate.checks.base import Span, TextFinding, fold

Role = Literal["pupil", "staff", "parent"]

#: Names that are also everyday English words. A lone lower-case "grace" or a
#: "May" that opens a sentence is far more often the word than the child, so
#: these count only when capitalised mid-sentence or next to another name.
_COMMON_WORDS_TEXT = """
    amber angel april august autumn bill billie blue brook brooke buck
    bunny candy carol chance charity cherry chip clay cliff crystal daisy dale
    dawn destiny dot drew dusty eve faith fern frank gene ginger
    glen grace hazel heather holly honey hope hunter iris ivy jade jay
    jewel joy june justice kit lance lily major mark mason max may
    mercy miles misty nick norm olive opal pat patience pearl penny
    pip poppy prince queen ray reed rich river robin rocky rose ruby
    rusty sage sandy scarlett skye sky sonny star stone storm summer sunny
    teddy violet will willow win winter woody wren
    baker bell bird black brown bush butcher carpenter church cook fox
    field fields fisher ford green hall hill house hunt king lamb
    lane little long marsh moss page park price reed rice
    rich shepherd short small stone street swift turner wall walker
    ward waters west white wood woods young
"""
COMMON_WORD_NAMES = frozenset(_COMMON_WORDS_TEXT.split())
MONTHS = frozenset({"april", "may", "june", "july", "august"})
_SENTENCE_ENDS = ".!?\n"
_GAP_CHARS = " \t,&"
# "Grace and Jack", "Grace, Jack", "Grace & Jack": names side by side.
_JOINERS = frozenset({"", "and"})


@dataclass(frozen=True, slots=True)
class Person:
    """One person on the school roster, as the checks need them."""

    id: str
    role: Role
    first_name: str
    surname: str
    preferred_name: str = ""
    title: str = ""


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A roster name found in a text, with every person it may refer to."""

    span: Span
    text: str
    kind: str
    people: tuple[str, ...]

    def finding(self) -> TextFinding:
        """Return this match as a plain `TextFinding`."""
        return TextFinding(
            rule=f"names.{self.kind}",
            kind=self.kind,
            reason=_REASONS[self.kind].format(name=self.text),
            span=self.span,
            people=self.people,
        )


_REASONS = {
    "pupil_name": "A pupil's first name appears: {name}",
    "surname": "A pupil's surname appears: {name}",
    "full_name": "A pupil's full name appears: {name}",
    "staff_name": "A member of staff is named: {name}",
    "parent_name": "A parent is named: {name}",
}


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: str
    person_id: str


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    key: str


class NameMatcher:
    """Search texts for the names on one roster."""

    def __init__(
        self, people: Iterable[Person], *, common_words: frozenset[str] = COMMON_WORD_NAMES
    ):
        self._common_words = common_words
        entries: dict[str, list[_Entry]] = defaultdict(list)
        for person in people:
            for key, kind in _patterns(person):
                entries[key].append(_Entry(kind, person.id))
        self._automaton = ahocorasick.Automaton()
        for key in entries:
            self._automaton.add_word(key, key)
        self._entries = {key: _group(found) for key, found in entries.items()}
        if self._entries:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._entries)

    def find(self, text: str) -> list[NameMatch]:
        """Return every roster name in `text`, longest match first at a place."""
        if not self._entries:
            return []
        folded = fold(text)
        hits = _longest(self._hits(folded))
        kept = self._disambiguate(text, hits)
        return [match for hit in kept for match in self._matches(text, hit)]

    def findings(self, text: str) -> list[TextFinding]:
        """Return `find(text)` as plain findings."""
        return [match.finding() for match in self.find(text)]

    def _hits(self, folded: str) -> Iterator[_Hit]:
        for end, key in self._automaton.iter(folded):
            start = end - len(key) + 1
            if _whole_word(folded, start, end + 1):
                yield _Hit(start, end + 1, key)

    def _ambiguous(self, key: str) -> bool:
        return " " not in key and key in self._common_words

    def _disambiguate(self, text: str, hits: list[_Hit]) -> list[_Hit]:
        confident = [
            not self._ambiguous(h.key) or _capitalised_mid_sentence(text, h) for h in hits
        ]
        kept = []
        for index, hit in enumerate(hits):
            if _month_in_date(text, hit):
                continue
            if confident[index] or _next_to_confident(text, hits, confident, index):
                kept.append(hit)
        return kept

    def _matches(self, text: str, hit: _Hit) -> Iterator[NameMatch]:
        span, name = (hit.start, hit.end), text[hit.start : hit.end]
        for kind, ids in self._entries[hit.key]:
            yield NameMatch(span, name, kind, ids)


def build_name_matcher(people: Iterable[Person]) -> NameMatcher:
    """Return a matcher for `people`; build it once per roster and reuse it."""
    return NameMatcher(people)


def _group(entries: list[_Entry]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return `entries` as (kind, person ids) pairs, once per kind.

    A name that is both a member of staff's and a parent's is the staff
    member's: "Mr Gorseway" is how the school's families speak of the head,
    so it is not also reported as "a parent is named".
    """
    by_kind: dict[str, list[str]] = defaultdict(list)
    for entry in dict.fromkeys(entries):
        by_kind[entry.kind].append(entry.person_id)
    if "staff_name" in by_kind:
        by_kind.pop("parent_name", None)
    return tuple((kind, tuple(ids)) for kind, ids in by_kind.items())


def _patterns(person: Person) -> Iterator[tuple[str, str]]:
    firsts = [n for n in (person.first_name, person.preferred_name) if n.strip()]
    surname = person.surname.strip()
    if person.role == "pupil":
        yield from ((v, "pupil_name") for n in firsts for v in _variants(n))
        yield from ((v, "surname") for v in _variants(surname))
        yield from ((v, "full_name") for n in firsts for v in _variants(f"{n} {surname}"))
        return
    kind = f"{person.role}_name"
    yield from ((v, kind) for n in firsts for v in _variants(f"{n} {surname}"))
    if person.title.strip():
        title = person.title.strip().rstrip(".")
        yield from ((v, kind) for t in (title, f"{title}.") for v in _variants(f"{t} {surname}"))
    if person.role == "staff":
        yield from ((v, kind) for v in _variants(surname))


def _variants(name: str) -> set[str]:
    """Return the folded spellings of `name`: as written, hyphen as space, no apostrophe."""
    base = " ".join(fold(name).split())
    if len(base.replace(" ", "")) < 2:
        return set()
    return {base, base.replace("-", " "), base.replace("'", "")}


def _longest(hits: Iterable[_Hit]) -> list[_Hit]:
    """Keep the longest of overlapping hits, so "Jack Smith" beats "Jack"."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, h.start - h.end)):
        if not kept or hit.start >= kept[-1].end:
            kept.append(hit)
    return kept


def _whole_word(folded: str, start: int, end: int) -> bool:
    before = folded[start - 1] if start > 0 else " "
    after = folded[end] if end < len(folded) else " "
    if before.isalnum() or before == "-" or after.isalnum() or after == "-":
        return False
    # An apostrophe joins "O'Neill", so "Neill" alone inside it is no match.
    return not (before == "'" and start > 1 and folded[start - 2].isalnum())


def _capitalised_mid_sentence(text: str, hit: _Hit) -> bool:
    word = text[hit.start : hit.end]
    if not word[0].isupper() or word.isupper():
        return False
    previous = text[: hit.start].rstrip(" \t\"'\u201c\u2018(*-")
    return bool(previous) and previous[-1] not in _SENTENCE_ENDS


def _next_to_confident(text: str, hits: list[_Hit], confident: list[bool], index: int) -> bool:
    for other in (index - 1, index + 1):
        if 0 <= other < len(hits) and confident[other]:
            left, right = sorted((hits[index], hits[other]), key=lambda h: h.start)
            gap = text[left.end : right.start].lower()
            if len(gap) <= 6 and gap.strip(_GAP_CHARS) in _JOINERS:
                return True
    return False


def _month_in_date(text: str, hit: _Hit) -> bool:
    if hit.key not in MONTHS:
        return False
    around = text[max(0, hit.start - 5) : hit.start] + text[hit.end : hit.end + 6]
    return any(char.isdigit() for char in around)
