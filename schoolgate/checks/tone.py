"""Tone of a text: offensive, negative, praise, questions, links and images,
and signs that the author is under 13.

`offensive_scores` is alt-profanity-check's probability, read from our own
model file (`schoolgate.checks.offensive`), so neither scikit-learn nor its
pickles are imported; triage combines it with more signals. Negativity is
VADER's compound score (its lexicon ships in the package).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import lru_cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from schoolgate.checks.base import TextFinding
from schoolgate.checks.offensive import offensive_model


def offensive_scores(texts: Sequence[str]) -> list[float]:
    """Return alt-profanity-check's offensive probability of each text."""
    model = offensive_model()
    return [model.profanity(text) for text in texts]


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return SentimentIntensityAnalyzer()


def sentiment(text: str) -> float:
    """Return VADER's compound score: -1 most negative, +1 most positive."""
    vader = _vader()
    if not _has_sentiment_words(text, vader.lexicon):
        # VADER would sum no valence and return exactly 0; it costs a tenth
        # of a millisecond per comment to find that out the long way.
        return 0.0
    return float(vader.polarity_scores(text)["compound"])


def _has_sentiment_words(text: str, lexicon: dict[str, float]) -> bool:
    if not text.isascii():
        return True  # emoji carry sentiment in VADER: let it decide
    for token in text.lower().split():
        if token in lexicon or token.strip(_PUNCTUATION) in lexicon:
            return True
    return False


_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"


_PRAISE = re.compile(
    r"\b(?:thank(?:s| you)|well done|amazing|brilliant|fantastic|wonderful|proud|"
    r"great (?:job|work|day|effort|team)|lovely|congratulations|congrats|superb|"
    r"excellent|fab(?:ulous)?|bravo|love (?:this|it|seeing|reading))\b",
    re.IGNORECASE,
)


def praise_score(text: str, compound: float) -> float:
    """Return 0..1: how much `text` reads as praise, given its VADER score."""
    if compound <= 0:
        return 0.0
    return compound if _PRAISE.search(text) else compound / 2


_QUESTION_START = re.compile(
    r"(?:^|[.!?]\s+)(?:what|when|where|who|how|why|which|is|are|can|could|will|would|"
    r"do|does|did|should|may)\b",
    re.IGNORECASE,
)
_OFFICE_TOPIC = re.compile(
    r"\b(?:term|inset|uniform|lunch|dinner|menu|trip|club|absen\w*|pick ?up|drop ?off|"
    r"collect\w*|parents'? evening|open (?:day|evening)|admissions?|application|"
    r"pay(?:ment)?|parentpay|letter|form|permission|dates?|times?|start|finish|"
    r"holidays?|closed|open|bus|timetable|homework|reading books?|pe kit|kit|"
    r"nativity|sports day|assembly|breakfast club|after ?school)\b",
    re.IGNORECASE,
)


def is_office_question(text: str) -> bool:
    """Return whether `text` asks something the school office should answer."""
    asks = "?" in text or bool(_QUESTION_START.search(text))
    return asks and bool(_OFFICE_TOPIC.search(text))


_LINK = re.compile(
    r"\bhttps?://\S+|\bwww\.\S+|\b[\w\-]+\.(?:com|co\.uk|org|net|uk|ly|io|me)\b(?:/\S*)?",
    re.IGNORECASE,
)
_IMAGE = re.compile(
    r"!\[[^\]]*\]\([^)]*\)|<img\b[^>]*>|\bpic\.twitter\.com/\S+|"
    r"\b[\w\-]+\.(?:jpe?g|png|gif|webp|heic)\b",
    re.IGNORECASE,
)


# Cheap tests that rule most comments out before the full patterns run.
_MAYBE_LINK_OR_IMAGE = re.compile(
    r"https?:|www\.|\.(?:com|co|org|net|uk|ly|io|me|jpe?g|png|gif|webp|heic)\b|!\[|<img",
    re.IGNORECASE,
)


def links_and_images(text: str) -> list[TextFinding]:
    """Return a finding for each link and each image in `text`."""
    if not _MAYBE_LINK_OR_IMAGE.search(text):
        return []
    images = [m.span() for m in _IMAGE.finditer(text)]
    found = [TextFinding("tone.image", "other", "An image is included", s) for s in images]
    for match in _LINK.finditer(text):
        if not any(s[0] <= match.start() < s[1] for s in images):
            found.append(TextFinding("tone.link", "other", "A link is included", match.span()))
    return sorted(found, key=lambda f: f.span or (0, 0))


_AGE_UNITS = (
    r"%|am\b|pm\b|o'?clock|:|\.\d|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|kg|lbs?|"
    r"miles?|km|stone|quid|pounds|p\b|ft|feet|cm|inches|points|th\b|st\b|nd\b|rd\b|"
    r"-\d|times?|x\b"
)
_UNDER_13 = re.compile(
    r"\b(?:i'?m|i\s+am|im)\s+(?:only\s+|just\s+)?(?:[4-9]|1[0-2])(?!\d)"
    rf"(?!\s*(?:{_AGE_UNITS}))(?:\s*(?:years?|yrs?)\s*old|\s*yo\b)?"
    r"|\b(?:i'?m|i\s+am|im)\s+in\s+(?:year|yr|y)\s?[1-8]\b"
    r"|\b(?:year|yr|y)\s?[1-8]\s+(?:here|pupil|student)\b"
    r"|\bmy\s+age\s+is\s+(?:[4-9]|1[0-2])\b",
    re.IGNORECASE,
)


def under_13_signs(text: str) -> list[TextFinding]:
    """Return where the author says something that puts them under 13."""
    reason = "The author may be under 13"
    return [
        TextFinding("tone.under_13", "other", reason, m.span()) for m in _UNDER_13.finditer(text)
    ]


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield the span of each sentence (or line) in `text`."""
    for match in re.finditer(r"[^.!?\n]+[.!?]*", text):
        if match.group().strip():
            yield match.span()
