from schoolgate.checks.draft import check_text
from schoolgate.checks.names import Person

ROSTER = [Person("p1", "pupil", "Jack", "Smith"), Person("p2", "pupil", "Grace", "Hall")]


def summary(findings):
    return [(f.field, f.kind, f.span) for f in findings]


def test_it_finds_a_surname_in_the_body_with_its_span():
    assert summary(check_text("Well done Smith!", roster=ROSTER)) == [
        ("body", "surname", (10, 15))
    ]


def test_it_checks_captions_alt_text_and_file_names():
    found = check_text(
        "Sports day",
        roster=ROSTER,
        captions=["Jack Smith crossing the line"],
        alt_texts=["A child, phone 07911 123456"],
        file_names=["grace_hall-sports.jpg"],
    )
    assert summary(found) == [
        ("caption[0]", "full_name", (0, 10)),
        ("alt_text[0]", "phone", (15, 27)),
        ("file_name[0]", "full_name", (0, 10)),
    ]


def test_it_flags_offensive_language_and_individual_matters():
    kinds = {f.kind for f in check_text("Mrs Patel is a useless fucking idiot.")}
    assert {"offensive", "individual_matter"} <= kinds


def test_a_clean_draft_has_no_findings():
    assert check_text("We had a lovely trip to the museum.", roster=ROSTER) == []
