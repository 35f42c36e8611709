import pytest

from schoolgate.checks.idioms import GLOSSES
from schoolgate.checks.phrases import neutralise, phrase_list


def categories(text: str, extra=None) -> list[tuple[str, str]]:
    return [(h.category, h.text) for h in phrase_list(extra).find(text)]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("kys", "kys"),
        ("just K.Y.S", "K.Y.S"),
        ("go kill yourself", "kill yourself"),
        ("someone should beat that kid up", "beat that kid up"),
    ],
)
def test_it_finds_threats_general_models_miss(text, phrase):
    assert ("threat", phrase) in categories(text)


def test_it_finds_talk_of_self_harm():
    assert categories("sometimes I want to die") == [("self_harm", "want to die")]


def test_it_matches_whole_words_only():
    assert categories("the sky's the limit, keys and skydiving") == []


def test_a_school_can_add_its_own_phrases():
    extra = {"bullying": ["no mates"], "threat": ["get * after school"]}
    assert categories("no mates, we'll get him after school", extra) == [
        ("bullying", "no mates"),
        ("threat", "get him after school"),
    ]


def test_school_phrases_do_not_change_the_defaults_for_others():
    phrase_list({"threat": ["custard"]})
    assert categories("custard") == []


def test_it_reads_masked_swearing_as_an_insult():
    assert categories("what a load of sh*t") == [("insult", "sh*t")]


@pytest.mark.parametrize(
    ("text", "category", "phrase"),
    [
        ("you absolute tosser", "insult", "tosser"),
        ("the new head is a numpty", "insult", "numpty"),
        ("hope the head rots in jail", "threat", "hope the head rots"),
        ("you'll regret this", "threat", "you'll regret this"),
        ("my daughter says she wants to kill herself", "self_harm", "kill herself"),
        ("he called my son a paki", "bullying", "paki"),
        ("\U0001f595 this school", "insult", "\U0001f595"),
    ],
)
def test_it_finds_british_insults_threats_slurs_and_self_harm(text, category, phrase):
    assert (category, phrase) in categories(text)


def test_slurs_and_insults_match_whole_words_only():
    assert categories("a pakistani family, the prattle of a sluggish dyker") == []


@pytest.mark.parametrize(
    ("text", "category", "phrase"),
    [
        ("Sick performance", "praise", "Sick"),
        ("Year 6 were bloody brilliant", "praise", "bloody"),
        ("Hell of a result", "praise", "Hell of a"),
        ("you lot killed it", "praise", "killed it"),
        ("that was insane, well done", "praise", "insane"),
        ("well done, that was insane", "praise", "insane"),
        ("so funny, you're killing me", "praise", "killing me"),
        ("I nearly died laughing", "praise", "died laughing"),
        ("Such a shame the fete was rained off", "regret", "Such a shame"),
    ],
)
def test_it_finds_praise_and_regret_in_their_context(text, category, phrase):
    assert categories(text) == [(category, phrase)]


@pytest.mark.parametrize(
    "text",
    [
        "you're sick in the head",
        "that head is insane",
        "damn you",
        "go to hell",
        "that teacher is bloody useless",
        "he smashed it over my son's head",
        "this is killing me",
        "shame on you",
        "Shame.",
    ],
)
def test_the_same_words_outside_praise_are_not_praise(text):
    assert not [c for c, _ in categories(text) if c in GLOSSES]


def test_neutralise_glosses_praise_and_keeps_abuse_beside_it():
    text = "Sick show, you're sick in the head. Such a shame."
    expected = "brilliant show, you're sick in the head. unfortunately."
    assert neutralise(text, phrase_list().find(text)) == expected


def test_neutralise_keeps_praise_that_overlaps_another_phrase():
    phrases = phrase_list({"threat": ["killed it"]})
    assert neutralise("you killed it", phrases.find("you killed it")) == "you killed it"
