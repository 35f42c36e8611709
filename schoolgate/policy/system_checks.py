"""System checks: every rule a profile switches on is enforced somewhere (policy.E002-E006).

`policy.E001` (every profile loads) is in `core/checks.py`; these build on it
and are explained in `policy/enforcement.py` and docs/how-a-rule-runs.md.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from schoolgate.core.permissions import ACTIONS
from schoolgate.core.schedule import timetable
from schoolgate.policy import enforcement


def _jobs() -> list[str]:
    return [job.command for job in timetable()]


@checks.register()
def check_every_rule_is_enforced(**kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a rule on but enforced nowhere, a missing enforcement point, an unread parameter."""
    found: list[checks.CheckMessage] = [
        checks.Error(problem.message, hint=problem.hint or None, id=problem.id)
        for problem in enforcement.problems(actions=ACTIONS, jobs=_jobs())
    ]
    stale = enforcement.stale_pending()
    if stale:
        found.append(
            checks.Warning(
                f"Wired now, still listed in policy.enforcement.PENDING: {', '.join(stale)}.",
                hint="Remove them from PENDING, so the check guards them again.",
                id="policy.W001",
            )
        )
    return found
