import pytest

from schoolgate.checks.phrases import phrase_list


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
