"""Rules about the policy itself: profiles, explanations, document, review, sign-off."""

from schoolgate.policy.engine import Param, define
from schoolgate.policy.rules._common import flag, number, roles

define(
    "policy.overrides",
    title="Schools may adjust their profile",
    description=(
        "A school adopts one built-in profile and may change its parameters; "
        "each change needs a reason and is written to the audit trail."
    ),
    catalogue=["C1.1"],
    params=[flag("reason_required", True, "Ask for a reason with every change.")],
    actions=["policy.override"],
)

define(
    "policy.explain",
    title="Every decision shows its reasons",
    description=(
        "Whatever the system decides under the policy comes with the rules behind "
        "it and the clause each comes from, shown to the person affected."
    ),
    catalogue=["C1.2"],
    params=[
        flag("show_sources", True, "Show the clause reference beside each reason."),
        flag("log_decisions", True, "Write refusals and approvals to the audit trail."),
    ],
    statement=True,
)

define(
    "policy.document",
    title="The school's policy document",
    description=(
        "The policy is printed from the rules the school runs under, with its "
        "approval date, signatory, version, related policies and legislation."
    ),
    catalogue=["C1.3"],
    params=[
        Param(
            "formats",
            "list",
            ["html", "pdf"],
            "Formats the document is offered in.",
            choices=("html", "pdf"),
        ),
        flag("list_legislation", True, "Include the list of legislation."),
        flag("list_related_policies", True, "Include the related school policies."),
        Param(
            "announce_to",
            "list",
            ["staff"],
            "Who is told when a new version is approved.",
            choices=("staff", "parents", "pupils"),
            low=1,
        ),
    ],
    actions=["compliance.document_view"],
)

define(
    "documents.review",
    title="Policy review dates and reminders",
    description=(
        "The policy is reviewed on the next date it names, then every so many "
        "months; the reviewers are reminded ahead of time."
    ),
    catalogue=["C1.4"],
    params=[
        number(
            "interval_months",
            12,
            "Months between reviews; 0 when each date is set by hand.",
            low=0,
            high=60,
        ),
        Param("fixed_date", "date", "", "The next review date the policy names, or empty."),
        number(
            "reminder_days",
            30,
            "Days before the review date to start reminding.",
            low=1,
            high=365,
        ),
        roles("reviewers", ["head"], "Who is reminded to review the policy."),
    ],
    actions=["compliance.version_publish"],
    jobs=["compliance_reminders"],
)

define(
    "signoff.required",
    title="Staff sign the current policy",
    description=(
        "Every member of staff confirms they have read the current version; new "
        "starters do so at induction, and a new version asks everyone again."
    ),
    catalogue=["C1.5", "C6.1"],
    params=[
        flag("at_induction", True, "New starters sign at their first sign-in."),
        flag("on_new_version", True, "A new policy version asks everyone again."),
        number("reminder_days", 7, "Days between reminders until someone signs.", low=1, high=90),
        flag("blocks_publishing", True, "Unsigned staff may not publish or moderate."),
        roles("tracked_by", ["head", "hr"], "Who sees who has not yet signed."),
    ],
    actions=["compliance.sign", "compliance.signoffs_view", "publishing.publish"],
    jobs=["compliance_reminders"],
)
