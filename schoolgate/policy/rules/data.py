"""Rules about the audit trail, retention and data protection."""

from schoolgate.policy.engine import define
from schoolgate.policy.rules._common import flag, kept_at_run_time, number, roles

define(
    "audit.trail",
    title="Tamper-evident audit trail",
    description=(
        "Every action (publish, approve, delete, view a record) is written to a "
        "log whose entries are chained, so any later edit shows."
    ),
    catalogue=["C9.1"],
    params=[flag("log_record_views", True, "Log every view of a confidential record.")],
    floors=[
        # The log is how the school shows what it did with personal data and
        # with a child's record: no setting stops writing or checking it.
        kept_at_run_time(
            code="audit.always_written",
            guarantee=(
                "every change and every sight of a confidential record is written to "
                "the chained log, and the chain is checked every day"
            ),
            clause="UK GDPR art. 5(1)(f) and 5(2); catalogue C9.1",
        )
    ],
    actions=["audit.view"],
    jobs=["audit"],
)

define(
    "data.retention",
    title="Retention of monitoring copies and working data",
    description=(
        "Copies kept to monitor use of school systems, comment texts kept as evidence, "
        "copies of what was sent, originals of photos never published and lapsed "
        "consent answers are deleted once their retention period ends. Safeguarding "
        "records keep their own review."
    ),
    catalogue=["C9.2"],
    jobs=["retention"],
    params=[
        number(
            "days",
            365,
            "Days a monitoring copy of a comment fetched from a social channel is kept.",
            low=1,
            high=3650,
        ),
        number(
            "evidence_days",
            365,
            "Days the text of a rejected or deleted comment is kept as evidence after the "
            "decision; the record of the decision stays.",
            low=30,
            high=3650,
        ),
        number(
            "outbox_days",
            90,
            "Days a copy of what was sent to a channel is kept once sending is over.",
            low=7,
            high=3650,
        ),
        number(
            "unpublished_photo_days",
            180,
            "Days the original of a photo whose post was never published is kept.",
            low=7,
            high=3650,
        ),
        number(
            "expired_consent_days",
            365,
            "Days an answer about photo consent is kept after it lapsed or was replaced.",
            low=30,
            high=3650,
        ),
    ],
    floors=[
        kept_at_run_time(
            code="retention.safeguarding_reviewed",
            guarantee=(
                "retention never deletes a safeguarding record: those past their date are "
                "listed for the DSL, and only a recorded decision destroys one"
            ),
            clause="Keeping children safe in education, Part 4; catalogue C7.8, C9.2",
        ),
        kept_at_run_time(
            code="retention.undecided_comments",
            guarantee="a comment still waiting for a moderator is never deleted by retention",
            clause="catalogue C4.1, C9.2",
        ),
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
    actions=["dataprotection.subject_access"],
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
