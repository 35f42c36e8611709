"""The demo trust's channels and news."""

from schoolgate.audit.models import AuditEntry
from schoolgate.demo.load import demo_load
from schoolgate.people.models import School
from schoolgate.publishing.models import Channel, LocalDelivery, Post


def test_every_demo_school_has_its_blog_and_news_and_the_social_posts_go_out(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demo_load()
    schools = School.objects.all()
    for school in schools:
        assert Channel.objects.filter(school=school, kind="blog").exists()
        for channel in Channel.objects.filter(school=school):
            # "School blog: Puddlecombe Primary School", the kind said once.
            assert str(channel) == f"{channel.get_kind_display()}: {school.name}"
        assert Post.objects.filter(school=school, status="published").count() >= 3
    assert LocalDelivery.objects.exists()
    # Where only the head publishes (brize), the teacher's post waits for approval.
    brize = schools.get(profile="brize")
    assert Post.objects.filter(school=brize, status="submitted").count() == 1
    assert AuditEntry.objects.filter(event__startswith="publishing.post").count() == 0
