"""The safeguarding demo: a chronology, a link, an overdue task, a leaver."""

from schoolgate.people.tests.factories import PupilFactory, RoleFactory, SchoolFactory
from schoolgate.safeguarding.demo import demo_safeguarding_load
from schoolgate.safeguarding.models import Link, Record, Task


def test_the_demo_gives_the_dsl_a_chronology_an_overdue_task_and_a_leaver(db):
    school = SchoolFactory(profile="shire")
    for role in ("teacher", "dsl"):
        RoleFactory(school=school, role=role)
    PupilFactory.create_batch(2, school=school)
    assert demo_safeguarding_load(trust=school.trust) == 3
    assert Record.objects.filter(school=school).count() == 3
    assert Link.objects.count() == 1
    assert Task.objects.get().done_at is None
    assert school.pupils.filter(left_on__isnull=False).count() == 1
