from profanity_check import predict_prob

from schoolgate.checks.tone import (
    is_office_question,
    links_and_images,
    offensive_scores,
    praise_score,
    sentiment,
    under_13_signs,
)

SAMPLES = [
    "What a lovely assembly, thank you",
    "you are a fucking idiot",
    "",
    "shut up loser nobody cares",
]


def test_offensive_scores_equal_the_packaged_model_one_by_one_and_batched():
    expected = list(predict_prob(SAMPLES))
    assert offensive_scores(SAMPLES) == pytest_approx(expected)
    assert offensive_scores(SAMPLES * 10) == pytest_approx(expected * 10)


def pytest_approx(values):
    import pytest

    return pytest.approx(values, abs=1e-9)


def test_swearing_scores_far_above_praise():
    polite, rude = offensive_scores([SAMPLES[0], SAMPLES[1]])
    assert rude > 0.9 > 0.2 > polite


def test_praise_needs_a_positive_tone_and_praise_words():
    text = "Well done everyone, a fantastic sports day!"
    assert praise_score(text, sentiment(text)) >= 0.5
    sad = "The trip was cancelled and everyone was sad"
    assert praise_score(sad, sentiment(sad)) == 0.0


def test_negative_text_has_a_negative_compound_score():
    assert sentiment("This school is awful and I hate it") < -0.5


def test_it_recognises_a_question_for_the_office():
    assert is_office_question("What time does the trip leave on Friday?")
    assert not is_office_question("Why would anyone think that?")


def test_it_finds_links_and_images():
    found = links_and_images("see https://example.com/x and ![me](photo.jpg)")
    assert [f.rule for f in found] == ["tone.link", "tone.image"]


def test_it_sees_signs_of_an_under_13_author():
    for text in ("I'm 11 and I love this school", "year 6 here!", "I am in year 5"):
        assert under_13_signs(text), text


def test_it_does_not_read_times_or_parents_as_under_13():
    for text in ("I'm 5 minutes away", "I am 12:30 at the gate", "my son is 11"):
        assert under_13_signs(text) == [], text


def test_sentiment_agrees_with_vader_with_and_without_sentiment_words():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    vader = SentimentIntensityAnalyzer()
    for text in ("The bus leaves at nine from the car park", "Great trip :)", "so sad 😢", ""):
        assert sentiment(text) == vader.polarity_scores(text)["compound"], text
