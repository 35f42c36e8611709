"""The content model: it adds catches where the cues know no wording, and the
harmless neighbours still pass. Its figures are in `make bench` (content)."""

import math
import subprocess
import sys

import pytest

from schoolgate.checks.content import MODEL_SURE, REASONS, find_content
from schoolgate.checks.content_model import ContentModel, content_model, load_model_data

# Written for these tests; no line of the tuning files. The cues know none
# of this wording, so only the model can refuse them.
MODEL_ONLY = [
    (
        "commercial",
        "Miss Lowe now does gel nails from home on Saturdays, message her on Facebook "
        "to get booked in before Christmas.",
    ),
    ("defamatory", "That dinner lady is a thief, she takes the leftover food home every day."),
    (
        "discriminatory",
        "Families who do not speak English at home should not bother coming to the "
        "parents evening.",
    ),
]

HARMLESS = [
    "The PTA cake sale is on Friday after school, all money raised goes towards new "
    "books for the library.",
    "Thank you to Harris Builders for sponsoring our new football kits this season.",
    "Year 6 held a mock election today and the Eco Party won by three votes.",
    "Year 9 looked at how far-right groups use memes to recruit teenagers online and "
    "how to report them.",
    "We wish Mr Davies a long and happy retirement after thirty years at the school.",
    "Mrs Carter returns from maternity leave after Easter and will be back teaching Year 2.",
    "Our WW2 topic continues: Year 6 are learning about the Blitz and evacuees this week.",
    "The RSE evening for parents is on Wednesday at 6pm, where you can see the resources.",
]


@pytest.mark.parametrize(("kind", "text"), MODEL_ONLY)
def test_the_model_refuses_wording_no_cue_knows_and_quotes_the_words_it_weighed(kind, text):
    [finding] = find_content(text)
    assert finding.kind == kind
    assert finding.rule == f"content.{kind}"
    assert finding.reason.startswith(REASONS[kind])
    quoted = finding.reason.split("\u201c")[1].split("\u201d")[0]
    assert quoted.lower() in text.lower()


def test_a_teachers_own_shop_is_refused_with_the_commercial_reason():
    text = (
        "Mrs Green from Year 4 has opened her own candle shop in town, pop in and mention "
        "the school for money off your first order."
    )
    assert [f.kind for f in find_content(text)] == ["commercial"]
    assert find_content(text)[0].reason.startswith("Promotes someone's own business")


@pytest.mark.parametrize("text", HARMLESS)
def test_school_news_on_a_nearby_topic_passes_cues_and_model(text):
    assert find_content(text) == []


def test_the_model_marks_the_sentence_that_holds_the_words_it_weighed():
    text = (
        "What a lovely trip to the zoo. Families who do not speak English at home should "
        "not bother coming to the parents evening."
    )
    [finding] = find_content(text)
    assert text[slice(*finding.span)].strip().startswith("Families who do not speak")


@pytest.mark.parametrize("text", ["Sick performance", "the kids were crazy good", "Lovely. Not."])
def test_a_short_comment_is_left_to_the_cues(text):
    assert content_model().score(text) is None


def test_sexual_remarks_about_a_member_of_staff_are_refused_and_pe_news_is_not():
    remark = "Mr Doyle can give me a detention any time, bet he is filthy in the bedroom"
    assert "sexual" in {f.kind for f in find_content(remark)}
    assert find_content("Year 3 learnt the names of the bones in the body in PE.") == []
    assert find_content("The children got dirty in the mud, please send spare clothes.") == []


def test_checking_a_draft_needs_neither_scikit_learn_nor_the_network():
    code = (
        "import sys; from schoolgate.checks.content import find_content; "
        "find_content('Miss Lowe now does gel nails from home, message her to book in.'); "
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_shipped_model_is_what_the_tuning_files_build():
    pytest.importorskip("sklearn")
    from schoolgate.checks.training.content import build, read_tsv, tuning_files

    rebuilt = ContentModel(build())
    shipped = content_model()
    assert rebuilt.classes == shipped.classes
    assert load_model_data()["threshold"] == rebuilt.threshold
    for path in tuning_files():
        for _, text in read_tsv(path):
            ours, theirs = shipped.score(text), rebuilt.score(text)
            assert (ours and ours.kind) == (theirs and theirs.kind), text
            probabilities = shipped.probabilities(text)
            for kind, p in rebuilt.probabilities(text).items():
                assert p == pytest.approx(probabilities[kind], abs=1e-3), text


def _model(probabilities: dict[str, float], *, runner_up: float = 0.2) -> ContentModel:
    """Return a model that gives any text holding "quarrel" these probabilities."""
    classes = sorted(probabilities)
    weights = [math.log(probabilities[c]) for c in classes]
    return ContentModel(
        {
            "classes": classes,
            "threshold": 0.4,
            "runner_up": runner_up,
            "min_words": 3,
            "intercept": [0.0] * len(classes),
            "words": {"quarrel": [1.0, *weights]},
            "chars": {},
        }
    )


def test_the_runner_up_category_is_named_when_the_model_is_torn_between_two():
    torn = _model({"harmless": 0.05, "extremist": 0.5, "discriminatory": 0.45})
    text = "They picked a quarrel with the whole estate"
    assert [s.kind for s in torn.scores(text)] == ["extremist", "discriminatory"]
    assert [f.kind for f in find_content(text, model=torn)] == ["extremist", "discriminatory"]
    sure = _model({"harmless": 0.05, "extremist": 0.85, "discriminatory": 0.1})
    assert [s.kind for s in sure.scores(text)] == ["extremist"]
    unsure = _model({"harmless": 0.3, "extremist": 0.35, "discriminatory": 0.35})
    assert unsure.scores(text) == ()


def test_a_harmless_frame_sets_a_model_finding_aside_only_while_the_model_is_unsure():
    # "celebrating" frames a post as inclusive, which excuses shutting a group out.
    text = "Why are we celebrating their quarrel in our school"
    for p, found in ((MODEL_SURE + 0.05, ["discriminatory"]), (MODEL_SURE - 0.1, [])):
        model = _model({"harmless": 1 - p, "discriminatory": p})
        assert [f.kind for f in find_content(text, model=model)] == found
