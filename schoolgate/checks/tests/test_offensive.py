import subprocess
import sys

import pytest

from schoolgate.checks.offensive import MODEL_FILE, normalise, offensive_model
from schoolgate.checks.triage import triage


def test_the_model_file_ships_in_the_package_and_is_small():
    from importlib import resources

    model = resources.files("schoolgate.checks.models").joinpath(MODEL_FILE)
    assert len(model.read_bytes()) < 5_000_000


def test_abuse_aimed_at_a_person_scores_far_above_praise():
    model = offensive_model()

    def score(text):
        return model.score(text, negative=0.0, insults=0, threat_or_bullying=False)

    assert score("that teacher is a useless fat bitch") > 0.8
    assert score("Thank you to all the staff for a lovely nativity") < 0.2


def test_swearing_at_staff_needs_a_human_and_thanks_do_not():
    actions = [
        r.action
        for r in triage(
            [
                "the head is a fucking disgrace, sack her",
                "Shut up you stupid cow nobody cares",
                "Thank you for a brilliant school trip, the children loved it",
            ]
        )
    ]
    assert actions[0] in {"escalate", "reject"}
    assert actions[1] in {"escalate", "reject"}
    assert actions[2] == "approve"


def test_triage_runs_without_importing_scikit_learn():
    code = (
        "import sys; from schoolgate.checks.triage import triage; triage(['you idiot']); "
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("f*ck this school", "fuck this school"),
        ("F**KING hell", "fucking hell"),
        ("fuuuuck off", "fuck off"),
        ("what a load of sh1t", "what a load of shit"),
        ("bullsh*t", "bullshit"),
        ("stupid b!tch", "stupid bitch"),
        ("a**hole", "asshole"),
        ("#SackTheHead", " sack the head"),
        ("@USER sooooo good URL", "  soo good  "),
    ],
)
def test_it_spells_out_disguised_swearing_and_splits_hashtags(text, plain):
    assert normalise(text) == plain


def test_it_leaves_ordinary_words_alone():
    text = "the shift in the shirt shop, a bitter batch of peas; assessment at Fukushima"
    assert normalise(text) == text.lower()


def test_disguised_swearing_scores_like_the_word():
    model = offensive_model()

    def score(text):
        return model.score(text, negative=0.0, insults=0, threat_or_bullying=False)

    assert score("this school is sh1t") == pytest.approx(score("this school is shit"))
    assert score("this school is shit") > 0.8
