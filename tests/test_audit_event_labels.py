"""Every audit event the code writes has a label once the apps are ready.

The audit log shows each entry as "what happened" in words; an event whose
label is registered only when some module happens to be imported shows its
raw code instead (as "moderation.platform_action" did, registered in the
module that acts on platforms rather than in the app's registry). This test
parses the package for event codes passed to `audit_log(event=...)`, and for
codes handed to a helper that writes them, and checks each has a label in
a process where only Django's start-up has run.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "schoolgate"
CODE = re.compile(r"^[a-z_]+\.[a-z_]+$")


def _written_events() -> dict[str, str]:
    """Return each event code written somewhere, with one file:line that writes it."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            values = [kw.value for kw in node.keywords if kw.arg == "event"]
            if name.endswith("_audit") or name == "audit_log":
                values += list(node.args)
            for value in values:
                text = value.value if isinstance(value, ast.Constant) else None
                if isinstance(text, str) and CODE.match(text):
                    found.setdefault(text, f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_every_written_event_has_a_label_after_start_up() -> None:
    written = _written_events()
    assert "moderation.platform_action" in written  # the parser finds helper-written codes
    # A fresh interpreter: only django.setup() has run, as in a web process
    # that has not yet imported the module writing the event.
    script = (
        "import json, django; django.setup()\n"
        "from schoolgate.audit.events import EVENTS\n"
        "print(json.dumps(sorted(EVENTS)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "schoolgate.config.settings.test"},
    ).stdout
    labelled = set(json.loads(out.strip().splitlines()[-1]))
    missing = {code: where for code, where in written.items() if code not in labelled}
    assert not missing, "events written without a label at start-up:\n" + "\n".join(
        f"  {code} ({where})" for code, where in sorted(missing.items())
    )
