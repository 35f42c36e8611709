"""The faster VADER gives exactly the stock analyser's scores."""

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from schoolgate.checks.tone import _Vader, sentiment

TEXTS = [
    "I don't love it",
    "Never so good, never this happy!!",
    "Without doubt the best school, without any doubt",
    "It was kind of bad but the staff were AMAZING",
    "That trip was the shit, the bomb, to die for",
    "Not bad at all but NOT GREAT either???",
    "At least it's OK; the least helpful reply ever",
    "No no good. No, or nor pleasant",
    "Sort of nice and sort of boring",
    "Thank you 😀 for a lovely day ❤️",
    "  kys  ",
    "Mrs Patel isn't fair to my son and it's disgraceful",
    "",
    "!!!",
]


@pytest.mark.parametrize("text", TEXTS)
def test_it_scores_as_the_stock_analyser_does(text):
    assert _Vader().polarity_scores(text) == SentimentIntensityAnalyzer().polarity_scores(text)


def test_one_analyser_alternating_between_comments_keeps_each_its_own_words():
    fast, stock = _Vader(), SentimentIntensityAnalyzer()
    for text in TEXTS * 2:
        assert fast.polarity_scores(text) == stock.polarity_scores(text)
    assert sentiment("I don't love it") == stock.polarity_scores("I don't love it")["compound"]
