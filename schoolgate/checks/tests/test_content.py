"""The content rules: each refused category is found, its harmless neighbours are not.

These are the examples the cues were designed on; the benchmark's own set
(`benchmarks/data/content_*.tsv`) measures them on drafts written apart.
"""

import pytest

from schoolgate.checks.content import find_content, parse_school_phrases
from schoolgate.checks.content_model import ContentModel

#: A model that finds nothing, so a test reads the cues alone.
_NO_MODEL = ContentModel(
    {"classes": ["harmless"], "threshold": 1.0, "runner_up": 1.0, "min_words": 1,
     "intercept": [0.0], "words": {}, "chars": {}}
)  # fmt: skip

REFUSED = [
    ("extremist", "Brothers and sisters, join the fight and support Islamic State today."),
    ("extremist", "Young people should join the jihad, not waste time at school."),
    ("extremist", "Death to the unbelievers."),
    ("sexual", "Hot singles and adult videos at the link below."),
    ("sexual", "Subscribe to my OnlyFans for more."),
    ("commercial", "Check out my Etsy shop! Use code MISSJ20 for 20% off."),
    ("commercial", "I'm selling candles again, DM me to order."),
    ("political", "Please vote for Councillor Jane Smith on Thursday, she backs our school."),
    ("political", "Don't vote Tory at the next election."),
    ("staff_matter", "Mr Barnes has been suspended pending a disciplinary hearing."),
    ("staff_matter", "Mrs Kaur is off sick again, so Year 3 have a supply teacher."),
    ("defamatory", "Brook Lane Builders are crooks who ripped parents off."),
    ("defamatory", "Mr Price stole the money raised for the minibus."),
    ("discriminatory", "No travellers allowed at the summer fair."),
    ("discriminatory", "Children with SEND are not welcome on the trip."),
]

HARMLESS = [
    "In PSHE, Year 9 learnt how groups like ISIS try to get young people to join them "
    "online, and how to report it.",
    "Our RSE evening for parents is on Tuesday: come and see the materials.",
    "The PTA cake sale raised \u00a3340 - thank you to Greggs for sponsoring the prizes!",
    "In our mock election Year 6 voted for the Green Party by a landslide.",
    "Vote for your school council reps by Friday.",
    "Year 5 have started their WW2 topic, learning why people followed Hitler.",
    "We wish Mrs Hill a very happy retirement, and welcome back Miss Lee from maternity leave.",
    "Swimming lessons are suspended this week while the pool is repaired.",
    "Staff will escort the children to the coach.",
    "Our Operation Christmas Child boxes went off today, thanks to Mrs Brown.",
    "The Year 4 play told the story of Robin Hood, the thief who robbed the rich.",
    "Eid Mubarak to all our Muslim families!",
    "Mr Reid is off sick today, so gardening club is cancelled.",
    "The Year 4 recorder group stole the show at the spring concert.",
    "Well done on your swimming badge Maisie, love from Nanny xxx",
    "Sixth form mock general election: Labour 35%, Green 30%, Reform 20%, Conservative 15%.",
]

# A frame set by one sentence holds for the next: the evening's subject is
# not an advert.
FRAMED_BY_ANOTHER_SENTENCE = (
    "Online safety evening for parents on Monday at 6pm. We will look at why children get "
    "asked to send nudes and how to talk to them about it."
)


@pytest.mark.parametrize(("kind", "text"), REFUSED)
def test_each_refused_category_is_found_with_its_reason_and_sentence(kind, text):
    found = [f for f in find_content(text) if f.kind == kind]
    assert found, f"{kind} not found in {text!r}"
    assert found[0].rule == f"content.{kind}"
    quoted = found[0].reason.split("\u201c")[1].split("\u201d")[0]
    assert quoted in text[slice(*found[0].span)]


@pytest.mark.parametrize("text", HARMLESS)
def test_a_harmless_post_on_a_nearby_topic_passes(text):
    assert find_content(text) == []


def test_the_online_safety_evening_frames_each_of_its_sentences():
    assert find_content(FRAMED_BY_ANOTHER_SENTENCE, model=_NO_MODEL) == []
    assert [f.kind for f in find_content("Send nudes, pics in my bio.", model=_NO_MODEL)] == [
        "sexual"
    ]


def test_a_colleague_off_for_weeks_is_a_health_matter_where_off_today_is_not():
    weeks = "Mr Reid has been off sick for three weeks now."
    assert [f.kind for f in find_content(weeks, model=_NO_MODEL)] == ["staff_matter"]
    today = "Mr Reid is off sick today, so gardening club is cancelled."
    assert find_content(today, model=_NO_MODEL) == []


def test_only_the_sentence_with_the_problem_is_marked():
    text = "Lovely concert tonight. Vote Labour on Thursday! See you at the fair."
    [finding] = find_content(text)
    assert text[slice(*finding.span)].strip() == "Vote Labour on Thursday!"


def test_a_schools_own_phrases_count_in_their_category():
    extra = parse_school_phrases(["commercial: tupperware party", "nonsense entry", "x:"])
    assert extra == {"commercial": ["tupperware party"]}
    [finding] = find_content("Come to my Tupperware party on Friday!", extra)
    assert finding.kind == "commercial"
    assert "school's own phrases" in finding.reason
    assert find_content("Come to my Tupperware party on Friday!") == []
