import pytest

from schoolgate.checks.pii import find_personal_data, personal_data_score


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.span[0] : f.span[1]]) for f in find_personal_data(text) if f.span]


@pytest.mark.parametrize(
    "number",
    ["07911 123456", "07 911 123 456", "07911-123-456", "+44 7911 123456", "020 7946 0018"],
)
def test_it_finds_uk_phone_numbers_in_several_formats(number):
    assert kinds(f"ring me on {number} tonight") == [("phone", number)]


def test_it_does_not_take_a_short_number_for_a_phone():
    assert kinds("We raised 1234 pounds for 36 children") == []


def test_it_finds_an_email():
    assert kinds("write to jo.bloggs+school@example.co.uk please") == [
        ("email", "jo.bloggs+school@example.co.uk")
    ]


def test_it_does_not_take_a_social_handle_for_an_email():
    assert kinds("thanks @user and @school") == []


@pytest.mark.parametrize("postcode", ["LS6 2AB", "SW1A 1AA", "m1 1ae", "EC1A1BB"])
def test_it_finds_full_uk_postcodes(postcode):
    assert kinds(f"we are in {postcode} now") == [("postcode", postcode)]


def test_it_does_not_take_a_partial_postcode_or_year_group():
    assert kinds("Year 6 in LS6 won") == []


def test_it_finds_a_title_case_street_address():
    assert kinds("She lives at 12 Acacia Avenue now") == [("address", "12 Acacia Avenue")]


def test_it_needs_a_postcode_for_a_lower_case_address():
    assert kinds("5 miles down the road") == []
    assert kinds("4 church lane ls6 2ab") == [
        ("address", "4 church lane"),
        ("postcode", "ls6 2ab"),
    ]


def test_an_address_with_a_postcode_scores_higher_than_either_alone():
    both = personal_data_score(find_personal_data("12 Acacia Avenue, Leeds LS6 2AB"))
    alone = personal_data_score(find_personal_data("12 Acacia Avenue"))
    assert both > alone > personal_data_score(find_personal_data("LS6 2AB"))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Jack was born on 3rd March 2016", "3rd March 2016"),
        ("DOB 12/03/2015", "12/03/2015"),
        ("her birthday is 14 June", "14 June"),
    ],
)
def test_it_finds_a_date_of_birth_next_to_a_birth_cue(text, date):
    assert kinds(text) == [("date_of_birth", date)]


def test_it_ignores_a_date_without_a_birth_cue():
    assert kinds("Sports day is on 14 June 2025") == []


def test_a_text_without_personal_data_scores_zero():
    assert personal_data_score(find_personal_data("Lovely assembly today")) == 0.0
