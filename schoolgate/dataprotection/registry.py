"""Who answers subject-access requests, and the data-protection audit events.

Answering a request (seeing what is held about one person, recording the
request, downloading everything as a ZIP) is the data protection officer's
work alone: the roles the profile's `data.protection:dpo_roles` names (the
DPO by default; C9.3). Nobody else reads a whole person's file in one go.
Retention runs as a command and a daily job, with no page of its own.
"""

from __future__ import annotations

from schoolgate.audit.events import register as register_event
from schoolgate.core.permissions import register
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

register(
    "dataprotection.subject_access",
    "Answer subject-access requests",
    roles_from=("data.protection", "dpo_roles"),
)

register_event("dataprotection.retention_run", "Deleted data whose retention period had ended")
register_event("dataprotection.subject_access_recorded", "Recorded a subject-access request")
register_event("dataprotection.subject_access_exported", "Exported everything held about a person")
register_event("dataprotection.subject_access_answered", "Answered a subject-access request")

add("Subject access", "dataprotection:requests", "dataprotection.subject_access", group="People")


add_panel(
    "dataprotection.requests",
    template="dataprotection/_panel.html",
    action="dataprotection.subject_access",
    context="schoolgate.dataprotection.selectors.panel_context",
    order=5,
)
