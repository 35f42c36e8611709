"""Actions on the photo-consent register, and its audit events.

Who may do what, and why:

- See the register and a pupil's answers: school leaders, the office (who
  file the forms), the DSL (refusals are often a safeguarding matter), class
  teachers (they take the photos) and the DPO (consent is a lawful basis
  they answer for). Not HR, ICT or governors, whose work does not need it.
- The do-not-post sheet: all of those, plus support staff, supply staff and
  the online-safety officer, who hold cameras too; it shows far less than
  the register (no surnames, no reasons).
- Record answers and import forms: leaders and the office, who receive the
  forms, plus the DSL, who is often first to hear that a child must not be
  shown and must be able to act at once. Teachers pass forms to the office,
  so the evidence is kept in one place.
- Export the register: leaders, the office and the DPO.
- Staff permissions: every member of staff gives or withdraws their own,
  and sees everyone's (they decide whether a
  colleague may appear in a photo); leaders, the office and HR record them.
- Parents give, change or renew consent for their own children online; the
  service checks the child is theirs (C3.3).
- Chase renewals (the list of who has not answered, its CSV and the letters
  for families without email): leaders and the office, who send the forms
  out and file them. The list itself is readable by every register viewer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from schoolgate.audit.events import register as register_event
from schoolgate.compliance import panels as compliance_panels
from schoolgate.core.permissions import register
from schoolgate.people.roles import SCHOOL_LEADERS, WORKFORCE, Role
from schoolgate.web.navigation import add
from schoolgate.web.panels import add_panel

if TYPE_CHECKING:
    from collections.abc import Sequence

    from schoolgate.core.types import SchoolRequest
    from schoolgate.people.models import School

RECORDERS = SCHOOL_LEADERS | {Role.OFFICE, Role.DSL}
VIEWERS = RECORDERS | {Role.TEACHER, Role.DPO}
SHEET_READERS = VIEWERS | {Role.SUPPORT, Role.SUPPLY, Role.ONLINE_SAFETY}

register("consent.view", "See the photo-consent register", roles=VIEWERS)
register("consent.do_not_post", "See the do-not-post list", roles=SHEET_READERS)
register("consent.record", "Record parents' photo consent", roles=RECORDERS)
register("consent.import", "Import consent forms", roles=SCHOOL_LEADERS | {Role.OFFICE})
register(
    "consent.export", "Export the consent register", roles=SCHOOL_LEADERS | {Role.OFFICE, Role.DPO}
)
register("consent.view_staff", "See staff permission for photos", roles=WORKFORCE)
register(
    "consent.record_staff",
    "Record staff permission for photos",
    roles=SCHOOL_LEADERS | {Role.OFFICE, Role.HR},
)

# Anyone on the staff answers for themselves (C3.4).
register("consent.own_permission", "Say whether photos of you may be posted", roles=WORKFORCE)

register(
    "consent.answer_own",
    "Give, change or renew photo consent for your children",
    roles={Role.PARENT},
)
register(
    "consent.chase",
    "Export unanswered consent renewals and print letters",
    roles=SCHOOL_LEADERS | {Role.OFFICE},
)

register_event("consent.answered", "A parent answered about photo consent online")
register_event("consent.renewals_requested", "Sent consent renewal requests and reminders")
register_event("consent.renewals_exported", "Exported the unanswered consent renewals")
register_event("consent.renewal_letters_printed", "Printed consent renewal letters")
register_event("consent.recorded", "Recorded a parent's photo consent")
register_event("consent.withdrawn", "Recorded a withdrawal of photo consent")
register_event("consent.imported", "Imported consent forms")
register_event("consent.exported", "Exported the consent register")
register_event("consent.do_not_post_printed", "Printed the do-not-post list")
register_event("consent.staff_permission_recorded", "Recorded a colleague's photo permission")

add("Photo consent", "consent:register", "consent.view")
add("Do not post", "consent:do_not_post", "consent.do_not_post")
add("Staff photo permission", "consent:staff", "consent.view_staff")
add("Photos of you", "consent:own_permission", "consent.own_permission")


def _expiring_within_30_days(schools: Sequence[School]) -> dict[int, int]:
    from schoolgate.consent.selectors import expiring_counts

    return expiring_counts(schools, 30)


compliance_panels.add_count(
    "consents_expiring",
    "Consents expiring in the next 30 days",
    _expiring_within_30_days,
    url_name="consent:renewals",
)


def _consent_panel(request: SchoolRequest) -> dict[str, Any]:
    from schoolgate.consent.policy import photo_terms
    from schoolgate.consent.selectors import recent_withdrawals, renewal_counts
    from schoolgate.core.types import current_school

    school = current_school(request)  # the school's policy is read below
    withdrawn = recent_withdrawals(school, days=7)
    # Consent that never lapses (expiry_months 0) has nothing to renew.
    terms = photo_terms(school)
    due, lapsed = renewal_counts(school, terms.renewal_notice_days)
    return {
        "withdrawn": withdrawn[:5],
        "withdrawn_total": len(withdrawn),
        "consent_lapses": bool(terms.expiry_months),
        "renewals_total": due,
        "renewals_lapsed": lapsed,
    }


# Those who record consent hear of a withdrawal at once, and of renewals due.
add_panel(
    "consent.changes",
    template="consent/_panel.html",
    action="consent.record",
    context=_consent_panel,
    order=4,
)
