"""Background work for people: running an uploaded import."""

from django_tasks import task

from schoolgate.people.services import import_job_run


@task()
def import_job_task(job_id: int) -> None:
    """Run the import job with this id (see services.import_job_run)."""
    import_job_run(job_id=job_id)
