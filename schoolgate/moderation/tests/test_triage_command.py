import json

import pytest
from django.core.management import CommandError, call_command

from schoolgate.checks.cli import TriageSettings
from schoolgate.moderation.management.commands.triage import school_triage_settings
from schoolgate.people.tests.factories import PupilFactory, SchoolFactory, StaffFactory

pytestmark = pytest.mark.django_db


def run(capsys, tmp_path, school, lines):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    call_command("triage", school=school.slug, input=str(source))
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_with_a_school_a_pupils_full_name_is_found_and_escalated(capsys, tmp_path):
    school = SchoolFactory()
    PupilFactory(school=school, first_name="Amara", surname="Thistlewood")
    StaffFactory(school=school, title="Mrs", first_name="Jane", surname="Pennington")
    out = run(
        capsys,
        tmp_path,
        school,
        [
            {"id": 1, "text": "Well done Amara Thistlewood on the spelling bee!"},
            {"id": 2, "text": "Lovely assembly this morning, thank you"},
            {"id": 3, "text": "Mrs Pennington was rude to my son and it is unacceptable"},
        ],
    )
    assert [o["id"] for o in out] == [1, 2, 3]
    assert out[0]["action"] == "escalate" and "full_name" in out[0]["labels"]
    assert out[1]["action"] == "approve"
    assert "staff_name" in out[2]["labels"] and out[2]["action"] == "escalate"


def test_another_schools_pupils_are_not_its_roster(capsys, tmp_path):
    PupilFactory(first_name="Amara", surname="Thistlewood")
    school = SchoolFactory()
    [out] = run(capsys, tmp_path, school, [{"id": 1, "text": "Well done Amara Thistlewood"}])
    assert "full_name" not in out["labels"]


def test_settings_carry_the_roster_and_no_phrases_when_the_policy_sets_none():
    school = SchoolFactory()
    PupilFactory(school=school, first_name="Zara", surname="Marchbank")
    settings = school_triage_settings(school)
    assert isinstance(settings, TriageSettings)
    assert settings.roster is not None and settings.phrases is None


def test_an_unknown_school_is_refused():
    with pytest.raises(CommandError, match="no school"):
        call_command("triage", school="nowhere")
