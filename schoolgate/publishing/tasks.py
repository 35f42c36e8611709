"""Background work: sending outbox items, with retries after a back-off."""

from __future__ import annotations

from django_tasks import default_task_backend, task

from schoolgate.publishing.models import OutboxItem
from schoolgate.publishing.outbox import outbox_send, outbox_sweep


@task()
def send_outbox_item(item_id: int) -> str:
    """Send one item; when it failed, queue the next attempt for after the back-off."""
    item = outbox_send(item_id)
    if item.status == OutboxItem.Status.RETRYING and default_task_backend.supports_defer:
        send_outbox_item.using(run_after=item.next_attempt_at).enqueue(item_id)
    return item.status


@task()
def send_due_outbox() -> int:
    """Queue every item whose retry is due or whose sending stalled; return how many."""
    return outbox_sweep()
