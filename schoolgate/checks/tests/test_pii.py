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


@pytest.mark.parametrize(
    "number",
    ["+33 6 98 76 54 32", "0033 6 98 76 54 32", "+1 (212) 555-0147", "+353 86 765 4321"],
)
def test_it_finds_a_parent_abroads_number_in_any_countrys_format(number):
    assert kinds(f"While we are away ring {number} instead.") == [("phone", number)]


def test_it_finds_a_landline_in_the_range_libphonenumber_skips():
    assert kinds("Nan is on 01632 960471.") == [("phone", "01632 960471")]


@pytest.mark.parametrize(
    "address",
    [
        "kate dot morris at gmail dot com",
        "kate(at)yahoo(dot)co(dot)uk",
        "kate [at] outlook [dot] com",
        "KATE AT HOTMAIL DOT COM",
        "kate.morris @ gmail . com",
        "kate at icloud.com",
    ],
)
def test_it_finds_an_email_spelt_out_to_dodge_filters(address):
    assert kinds(f"Write to {address} please") == [("email", address)]


@pytest.mark.parametrize(
    "text",
    [
        "See you at the fair. Lunch is at noon.",
        "We met at Kettlewick dot the i's and cross the t's.",
        "Tickets at £3 each from the office.",
    ],
)
def test_at_and_dot_in_ordinary_sentences_are_not_an_email(text):
    assert [k for k, _ in kinds(text) if k == "email"] == []


@pytest.mark.parametrize("postcode", ["LS6  2AB", "W 1 1AA", "ls62ab"])
def test_it_finds_a_postcode_however_it_is_spaced(postcode):
    assert kinds(f"We're at {postcode} now") == [("postcode", postcode)]


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB 2017-09-14", "2017-09-14"),
        ("born 14-Sep-2017", "14-Sep-2017"),
        ("born on the fourteenth of September", "the fourteenth of September"),
        ("birthday 14 Sept '17", "14 Sept '17"),
    ],
)
def test_it_finds_a_date_of_birth_in_every_common_written_form(text, date):
    assert ("date_of_birth", date) in kinds(text)


def test_it_finds_a_street_of_a_less_common_type():
    assert kinds("Come to 4 Tannery Yard at two") == [("address", "4 Tannery Yard")]
