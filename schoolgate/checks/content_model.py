"""The content model: a small linear text model that adds catches to the cues.

`models/content.json.gz` is built by `python -m schoolgate.checks.training.content`
from the labelled drafts in `benchmarks/data/content_tuning*.tsv`. It is a
multinomial logistic regression over two TF-IDF parts, each L2-normalised on
its own: word unigrams and bigrams, and character 2- to 5-grams inside word
boundaries (so "promo", "promocode" and "promos" share most of their
features). The file holds plain numbers: per term its idf and one weight per
class. Scoring a draft is a few hundred dictionary look-ups and one small
matrix product; neither scikit-learn nor anything downloaded is needed.

The analysers below are the ones the training hands to scikit-learn, so the
features seen here are exactly those the weights were fitted on.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from schoolgate.checks import models

MODEL_FILE = "content.json.gz"
#: The class of drafts that are fine; every other class is a content category.
HARMLESS = "harmless"
CHAR_SIZES = (2, 5)
#: How many of the words that weighed most a finding quotes.
QUOTED = 3

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalise(text: str) -> str:
    """Return `text` lowercased with curly apostrophes made straight."""
    text = text.lower()
    if text.isascii():
        return text
    return text.replace("\u2019", "'").replace("\u2018", "'")


def word_terms(text: str) -> list[str]:
    """Return the word unigrams and bigrams of `text`."""
    words = _WORD.findall(normalise(text))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


def char_terms(text: str) -> list[str]:
    """Return the character n-grams of each word of `text`, padded by a space."""
    low, high = CHAR_SIZES
    grams: list[str] = []
    for word in normalise(text).split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, min(high, size) + 1):
            grams.extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams


@dataclass(frozen=True, slots=True)
class ContentScore:
    """The model's answer on one text: the likeliest refused category, if any."""

    kind: str
    probability: float
    #: The words or pairs of words that pushed hardest towards `kind`, strongest first.
    cues: tuple[str, ...]


class ContentModel:
    """Score a draft against the content categories, from the shipped model file."""

    def __init__(self, data: Mapping[str, Any]):
        self.classes: tuple[str, ...] = tuple(data["classes"])
        if HARMLESS not in self.classes:
            raise ValueError(f"the content model has no {HARMLESS!r} class")
        self._harmless = self.classes.index(HARMLESS)
        self.threshold: float = float(data["threshold"])
        self.runner_up: float = float(data["runner_up"])
        self.min_words: int = int(data["min_words"])
        self._intercept = np.asarray(data["intercept"], dtype=np.float64)
        self._parts = [self._part(data[name]) for name in ("words", "chars")]
        self._word_list = list(data["words"])

    def _part(
        self, terms: Mapping[str, Sequence[float]]
    ) -> tuple[dict[str, int], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        index = {term: i for i, term in enumerate(terms)}
        table = np.asarray(list(terms.values()), dtype=np.float64).reshape(
            len(index), 1 + len(self.classes)
        )
        return index, table[:, 0], table[:, 1:]

    def probabilities(self, text: str) -> dict[str, float]:
        """Return the probability of each class for `text`."""
        decision, _ = self._decision(text)
        return dict(zip(self.classes, _softmax(decision).tolist(), strict=True))

    def _decision(
        self, text: str
    ) -> tuple[npt.NDArray[np.float64], tuple[list[str], npt.NDArray[np.float64]]]:
        decision = self._intercept.copy()
        words: tuple[list[str], npt.NDArray[np.float64]] = ([], np.zeros((0, len(self.classes))))
        for part, terms in enumerate((word_terms(text), char_terms(text))):
            index, idf, weights = self._parts[part]
            counts = Counter(terms).items()
            found = [(r, n) for t, n in counts if (r := index.get(t)) is not None]
            if not found:
                continue
            rows = np.fromiter((r for r, _ in found), dtype=np.intp, count=len(found))
            tf = 1.0 + np.log(np.fromiter((n for _, n in found), np.float64, count=len(found)))
            x = tf * idf[rows]
            x /= math.sqrt(float(x @ x)) or 1.0
            contributions = x[:, None] * weights[rows]
            decision += contributions.sum(axis=0)
            if part == 0:
                words = ([self._word_list[int(r)] for r in rows], contributions)
        return decision, words

    def score(self, text: str) -> ContentScore | None:
        """Return the likeliest refused category of `text`, or None.

        None when harmless is likelier than every category, when the
        likeliest category's probability is under the model's threshold, or
        when `text` is shorter than the drafts the model learnt from (a
        two-word comment gives it too little to go on; the cues still read it).
        """
        found = self.scores(text)
        return found[0] if found else None

    def scores(self, text: str) -> tuple[ContentScore, ...]:
        """Return `score(text)` and, if it is one, the runner-up category.

        The runner-up comes second when the likeliest category is reported
        and the runner-up's probability reaches `runner_up`: a threat to a
        group reads as extremist and as shutting people out, a jibe at the
        council as politics and as an accusation, and the model is often
        unsure which. Naming both lets the reader (and the comment triage,
        which routes some categories to the head) see either.
        """
        if len(_WORD.findall(normalise(text))) < self.min_words:
            return ()
        decision, (terms, contributions) = self._decision(text)
        probabilities = _softmax(decision)
        first, *rest = (int(i) for i in np.argsort(-probabilities)[:2])
        if first == self._harmless or probabilities[first] < self.threshold:
            return ()
        found = [first]
        found += [i for i in rest if i != self._harmless and probabilities[i] >= self.runner_up]
        return tuple(
            ContentScore(
                self.classes[best],
                float(probabilities[best]),
                self._quoted(terms, contributions[:, best] - contributions[:, self._harmless]),
            )
            for best in found
        )

    @staticmethod
    def _quoted(terms: list[str], lean: npt.NDArray[np.float64]) -> tuple[str, ...]:
        """Return the words that leant hardest towards a category, strongest first."""
        # Words of one or two letters ("me", "a") say nothing to the reader.
        ranked = (int(i) for i in np.argsort(-lean) if lean[i] > 0)
        return tuple(itertools.islice((terms[i] for i in ranked if len(terms[i]) > 2), QUOTED))


def _softmax(decision: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    shifted = np.exp(decision - decision.max())
    result: npt.NDArray[np.float64] = shifted / shifted.sum()
    return result


def load_model_data(name: str = MODEL_FILE) -> dict[str, Any]:
    """Return the parsed model file shipped in `schoolgate.checks.models`."""
    return models.load(name)


@lru_cache(maxsize=1)
def content_model() -> ContentModel:
    """Return the shared model; the first call reads the file."""
    return ContentModel(load_model_data())
