"""Background work: review and sign-off reminders, run daily by the worker."""

from django_tasks import task

from schoolgate.compliance.services import review_reminder_send, signoff_reminders_send
from schoolgate.people.models import School


@task()
def compliance_reminders_task() -> dict[str, int]:
    """Send every school's due review and sign-off reminders; return counts."""
    reviews = signoffs = 0
    for school in School.objects.select_related("trust"):
        reviews += review_reminder_send(school=school)
        signoffs += signoff_reminders_send(school=school)
    return {"reviews": reviews, "signoffs": signoffs}
