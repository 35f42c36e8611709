"""A batch is never lost: `schoolgate serve` queues again what a stopped worker left."""

from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from schoolgate.core.management.commands import serve
from schoolgate.photos import services
from schoolgate.photos.models import Face, Photo
from schoolgate.photos.tests.factories import FACE_SPOTS, group_photo, upload


class StoppedAtOnce:
    """Stands in for the web server and worker: `serve` returns straight away."""

    def __init__(self, children, say):
        pass

    def run(self) -> int:
        return 0


def test_serve_queues_again_a_photo_a_restarted_worker_left_being_checked(
    post, personas, monkeypatch, capsys
):
    # No commit callbacks run: the upload's task never reached a worker.
    made = services.photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    # The worker died a moment ago, mid-analysis: too recent for the five-minute rule.
    Photo.objects.filter(pk=made[0].pk).update(status="analysing", updated_at=timezone.now())
    assert services.photos_resume() == 0

    monkeypatch.setattr(serve, "Supervisor", StoppedAtOnce)
    monkeypatch.setattr(connections, "close_all", lambda: None)
    call_command("serve")

    assert "1 photo(s) queued again." in capsys.readouterr().out
    photo = Photo.objects.get(pk=made[0].pk)
    assert photo.status == "ready" and photo.attempts == 1
    assert Face.objects.filter(photo=photo).count() == len(FACE_SPOTS)


def test_a_photo_removed_while_queued_is_skipped_by_its_task(post, personas):
    made = services.photos_upload(post=post, files=[upload(group_photo())], actor=personas.teacher)
    services.photo_remove(photo=made[0], actor=personas.teacher)
    assert services.photo_analyse(made[0].pk) is None
