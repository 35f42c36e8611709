"""Triage's codes and scores in the words a moderator reads."""

from schoolgate.moderation.wording import label_text, rule_text, score_lines


def test_a_score_reads_as_how_likely_with_its_value():
    scores = {"offensive": 0.7, "negative": 0.2, "personal_data": 0.0, "praise": 0.9}
    assert score_lines(scores) == [
        "Offensive language: likely (0.70)",
        "Negative tone: possible (0.20)",
        "Personal details: unlikely (0.00)",
        "Praise: likely (0.90)",
    ]


def test_labels_and_finding_rules_read_as_words():
    assert label_text("individual_matter") == "Complaint about one person"
    assert rule_text("names.staff_name") == "Names a member of staff"
    assert rule_text("matters.individual") == "Complaint about one person"
    assert rule_text("pii.phone") == "Personal details"
    assert label_text("something_new") == "Something new"
