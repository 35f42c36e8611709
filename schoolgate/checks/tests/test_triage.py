import pytest

from schoolgate.checks.names import NameMatcher, Person
from schoolgate.checks.triage import Thresholds, triage

ROSTER = NameMatcher(
    [Person("p1", "pupil", "Jack", "Smith"), Person("s1", "staff", "Priya", "Patel", title="Mrs")]
)


def one(text: str, **kwargs):
    [result] = triage([text], **kwargs)
    return result


@pytest.mark.parametrize(
    ("text", "action", "label"),
    [
        ("Well done everyone, a fantastic sports day!", "approve", "praise"),
        ("What time does the trip leave on Friday?", "hold", "question"),
        ("kys", "escalate", "threat"),
        ("someone should beat that kid up", "escalate", "threat"),
        ("I just want to die", "escalate", "self_harm"),
        ("Mrs Patel shouted at my son and it is unacceptable", "escalate", "individual_matter"),
        ("call me on 07911 123456", "escalate", "personal_data"),
        ("I'm 11 and I love this school", "escalate", "under_13"),
        ("you are a fucking idiot", "reject", "offensive"),
        ("see https://example.com for cheap watches", "hold", "link"),
    ],
)
def test_it_suggests_an_action_with_its_label(text, action, label):
    result = one(text)
    assert (result.action, label in result.labels) == (action, True)


def test_a_pupil_surname_escalates_only_with_the_roster():
    assert one("Congratulations to Jack Smith").action == "approve"
    with_roster = one("Congratulations to Jack Smith", roster=ROSTER)
    assert (with_roster.action, "full_name" in with_roster.labels) == ("escalate", True)


def test_a_threat_with_swearing_is_escalated_not_quietly_rejected():
    assert one("fucking kys you idiot").action == "escalate"


def test_scores_are_all_present_and_between_zero_and_one():
    result = one("This is disgusting, you idiots, ring 07911 123456")
    assert set(result.scores) == {"offensive", "negative", "personal_data", "praise"}
    assert all(0.0 <= value <= 1.0 for value in result.scores.values())


def test_it_keeps_order_and_length_of_a_batch():
    texts = ["kys", "Lovely day, thank you!"] * 40
    actions = [r.action for r in triage(texts)]
    assert actions == ["escalate", "approve"] * 40


def test_school_phrases_escalate():
    assert one("he is a numpty", phrases={"bullying": ["numpty"]}).action == "escalate"


def test_thresholds_change_the_action_and_unknown_ones_are_refused():
    text = "The new car park is a terrible waste of money"
    negative_escalates = {"escalate_offensive": 0.9, "escalate_negative": 0.3}
    assert one(text, thresholds=negative_escalates).action == "escalate"
    negative_holds = {"escalate_offensive": 0.9, "escalate_negative": 1.1}
    assert one(text, thresholds=negative_holds).action == "hold"
    with pytest.raises(ValueError, match="unknown thresholds: nonsense"):
        one(text, thresholds={"nonsense": 1})


def test_findings_explain_the_action_with_spans():
    result = one("kys")
    assert ("phrases.threat", (0, 3)) in [(f.rule, f.span) for f in result.findings]
    assert Thresholds().escalate_offensive <= result.scores["offensive"]
