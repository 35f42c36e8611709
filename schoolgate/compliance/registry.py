"""Actions, audit events, navigation, preconditions and dashboard panels."""

from schoolgate.audit.events import register as event
from schoolgate.compliance import preconditions
from schoolgate.compliance.panels import compliance_panel
from schoolgate.core.permissions import add_precondition, register
from schoolgate.people.roles import GOVERNANCE, SCHOOL_LEADERS, STAFF_ROLES, TRUST_LEADERS, Role
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

TRAINING_KEEPERS = SCHOOL_LEADERS | {Role.HR, Role.DSL, Role.ONLINE_SAFETY}
POLICY_APPROVERS = frozenset({Role.HEAD, Role.EXECUTIVE_HEAD, Role.CEO, Role.DEPUTY_CEO})

register("compliance.document_view", "Read the policy document", roles=STAFF_ROLES)
register("compliance.version_publish", "Approve a new policy version", roles=POLICY_APPROVERS)
register("compliance.sign", "Sign the policy", roles=STAFF_ROLES)
register(
    "compliance.signoffs_view",
    "See who has signed the policy",
    roles_from=("signoff.required", "tracked_by"),
)
# Queries go to the head, who answers them (C6.1).
register(
    "compliance.query_reply",
    "Answer queries about the policy",
    roles={Role.HEAD, Role.EXECUTIVE_HEAD},
)
register("compliance.training_view", "See training records", roles=TRAINING_KEEPERS)
register("compliance.training_record", "Record a training session", roles=TRAINING_KEEPERS)
register("compliance.selfcheck", "Check your own social media", roles=STAFF_ROLES)
register("compliance.dashboard", "See the school's compliance", roles=SCHOOL_LEADERS | {Role.HR})
register(
    "compliance.trust_view",
    "See the trust's compliance",
    roles=TRUST_LEADERS | (GOVERNANCE - {Role.GOVERNOR}),
)

event("compliance.version_published", "Policy version approved")
event("compliance.signed", "Policy signed")
event("compliance.query", "Query raised about the policy")
event("compliance.query_replied", "Query about the policy answered")
event("compliance.training_recorded", "Training session recorded")
event("compliance.training_updated", "Training session corrected")
event("compliance.training_deleted", "Training session deleted")
event("compliance.selfcheck_saved", "Self-check saved for its person")
event("compliance.selfcheck_deleted", "Saved self-check deleted")

add_precondition("policy_signed", preconditions.policy_signed)
add_precondition("training_current", preconditions.training_current)

add("Policy document", "compliance:document", "compliance.document_view")
add("Sign-off", "compliance:signoffs", "compliance.signoffs_view")
add("Training", "compliance:training", "compliance.training_view")
add("Self-check", "compliance:selfcheck", "compliance.selfcheck")
add("Trust compliance", "compliance:trust", "compliance.trust_view")

add_panel(
    "compliance",
    template="compliance/_panel.html",
    action="compliance.dashboard",
    context=compliance_panel,
    order=10,
)
