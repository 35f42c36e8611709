"""The offensive score: our own small linear model, read from a file in the package.

`models/offensive.json.gz` is built by `python -m schoolgate.checks.training`
from the train split of the TweetEval offensive data (see that module). It
holds three parts, all plain numbers:

- `profanity`: alt-profanity-check's calibrated linear SVMs (MIT licence,
  copyright notice kept in the file), exported so that scoring needs neither
  scikit-learn nor its pickles: starting the command line stays fast;
- `words`: a logistic regression over word unigrams and bigrams (TF-IDF);
- `stack`: a logistic regression that weighs both with VADER's negativity,
  the insults and the threat or bullying phrases found, into one probability.

Both models read the comment through `normalise` first, so that "f*ck",
"sh1t", "fuuuck" and "#SackTheHead" are read as the words people see in
them. Scoring a comment is a few dictionary look-ups; nothing is downloaded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from schoolgate.checks import models

MODEL_FILE = "offensive.json.gz"
#: The stack's inputs, in the order of its weights.
STACK_FEATURES = ("words", "profanity", "negative", "insults", "threat_or_bullying")
_MAX_INSULTS = 3

_PROFANITY_TOKEN = re.compile(r"\b\w\w+\b")
_WORD_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Twitter's placeholders in the training data; never part of a school comment.
_PLACEHOLDERS = re.compile(r"@user\b|\burl\b|https?://\S+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ELONGATED = re.compile(r"([a-z])\1{2,}")
# Swearing disguised so that neither model would know the word: masked
# ("f*ck", "a**hole"), spelt with digits or symbols ("sh1t", "b!tch") or
# drawn out ("fuuuck", once the run is cut to two letters).
_SPELT_OUT = {
    "fuck": r"f(?:[u*@#%!]+c?k|ck|\*{2,})(?=ing|in\b|ed\b|ers?\b|s\b|off|[^a-z*]|$)",
    "shit": r"sh[i1!*]+t",
    "bitch": r"b[i1!*]+t?ch",
    "cunt": r"c[u*]+nt",
    "asshole": r"a[s$*]{2,}hole",
    "dick": r"d[i1!*]+ck",
    "pussy": r"p[u*]+[s*]+y",
    "piss": r"p[i1!*]+ss",
    "twat": r"tw[a@*]+t",
    "wank": r"w[a@*]+nk",
    "bastard": r"b[a@*]+st[a@*]+rd",
    "whore": r"wh[o0*]+re",
    "slut": r"sl[u*]+t",
}
# The look-ahead on first letters halves the time of a search that fails.
_DISGUISED = re.compile(
    r"(?=[abcdfpstw])(?:\b|(?<=bull))(?:"
    + "|".join(f"(?P<{word}>{pattern})" for word, pattern in _SPELT_OUT.items())
    + ")"
)


def normalise(text: str) -> str:
    """Return `text` lowercased as both models read it.

    Hashtags become their words ("#SackTheHead" reads "sack the head"),
    letters drawn out are cut to two, disguised swearing is spelt out, and
    Twitter's placeholders and links are dropped.
    """
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)), text)
    text = _PLACEHOLDERS.sub(" ", text.lower())
    text = _ELONGATED.sub(r"\1\1", text)
    return _DISGUISED.sub(lambda m: m.lastgroup or "", text)


def profanity_tokens(text: str) -> list[str]:
    """Return the tokens alt-profanity-check's vectoriser sees."""
    return _PROFANITY_TOKEN.findall(text.lower())


def word_tokens(text: str) -> list[str]:
    """Return the unigrams and bigrams the word model sees in normalised `text`."""
    words = _WORD_TOKEN.findall(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def _tfidf(
    tokens: list[str], terms: Mapping[str, list[float]], sublinear: bool
) -> list[tuple[float, list[float]]]:
    counts: dict[str, int] = {}
    for token in tokens:
        if token in terms:
            counts[token] = counts.get(token, 0) + 1
    weights = []
    squares = 0.0
    for term, n in counts.items():
        entry = terms[term]
        w = ((1.0 + math.log(n)) if sublinear else n) * entry[0]
        squares += w * w
        weights.append((w, entry))
    norm = math.sqrt(squares) or 1.0
    return [(w / norm, entry) for w, entry in weights]


def _sigmoid(x: float) -> float:
    if x < -500:
        return 0.0
    return 1.0 / (1.0 + math.exp(-x))


def logit(p: float) -> float:
    """Return log(p / (1 - p)), clipped so 0 and 1 stay finite."""
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


class OffensiveModel:
    """Score how offensive a comment is, from the shipped model file."""

    def __init__(self, data: Mapping[str, Any]):
        profanity = data["profanity"]
        self._p_terms: dict[str, list[float]] = profanity["terms"]
        self._p_intercept: list[float] = profanity["intercept"]
        if len(self._p_intercept) != 5:
            raise ValueError("the profanity model has five calibrated folds")
        self._p_a: list[float] = profanity["a"]
        self._p_b: list[float] = profanity["b"]
        words = data["words"]
        self._w_terms: dict[str, list[float]] = words["terms"]
        self._w_intercept: float = words["intercept"]
        stack = data["stack"]
        if tuple(stack["features"]) != STACK_FEATURES:
            raise ValueError(f"model stack expects {stack['features']}, not {STACK_FEATURES}")
        self._s_coef: list[float] = stack["coef"]
        self._s_intercept: float = stack["intercept"]
        self.threshold: float = data.get("threshold", 0.5)

    def profanity(self, text: str) -> float:
        """Return alt-profanity-check's probability that `text` is offensive."""
        return self._profanity(profanity_tokens(text))

    def _profanity(self, tokens: list[str]) -> float:
        d0, d1, d2, d3, d4 = self._p_intercept
        for weight, entry in _tfidf(tokens, self._p_terms, sublinear=False):
            _, c0, c1, c2, c3, c4 = entry
            d0 += weight * c0
            d1 += weight * c1
            d2 += weight * c2
            d3 += weight * c3
            d4 += weight * c4
        # sklearn's sigmoid calibration, averaged over its five cross-validation folds.
        total = sum(
            _sigmoid(-(a * d + b))
            for a, d, b in zip(self._p_a, (d0, d1, d2, d3, d4), self._p_b, strict=True)
        )
        return total / 5

    def words(self, text: str) -> float:
        """Return the word model's decision value (a logit) for normalised `text`."""
        decision = self._w_intercept
        for weight, entry in _tfidf(word_tokens(text), self._w_terms, sublinear=True):
            decision += weight * entry[1]
        return decision

    def features(
        self, text: str, *, negative: float, insults: int, threat_or_bullying: bool
    ) -> list[float]:
        """Return the stack's inputs for `text`, in `STACK_FEATURES` order."""
        plain = normalise(text)
        return [
            self.words(plain),
            logit(self._profanity(profanity_tokens(plain))),
            negative,
            float(min(_MAX_INSULTS, insults)),
            float(threat_or_bullying),
        ]

    def combine(self, features: list[float]) -> float:
        """Return the stack's probability for features from `features`."""
        x = self._s_intercept + sum(c * f for c, f in zip(self._s_coef, features, strict=True))
        return _sigmoid(x)

    def score(
        self, text: str, *, negative: float, insults: int, threat_or_bullying: bool
    ) -> float:
        """Return the probability, 0..1, that `text` is offensive."""
        found = self.features(
            text, negative=negative, insults=insults, threat_or_bullying=threat_or_bullying
        )
        return self.combine(found)


def load_model_data(name: str = MODEL_FILE) -> dict[str, Any]:
    """Return the parsed model file shipped in `schoolgate.checks.models`."""
    return models.load(name)


@lru_cache(maxsize=1)
def offensive_model() -> OffensiveModel:
    """Return the shared model; the first call reads the file (tens of ms)."""
    return OffensiveModel(load_model_data())
