"""The `schoolgate` command: its own sub-commands and Django's pass through."""

import json
import os
import subprocess
import sys


def _schoolgate(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "schoolgate.cli", *args],
        input=stdin,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_with_no_arguments_it_lists_schoolgates_commands():
    result = _schoolgate()
    assert result.returncode == 0
    for command in ("demo", "serve", "import", "policy", "audit", "triage"):
        assert f"  {command}" in result.stdout


def test_triage_without_a_school_needs_no_database():
    lines = (
        '{"id": "a", "text": "What a wonderful concert, thank you!"}\n{"id": "b", "text": "kys"}\n'
    )
    result = _schoolgate("triage", stdin=lines, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", "b"]
    assert out[0]["action"] == "approve"
    assert out[1]["action"] in {"escalate", "reject"}


def test_django_commands_pass_through(tmp_path):
    result = _schoolgate("check", DJANGO_SETTINGS_MODULE="schoolgate.config.settings.test")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
