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

from vaderSentiment import vaderSentiment as vader_module
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from schoolgate.checks.base import TextFinding
from schoolgate.checks.offensive import offensive_model


def offensive_scores(texts: Sequence[str]) -> list[float]:
    """Return alt-profanity-check's offensive probability of each text."""
    model = offensive_model()
    return [model.profanity(text) for text in texts]


class _Vader(SentimentIntensityAnalyzer):  # type: ignore[misc]  # untyped library
    """VADER with the same scores, without its quadratic work per comment.

    The stock analyser lower-cases every word of the comment again for each
    negation and idiom check around each sentiment word, and rebuilds an
    ASCII comment character by character to replace emoji it cannot hold.
    These overrides compute the same values once per comment; the tests
    compare them with the stock analyser's on tricky texts.
    """

    def __init__(self) -> None:
        super().__init__()
        self._negate = frozenset(vader_module.NEGATE)
        self._emoji_ascii = any(key.isascii() for key in self.emojis)
        self._memo: tuple[list[str] | None, list[str]] = (None, [])

    def polarity_scores(self, text: str) -> dict[str, float]:
        if self._emoji_ascii or not text.isascii():
            scores: dict[str, float] = super().polarity_scores(text)
            return scores
        # No emoji in ASCII text: the stock loop would copy it unchanged.
        return self._scores(text.strip())

    def _scores(self, text: str) -> dict[str, float]:
        sentitext = vader_module.SentiText(text)
        words = sentitext.words_and_emoticons
        sentiments: list[float] = []
        boosters, lexicon = vader_module.BOOSTER_DICT, self.lexicon
        lower = self._lowered(words)
        last = len(words) - 1
        for i, item in enumerate(words):
            low = lower[i]
            if low in boosters or (i < last and low == "kind" and lower[i + 1] == "of"):
                sentiments.append(0)
                continue
            if low not in lexicon:
                # `sentiment_valence` would append 0 for a word it has no valence for.
                sentiments.append(0)
                continue
            sentiments = self.sentiment_valence(0, sentitext, item, i, sentiments)
        sentiments = self._but_check(words, sentiments)
        scores: dict[str, float] = self.score_valence(sentiments, text)
        return scores

    def _lowered(self, words: list[str]) -> list[str]:
        # The last comment's words and their lower case, as one tuple: threads
        # sharing the analyser each see a matching pair, and holding `words`
        # keeps its identity from being reused while it is remembered.
        seen, lower = self._memo
        if seen is words:
            return lower
        lower = [w.lower() for w in words]
        self._memo = (words, lower)
        return lower

    def _is_negation(self, word: str) -> bool:
        return word in self._negate or "n't" in word

    def _negation_check(
        self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        low = self._lowered(words_and_emoticons)
        before = low[i - (start_i + 1)]
        if start_i == 0:
            if self._is_negation(before):
                valence = valence * vader_module.N_SCALAR
        elif start_i == 1:
            if low[i - 2] == "never" and low[i - 1] in ("so", "this"):
                valence = valence * 1.25
            elif low[i - 2] == "without" and low[i - 1] == "doubt":
                pass
            elif self._is_negation(before):
                valence = valence * vader_module.N_SCALAR
        elif start_i == 2:
            if (low[i - 3] == "never" and low[i - 2] in ("so", "this")) or low[i - 1] in (
                "so",
                "this",
            ):
                valence = valence * 1.25
            elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
                pass
            elif self._is_negation(before):
                valence = valence * vader_module.N_SCALAR
        return valence

    def _special_idioms_check(
        self, valence: float, words_and_emoticons: list[str], i: int
    ) -> float:
        low = self._lowered(words_and_emoticons)
        special, boosters = vader_module.SPECIAL_CASES, vader_module.BOOSTER_DICT
        onezero = f"{low[i - 1]} {low[i]}"
        twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
        twoone = f"{low[i - 2]} {low[i - 1]}"
        threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
        threetwo = f"{low[i - 3]} {low[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in special:
                valence = special[seq]
                break
        if len(low) - 1 > i:
            zeroone = f"{low[i]} {low[i + 1]}"
            if zeroone in special:
                valence = special[zeroone]
        if len(low) - 1 > i + 1:
            zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
            if zeroonetwo in special:
                valence = special[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in boosters:
                valence = valence + boosters[n_gram]
        return valence


@lru_cache(maxsize=1)
def _vader() -> SentimentIntensityAnalyzer:
    return _Vader()


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
