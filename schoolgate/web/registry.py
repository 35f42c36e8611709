"""Actions of the shell: home, dashboard, the family page, health."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.core.permissions import register
from schoolgate.people.roles import SCHOOL_LEADERS, STAFF_ROLES, Role
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from schoolgate.core.types import SchoolRequest

register("web.health", "Health check", audience="public")
register("web.home", "Home page", audience="public")
register("web.dashboard", "School dashboard", roles=STAFF_ROLES)
register("web.switch_school", "Switch school", audience="signed_in")
register("web.family", "Your family's page", roles={Role.PARENT})
# Leaders and ICT support hear when the routine jobs (reminders, takedowns) stop.
register(
    "web.routine_jobs", "See when routine jobs fail or stop", roles=SCHOOL_LEADERS | {Role.ICT}
)
# Which job failed, its error and the command that runs it are ICT's to act on.
register(
    "web.routine_jobs_detail", "See which routine job failed and how to run it", roles={Role.ICT}
)

add("Your children", "web:family", "web.family")


def _jobs_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.core.permissions import can
    from schoolgate.core.schedule import job_states

    troubled = [state for state in job_states() if not state.healthy]
    runs = [state.last.started_at for state in troubled if state.last is not None]
    return {
        "troubled_jobs": troubled,
        "jobs_detail": can(request.user, "web.routine_jobs_detail", request.school),
        # The earliest trouble: from then on, not everything has run as it should.
        "jobs_since": min(runs) if runs and len(runs) == len(troubled) else None,
    }


# A reminder that silently stopped going out is a compliance gap: say so.
add_panel(
    "web.routine_jobs",
    template="web/_jobs_panel.html",
    action="web.routine_jobs",
    context=_jobs_panel,
    order=6,
)
