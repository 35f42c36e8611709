"""Background work: the daily reminders (reviews, sign-off, declarations)."""

from django_tasks import task

from schoolgate.compliance.services import review_reminder_send, signoff_reminders_send
from schoolgate.people.models import School
from schoolgate.registers.services import declaration_reminders_send


@task()
def compliance_reminders_task() -> dict[str, int]:
    """Send every school's due reminders; return how many of each went out."""
    reviews = signoffs = declarations = 0
    for school in School.objects.select_related("trust"):
        reviews += review_reminder_send(school=school)
        signoffs += signoff_reminders_send(school=school)
        declarations += declaration_reminders_send(school=school)
    return {"reviews": reviews, "signoffs": signoffs, "declarations": declarations}
