"""Rules about the audit trail, retention and data protection."""

from schoolgate.policy.engine import define
from schoolgate.policy.rules._common import flag, number, roles

define(
    "audit.trail",
    title="Tamper-evident audit trail",
    description=(
        "Every action (publish, approve, delete, view a record) is written to a "
        "log whose entries are chained, so any later edit shows."
    ),
    catalogue=["C9.1"],
    params=[flag("log_record_views", True, "Log every view of a confidential record.")],
    actions=["audit.view"],
    jobs=["audit"],
)

define(
    "data.retention",
    title="Retention of monitoring copies",
    description=(
        "Copies kept to monitor use of school systems are deleted once the retention period ends."
    ),
    catalogue=["C9.2"],
    params=[
        number("days", 365, "Days a monitoring copy is kept before deletion.", low=1, high=3650)
    ],
)

define(
    "data.protection",
    title="Data-protection duties",
    description=(
        "Personal data is handled fairly, kept to what is needed, accurate, secure "
        "and not kept longer than necessary; people may ask for their data."
    ),
    catalogue=["C9.3"],
    params=[
        # UK GDPR: a month, extendable by two further months for complex requests.
        number(
            "subject_access_days",
            30,
            "Days to answer a subject-access request.",
            low=1,
            high=90,
        ),
        roles("hr_forms_readers", ["hr"], "Roles that may read HR forms."),
        roles("dpo_roles", ["dpo"], "Roles that act as data protection officer."),
    ],
)
