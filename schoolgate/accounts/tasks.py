"""Background work for accounts: sending a batch of invitations."""

from django_tasks import task

from schoolgate.accounts.services import invitation_batch_send


@task()
def invitation_batch_task(batch_id: int, base_url: str) -> None:
    """Send the invitations of the batch with this id (see invitation_batch_send)."""
    invitation_batch_send(batch_id=batch_id, base_url=base_url)
