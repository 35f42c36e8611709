"""Who may read the audit trail: the school's leaders and its DPO."""

from schoolgate.core.permissions import register
from schoolgate.people.roles import Role
from schoolgate.web import navigation

# Reading the log shows who looked at which confidential record, so it is
# kept to those accountable for the school's data (UK GDPR Article 5(2)).
AUDIT_READERS = frozenset({Role.HEAD, Role.DEPUTY_HEAD, Role.DPO, Role.EXECUTIVE_HEAD, Role.CEO})

register("audit.view", "Read the audit log", roles=AUDIT_READERS)
register("audit.export", "Export the audit log", roles=AUDIT_READERS)

navigation.add("Audit log", "audit:log", "audit.view")
