"""Importing returned consent forms from CSV: errors by line, dry run."""

from __future__ import annotations

import pytest

from schoolgate.consent.imports import consent_import
from schoolgate.consent.models import PhotoConsent
from schoolgate.consent.selectors import photo_consent
from schoolgate.people.imports import ImportRefused

pytestmark = pytest.mark.django_db


def csv_for(family) -> str:  # type: ignore[no-untyped-def]
    pupil, mother = family.pupil.mis_id, family.mother.mis_id
    return (
        "Pupil MIS ID,Uses,Answer,Date,Method,Parent MIS ID\n"
        f"{pupil},all,yes,03/09/2025,paper,{mother}\n"  # line 2: fine
        f"NOPE,blog,yes,03/09/2025,paper,\n"  # line 3: unknown pupil
        f"{pupil},blog;billboards,yes,03/09/2025,,\n"  # line 4: unknown use
        "\n"
        f"{pupil},social,maybe,2025-09-03,,\n"  # line 6: unknown answer
        f"{pupil},press,given,2025-09-03,in person,\n"  # line 7: not in writing
    )


def test_it_reports_bad_lines_by_number_and_imports_the_rest(family):
    report = consent_import(school=family.pupil.school, text=csv_for(family), actor=None)
    assert report.created == 1
    assert [e["line"] for e in report.errors] == [3, 4, 6, 7]
    assert "NOPE" in report.errors[0]["reason"]
    assert report.errors[1]["reason"].startswith("Uses:")
    assert "in writing" in report.errors[3]["reason"]
    assert photo_consent(family.pupil, "website").allowed is True


def test_a_dry_run_reports_the_same_and_records_nothing(family):
    report = consent_import(
        school=family.pupil.school, text=csv_for(family), actor=None, dry_run=True
    )
    assert (report.created, len(report.errors)) == (1, 4)
    assert PhotoConsent.objects.count() == 0


def test_importing_the_same_file_again_changes_nothing(family):
    consent_import(school=family.pupil.school, text=csv_for(family), actor=None)
    again = consent_import(school=family.pupil.school, text=csv_for(family), actor=None)
    assert (again.created, again.unchanged) == (0, 1)


def test_a_file_without_the_required_columns_is_refused(family):
    with pytest.raises(ImportRefused, match="no column for"):
        consent_import(school=family.pupil.school, text="Pupil MIS ID,Date\nP1,x\n", actor=None)


def test_the_command_lists_refused_lines_and_exits_1(family, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "forms.csv"
    path.write_text(csv_for(family))
    with pytest.raises(SystemExit) as exit_info:
        call_command("consent_import", str(path), "--school", family.pupil.school.slug)
    assert exit_info.value.code == 1
    out = capsys.readouterr().out
    assert "line 3: No pupil with MIS ID NOPE" in out
    assert "1 recorded" in out
