"""Tone of a text: offensive, negative, praise, questions, links and images,
and signs that the author is under 13.

The offensive score comes from alt-profanity-check's linear model, which
ships inside that package. Its own `predict_prob` costs about 6 ms per call
whatever the batch size, so the model is read once into a plain table and
scored here: a single comment costs tens of microseconds and a batch uses
one sparse matrix product. Negativity is VADER's compound score (its lexicon
ships in the package).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy as np
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from schoolgate.checks.base import TextFinding

# Above this many texts the sparse-matrix path is quicker than the dict walk.
_BATCH_FROM = 32


class OffensiveModel:
    """alt-profanity-check's calibrated linear SVMs, scored without overhead."""

    def __init__(self, vectorizer: Any, model: Any):
        calibrated = model.calibrated_classifiers_
        self._vectorizer = vectorizer
        self._analyze: Callable[[str], list[str]] = vectorizer.build_analyzer()
        self._coef = np.vstack([c.estimator.coef_[0] for c in calibrated])
        self._intercept = np.array([c.estimator.intercept_[0] for c in calibrated])
        self._a = np.array([c.calibrators[0].a_ for c in calibrated])
        self._b = np.array([c.calibrators[0].b_ for c in calibrated])
        idf = vectorizer.idf_
        self._terms = {
            term: (float(idf[j]), self._coef[:, j].tolist())
            for term, j in vectorizer.vocabulary_.items()
        }

    def scores(self, texts: Sequence[str]) -> list[float]:
        """Return the probability that each text is offensive, 0..1."""
        if len(texts) >= _BATCH_FROM:
            matrix = self._vectorizer.transform(texts)
            return self._calibrate(matrix @ self._coef.T + self._intercept)
        return [self._score_one(text) for text in texts]

    def _score_one(self, text: str) -> float:
        counts = Counter(self._analyze(text))
        weights = [
            (n * self._terms[t][0], self._terms[t][1])
            for t, n in counts.items()
            if t in self._terms
        ]
        norm = math.sqrt(sum(w * w for w, _ in weights)) or 1.0
        decision = self._intercept.tolist()
        for weight, coef in weights:
            for k, c in enumerate(coef):
                decision[k] += weight / norm * c
        return self._calibrate(np.array([decision]))[0]

    def _calibrate(self, decisions: Any) -> list[float]:
        # sklearn's sigmoid calibration, averaged over the five CV folds.
        probabilities = 1.0 / (1.0 + np.exp(self._a * decisions + self._b))
        return [float(p) for p in np.asarray(probabilities).mean(axis=1)]


@lru_cache(maxsize=1)
def offensive_model() -> OffensiveModel:
    """Return the shared model; the first call loads it (about a second)."""
    from profanity_check import profanity_check

    return OffensiveModel(profanity_check.vectorizer, profanity_check.model)


def offensive_scores(texts: Sequence[str]) -> list[float]:
    """Return the offensive probability of each text; pass many at once."""
    return offensive_model().scores(texts)


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
