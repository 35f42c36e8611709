"""Check a draft post in the composer: names, personal data, offensive
language and individual matters, over the body, captions, alt text and the
photos' file names. Every finding says which field it is in and where.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from schoolgate.checks.base import TextFinding
from schoolgate.checks.matters import individual_matters
from schoolgate.checks.names import NameMatcher, Person
from schoolgate.checks.phrases import PhraseList, phrase_list
from schoolgate.checks.pii import find_personal_data
from schoolgate.checks.tone import offensive_scores
from schoolgate.checks.triage import ESCALATE_OFFENSIVE

# "jack_smith-sports.day.jpg" names Jack Smith as surely as the body does;
# separators become spaces (same length, so spans still point into the name).
_FILE_NAME_SEPARATORS = str.maketrans("_-.+", "    ")


def check_text(
    text: str,
    *,
    roster: NameMatcher | Iterable[Person] | None = None,
    captions: Sequence[str] = (),
    alt_texts: Sequence[str] = (),
    file_names: Sequence[str] = (),
    phrases: PhraseList | Mapping[str, Iterable[str]] | None = None,
    offensive_threshold: float = ESCALATE_OFFENSIVE,
) -> list[TextFinding]:
    """Return the findings for a draft: `text` is the body, the rest its photos'.

    Each finding's `field` is `body`, `caption[i]`, `alt_text[i]` or
    `file_name[i]`, and its span points into that field.
    """
    matcher = roster if roster is None or isinstance(roster, NameMatcher) else NameMatcher(roster)
    phrase_set = phrases if isinstance(phrases, PhraseList) else phrase_list(phrases)
    parts = _fields(text, captions, alt_texts, file_names)
    scores = offensive_scores([part for _, part in parts])
    found: list[TextFinding] = []
    for (field, part), score in zip(parts, scores, strict=True):
        part_findings = _check_part(part, matcher, phrase_set)
        if score >= offensive_threshold:
            part_findings.append(_offensive(score))
        found += [f.in_field(field) for f in part_findings]
    return found


def _fields(
    body: str, captions: Sequence[str], alt_texts: Sequence[str], file_names: Sequence[str]
) -> list[tuple[str, str]]:
    parts = [("body", body)]
    parts += [(f"caption[{i}]", t) for i, t in enumerate(captions)]
    parts += [(f"alt_text[{i}]", t) for i, t in enumerate(alt_texts)]
    parts += [
        (f"file_name[{i}]", n.translate(_FILE_NAME_SEPARATORS)) for i, n in enumerate(file_names)
    ]
    return [(field, part) for field, part in parts if part.strip()]


def _check_part(text: str, matcher: NameMatcher | None, phrases: PhraseList) -> list[TextFinding]:
    names = matcher.findings(text) if matcher else []
    hits = [hit.finding() for hit in phrases.find(text)]
    return [*names, *find_personal_data(text), *hits, *individual_matters(text, names)]


def _offensive(score: float) -> TextFinding:
    reason = f"Offensive or abusive language (score {score:.2f})"
    return TextFinding("tone.offensive", "offensive", reason)
