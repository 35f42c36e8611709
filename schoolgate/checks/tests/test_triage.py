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


PRAISE_IDIOM = [
    "killing it on stage",
    "Sick performance",
    "Damn good job",
    "Hell of a result",
    "This is killing me, so funny",
    "The choir absolutely smashed it!",
    "Year 6 were bloody brilliant",
    "wicked assembly",
    "you lot killed it",
    "mad skills on sports day",
    "the kids were crazy good",
    "that was insane, well done",
    "I nearly died laughing at the panto",
]


@pytest.mark.parametrize("text", [*PRAISE_IDIOM, "Such a shame the fete was rained off"])
def test_praise_and_idiom_are_not_sent_to_the_head(text):
    assert one(text).action in {"approve", "hold"}


@pytest.mark.parametrize(
    "text",
    [
        "killing it on stage",
        "Sick performance",
        "Hell of a result",
        "This is killing me, so funny",
        "Year 6 were bloody brilliant",
        "wicked assembly",
        "you lot killed it",
        "mad skills on sports day",
        "the kids were crazy good",
        "that was insane, well done",
    ],
)
def test_praise_idiom_is_approved_as_praise(text):
    result = one(text)
    assert (result.action, "praise" in result.labels) == ("approve", True)


@pytest.mark.parametrize(
    "text",
    [
        "you're sick in the head",
        "I'll kill you",
        "kill yourself",
        "kys",
        "damn you",
        "go to hell",
        "someone should beat that kid up",
        "that teacher is bloody useless",
        "that head is insane",
        "shame on you",
    ],
)
def test_the_same_words_as_abuse_still_need_a_human(text):
    assert one(text).needs_human


@pytest.mark.parametrize(
    "text",
    [
        "Sick performance, but you're sick in the head",
        "you lot killed it, now I'll kill you",
        "Bloody brilliant show. That teacher is bloody useless though",
        "killing it on stage. kys",
        "Hell of a result, now go to hell",
        "well done you idiot, that was insane",
    ],
)
def test_praise_beside_abuse_does_not_hide_it(text):
    assert one(text).needs_human


ILLNESS = [
    "Sorry, Jack is off sick today, hope he is back for the play",
    "Lots of sick kids in year 2 this week, is there a bug going round?",
    "She was sick in the night so will miss the trip",
    "Is the sickness bug over? My daughter was feeling sick",
    "He went home sick at lunch, please send his reading book",
]


@pytest.mark.parametrize("text", ILLNESS)
def test_a_parent_saying_their_child_is_ill_is_not_sent_to_the_head(text):
    result = one(text)
    assert result.action in {"approve", "hold"}
    assert "offensive" not in result.labels


@pytest.mark.parametrize(
    "text",
    [
        "I am sick of this school and its useless teachers",
        "You make me sick",
        "He was sick of being bullied",
        "your a sick bastard",
        "Off sick again? You are sick in the head",
    ],
)
def test_sick_as_abuse_or_a_warning_sign_still_needs_a_human(text):
    assert one(text).needs_human


SCHOOL_TALK = [
    "The head gave a speech",
    "The head teacher gave a cracking speech",
    "Our new head is lovely",
    "Bloody freezing at the match today but the kids were fab",
    "The nativity was adorable, the little donkey stole the show",
    "They blew the roof off with that performance!",
    "The dog show was a scream",
]


@pytest.mark.parametrize("text", SCHOOL_TALK)
def test_everyday_school_talk_is_not_sent_to_the_head(text):
    assert not one(text).needs_human


def test_the_head_teacher_is_not_reported_as_a_finding_of_its_own():
    reasons = [f.reason for f in one("The head is useless and should be sacked").findings]
    assert not any("head" in r.lower() and "not abuse" in r for r in reasons)


@pytest.mark.parametrize(
    "text",
    [
        "The head is useless and should be sacked",
        "you are sick in the head",
        "the head teacher is a bloody idiot",
        "bloody teachers, damn you all",
    ],
)
def test_abuse_of_the_head_or_with_the_same_words_still_needs_a_human(text):
    assert one(text).needs_human


def test_the_praise_idiom_is_named_in_the_findings():
    reasons = [f.reason for f in one("Sick performance").findings]
    assert "Praise, not abuse: \u201cSick\u201d" in reasons


def test_a_school_threat_phrase_wins_over_a_praise_idiom():
    assert one("you lot killed it", phrases={"threat": ["killed it"]}).action == "escalate"


def test_a_school_can_add_its_own_praise():
    text = "an absolute beast on the pitch"
    assert "praise" not in one(text).labels
    with_school = one(text, phrases={"praise": ["absolute beast"]})
    assert (with_school.action, "praise" in with_school.labels) == ("approve", True)


@pytest.mark.parametrize(
    "text",
    [
        "Great job school \U0001f644",
        "Brilliant organisation as always. NOT!",
        "Fantastic sports day... not",
        "Lovely. Not.",
        "Well done for nothing, yeah right",
        "Thanks for nothing, surprise surprise the trip is cancelled",
        "Best school ever /s",
    ],
)
def test_sarcastic_praise_is_held_for_a_person_not_offered_as_praise(text):
    result = one(text)
    assert result.action == "hold" and "praise" not in result.labels
    assert any(f.rule == "phrases.sarcasm" for f in result.findings)


@pytest.mark.parametrize(
    "text",
    ["Do not park on the zigzags", "We do not know yet whether or not", "Not bad at all!"],
)
def test_a_plain_not_is_not_sarcasm(text):
    assert all(f.rule != "phrases.sarcasm" for f in one(text).findings)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Buy from me! DM me to order my cakes for the fair", "commercial"),
        ("Vote Labour on Thursday, everyone", "political"),
        ("Mrs Kaur is off sick with stress again", "staff_matter"),
        (
            "Anyone after gel nails? I do them from home on Saturdays, message me on "
            "Facebook to get booked in before Christmas.",
            "commercial",
        ),
    ],
)
def test_advertising_campaigning_or_a_colleagues_sickness_is_held_with_its_reason(text, label):
    [result] = triage([text])
    assert result.action in ("hold", "escalate")
    assert label in result.labels
    assert any(f.kind == label for f in result.findings)


@pytest.mark.parametrize(
    "text", ["Join Islamic State, brothers", "Hot singles near you, adult videos free"]
)
def test_extremist_or_sexual_comments_go_to_the_head(text):
    [result] = triage([text])
    assert result.action == "escalate"


def test_a_category_only_the_text_model_sees_is_held_for_a_person_not_sent_to_the_head():
    from schoolgate.checks.content import MODEL_NOTE

    text = "Tell that teacher to meet me at the gates tomorrow afternoon."
    result = one(text)
    model_only = [f for f in result.findings if MODEL_NOTE in f.reason]
    assert model_only, "the shipped model no longer reads this text as refused"
    assert result.action == "hold"
    assert model_only[0].kind in result.labels
