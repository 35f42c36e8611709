from schoolgate.checks.base import TextFinding
from schoolgate.checks.matters import individual_matters


def test_it_finds_a_titled_name_with_a_complaint_without_a_roster():
    [finding] = individual_matters("Mrs Patel shouted at my son today.", [])
    assert finding.kind == "individual_matter"
    assert "Mrs Patel" in finding.reason and "shouted" in finding.reason


def test_it_finds_a_roster_name_with_a_private_matter_and_keeps_the_ids():
    name = TextFinding("names.pupil_name", "pupil_name", "", (0, 4), ("p1",))
    [finding] = individual_matters("Jack has ADHD, everyone knows.", [name])
    assert finding.people == ("p1",)


def test_a_name_and_a_complaint_in_different_sentences_are_not_a_matter():
    assert individual_matters("Mrs Patel ran the fair. The parking was awful.", []) == []


def test_praise_for_a_named_teacher_is_not_a_matter():
    assert individual_matters("Mr Jones was brilliant with the class", []) == []


def test_a_teacher_pointed_to_by_role_with_a_complaint_is_a_matter():
    text = "Hope the teacher who shouted at my kid gets sacked"
    [finding] = individual_matters(text, [])
    assert finding.reason.startswith("Points to the teacher")


def test_roles_by_a_possessive_are_staff_but_staff_in_general_are_not():
    assert individual_matters("My daughter's TA is rude to her.", [])
    [finding] = individual_matters("my sons teacher is useless", [])
    assert "my sons teacher" in finding.reason
    assert individual_matters("Why did the head ignore my emails?", [])
    assert individual_matters("The teachers here are useless.", []) == []


def test_a_head_that_is_a_body_is_not_the_head_teacher():
    assert individual_matters("He was hurt when he was hit on the head.", []) == []
    assert individual_matters("Thanks to the teacher for a lovely trip!", []) == []


def test_a_name_found_as_staff_and_as_a_parent_is_named_once():
    text = "Mr Ashcombe is useless."
    staff = TextFinding("names.staff_name", "staff_name", "", (0, 11), ("s1",))
    parent = TextFinding("names.parent_name", "parent_name", "", (0, 11), ("g1",))
    surname = TextFinding("names.surname", "surname", "", (3, 11), ("g1",))
    [finding] = individual_matters(text, [staff, parent, surname])
    assert finding.reason.startswith("Names Mr Ashcombe alongside")
    assert finding.people == ("s1", "g1")
