"""`schoolgate import`: exit codes, summary and progress."""

import importlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schoolgate.people import services
from schoolgate.people.models import Pupil
from schoolgate.people.tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

GOOD = "MIS ID,First name,Surname,Date of birth\nP001,Amara,Bramblecott,2016-03-14\n"
ONE_BAD = GOOD + "P002,Oliver,,2015-11-02\nP003,Priya,Marchbank,not a date\n"


@pytest.fixture
def school():
    return SchoolFactory(slug="larkspur")


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def write(tmp_path, text, name="pupils.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_command_module_named_import_is_found():
    module = importlib.import_module("schoolgate.people.management.commands.import")

    assert module.Command.help


def test_it_exits_0_when_every_row_goes_in(school, tmp_path):
    code, out, _ = run("pupils", "--school", "larkspur", write(tmp_path, GOOD))

    assert code == 0
    assert "1 rows: 1 added, 0 changed, 0 unchanged, 0 refused." in out
    assert Pupil.objects.filter(school=school, mis_id="P001").exists()


def test_it_exits_1_and_lists_each_refused_row_by_line(school, tmp_path):
    code, out, _ = run("pupils", "--school", "larkspur", write(tmp_path, ONE_BAD))

    assert code == 1
    assert "line 3: Surname: This field is required." in out
    assert "line 4: Date of birth:" in out
    assert Pupil.objects.count() == 1


def test_a_second_run_reports_every_row_unchanged(school, tmp_path):
    path = write(tmp_path, GOOD)
    run("pupils", "--school", "larkspur", path)

    code, out, _ = run("pupils", "--school", "larkspur", path)

    assert code == 0
    assert "0 added, 0 changed, 1 unchanged" in out


def test_a_dry_run_changes_nothing(school, tmp_path):
    code, out, _ = run("pupils", "--school", "larkspur", "--dry-run", write(tmp_path, GOOD))

    assert code == 0
    assert "1 would be added" in out
    assert "Dry run: nothing was changed." in out
    assert not Pupil.objects.exists()


def test_an_unknown_school_exits_3(school, tmp_path):
    with pytest.raises(CommandError, match="No school with the slug 'nowhere'") as error:
        run("pupils", "--school", "nowhere", write(tmp_path, GOOD))

    assert error.value.returncode == 3


def test_an_unreadable_file_exits_3(school, tmp_path):
    with pytest.raises(CommandError) as error:
        run("pupils", "--school", "larkspur", str(tmp_path / "missing.csv"))

    assert error.value.returncode == 3


def test_a_file_with_no_header_exits_3_and_says_why(school, tmp_path):
    path = write(tmp_path, "P001,Amara,Bramblecott,2016-03-14\n")

    with pytest.raises(CommandError, match="No recognisable header") as error:
        run("pupils", "--school", "larkspur", path)

    assert error.value.returncode == 3


def test_progress_goes_to_stderr_for_a_large_file(school, tmp_path, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)
    command = importlib.import_module("schoolgate.people.management.commands.import")
    monkeypatch.setattr(command, "BATCH", 2)
    rows = "".join(f"P{n},Amara,Bramblecott,2016-03-14\n" for n in range(5))

    code, out, err = run("pupils", "--school", "larkspur", write(tmp_path, GOOD + rows))

    assert code == 0
    assert err.splitlines() == ["2 of 6 rows", "4 of 6 rows", "6 of 6 rows"]
    assert "2 of 6" not in out
