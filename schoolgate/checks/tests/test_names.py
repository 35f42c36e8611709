from schoolgate.checks.names import NameMatcher, Person

ROSTER = [
    Person("p1", "pupil", "Jack", "Smith"),
    Person("p2", "pupil", "Grace", "O'Neill"),
    Person("p3", "pupil", "Zoë", "Smith-Jones", preferred_name="Zo"),
    Person("p4", "pupil", "Mark", "Rose"),
    Person("p5", "pupil", "Siobhán", "Hope"),
    Person("s1", "staff", "Priya", "Patel", title="Mrs"),
    Person("g1", "parent", "Dave", "Smith", title="Mr"),
]
MATCHER = NameMatcher(ROSTER)


def found(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(m.text, m.kind, m.people) for m in MATCHER.find(text)]


def test_it_finds_a_first_name_as_pupil_name_with_span():
    [match] = MATCHER.find("Well done to Jack today")
    assert (match.kind, match.people, match.span) == ("pupil_name", ("p1",), (13, 17))


def test_it_reports_a_full_name_once_not_its_parts():
    assert found("Jack Smith won the race") == [("Jack Smith", "full_name", ("p1",))]


def test_it_reports_a_surname_alone_for_every_pupil_who_has_it():
    assert found("the Smith family") == [("Smith", "surname", ("p1",))]


def test_it_finds_a_possessive():
    assert found("Jack's painting") == [("Jack", "pupil_name", ("p1",))]


def test_it_ignores_a_name_inside_another_word():
    assert found("Jackson and jackets") == []


def test_it_is_case_insensitive_for_names_that_are_not_words():
    assert found("JACK SMITH") == [("JACK SMITH", "full_name", ("p1",))]


def test_it_ignores_grace_the_word():
    assert found("They said grace before lunch. Grace is a virtue.") == []


def test_it_finds_grace_the_pupil_capitalised_mid_sentence():
    assert found("Lovely singing from Grace today") == [("Grace", "pupil_name", ("p2",))]


def test_it_finds_a_common_word_name_next_to_another_roster_name():
    assert [m[0] for m in found("grace and Jack")] == ["grace", "Jack"]


def test_it_ignores_may_the_month_in_a_date():
    roster = NameMatcher([Person("p9", "pupil", "May", "Lee")])
    assert roster.find("The trip is on 5 May this year") == []


def test_it_matches_an_apostrophe_surname_written_without_it():
    assert found("The ONeill twins") == [("ONeill", "surname", ("p2",))]


def test_it_does_not_match_part_of_an_apostrophe_name():
    roster = NameMatcher([Person("p9", "pupil", "Ann", "Neill")])
    assert roster.find("Mrs O'Neill said") == []


def test_it_matches_a_hyphenated_surname_with_or_without_hyphen():
    assert found("Zoë Smith-Jones and Zoe Smith Jones") == [
        ("Zoë Smith-Jones", "full_name", ("p3",)),
        ("Zoe Smith Jones", "full_name", ("p3",)),
    ]


def test_it_matches_accented_names_written_without_accents():
    assert found("Well done Siobhan Hope") == [("Siobhan Hope", "full_name", ("p5",))]


def test_it_finds_a_preferred_name():
    assert found("Thanks Zo") == [("Zo", "pupil_name", ("p3",))]


def test_it_names_staff_by_title_and_surname():
    assert found("Ask Mrs Patel") == [("Mrs Patel", "staff_name", ("s1",))]


def test_it_names_a_parent_by_title_without_flagging_the_pupil_surname():
    assert found("Mr Smith came in") == [("Mr Smith", "parent_name", ("g1",))]


def test_it_finds_nothing_with_an_empty_roster():
    assert NameMatcher([]).find("Jack Smith") == []


def test_findings_carry_rule_kind_span_and_people():
    [finding] = MATCHER.findings("Hi Jack")
    assert (finding.rule, finding.kind, finding.span, finding.people) == (
        "names.pupil_name",
        "pupil_name",
        (3, 7),
        ("p1",),
    )


def test_a_name_both_staff_and_parent_hold_is_reported_as_staff_only():
    # The head, Mr Gorseway, and a father of the same title and surname.
    matcher = NameMatcher(
        [
            Person("staff:1", "staff", "Owen", "Gorseway", title="Mr"),
            Person("parent:7", "parent", "Dave", "Gorseway", title="Mr"),
        ]
    )
    kinds = [(m.text, m.kind, m.people) for m in matcher.find("Mr Gorseway ignored me")]
    assert kinds == [("Mr Gorseway", "staff_name", ("staff:1",))]
    # The parent's own full name is still the parent's.
    assert [m.kind for m in matcher.find("Dave Gorseway came")] == ["parent_name"]
