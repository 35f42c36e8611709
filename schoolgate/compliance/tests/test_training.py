"""Training: staff expiry, classes' termly sessions, parents' sessions, recording."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from schoolgate.compliance.dates import add_months, term_start
from schoolgate.compliance.models import TrainingSession
from schoolgate.compliance.selectors import (
    classes_overdue,
    parents_session_overdue,
    staff_training,
    training_lapsed,
)
from schoolgate.compliance.tests.factories import TrainingSessionFactory
from schoolgate.people.tests.factories import PupilFactory, SchoolFactory


def test_months_are_added_with_the_day_clamped():
    assert add_months(dt.date(2025, 1, 31), 1) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 24) == dt.date(2027, 11, 15)


def test_terms_start_in_september_january_and_april():
    assert term_start(dt.date(2025, 10, 3)) == dt.date(2025, 9, 1)
    assert term_start(dt.date(2026, 2, 3)) == dt.date(2026, 1, 1)
    assert term_start(dt.date(2026, 6, 3)) == dt.date(2026, 4, 1)


def test_staff_training_lapses_after_the_refresh_interval(personas):
    today = timezone.localdate()
    old = TrainingSessionFactory(school=personas.school, held_on=today - dt.timedelta(days=400))
    old.attendees.add(personas.teacher)
    assert training_lapsed(personas.teacher, personas.school) is True
    recent = TrainingSessionFactory(school=personas.school, held_on=today)
    recent.attendees.add(personas.teacher)
    assert training_lapsed(personas.teacher, personas.school) is False


def test_the_overdue_list_marks_staff_never_trained(personas):
    rows = {row.user.pk: row for row in staff_training(personas.school)}
    assert rows[personas.dsl.pk].overdue is True
    assert rows[personas.dsl.pk].last_trained is None


def test_a_termly_school_lists_classes_without_a_session_this_term(db):
    school = SchoolFactory(profile="stpeters")
    PupilFactory(school=school, class_name="4B")
    PupilFactory(school=school, class_name="5A")
    TrainingSessionFactory(
        school=school, audience="pupils", class_name="4B", held_on=timezone.localdate()
    )
    assert classes_overdue(school) == ["5A"]


def test_parents_sessions_are_overdue_only_where_the_policy_asks_for_them(db):
    stpeters, shire = SchoolFactory(profile="stpeters"), SchoolFactory(profile="shire")
    assert parents_session_overdue(stpeters) is True
    assert parents_session_overdue(shire) is False
    TrainingSessionFactory(school=stpeters, audience="parents", held_on=timezone.localdate())
    assert parents_session_overdue(stpeters) is False


def test_hr_records_a_staff_session_with_attendance(personas, sign_in):
    response = sign_in(personas.hr).post(
        reverse("compliance:training_new"),
        {
            "audience": "staff",
            "title": "Social media policy refresher",
            "held_on": timezone.localdate().isoformat(),
            "attendees": [personas.teacher.pk, personas.dsl.pk],
            "parents_attending": 0,
        },
    )
    assert response.status_code == 302
    session = TrainingSession.objects.get()
    assert set(session.attendees.all()) == {personas.teacher, personas.dsl}
    assert training_lapsed(personas.teacher, personas.school) is False


def test_a_pupils_session_needs_a_class(personas, sign_in):
    response = sign_in(personas.hr).post(
        reverse("compliance:training_new"),
        {
            "audience": "pupils",
            "title": "Online safety",
            "held_on": "2025-10-01",
            "parents_attending": 0,
        },
    )
    assert response.status_code == 200
    assert not TrainingSession.objects.exists()


def test_the_training_page_reads_in_few_queries(personas, sign_in, django_assert_max_num_queries):
    client = sign_in(personas.hr)
    for n in range(5):
        TrainingSessionFactory(school=personas.school, title=f"Session {n}").attendees.add(
            personas.teacher
        )
    client.get(reverse("compliance:training"))
    # 16: one is the user's schools, whose policies give the strictest
    # second factor and idle limit (security floors), read once a request.
    # 17: and one whether a teacher holds a blog account, as shire lets account
    # holders moderate (the menu asks whether to show the queue).
    with django_assert_max_num_queries(17):
        assert client.get(reverse("compliance:training")).status_code == 200


# ---------------------------------------------------------------------------
# Correcting and deleting sessions
# ---------------------------------------------------------------------------


def _staff_session(personas, **fields):  # type: ignore[no-untyped-def]
    session = TrainingSessionFactory(school=personas.school, recorded_by=personas.hr, **fields)
    return session


def test_a_session_is_corrected_and_the_change_is_audited(personas, sign_in):
    from schoolgate.audit.models import AuditEntry

    session = _staff_session(personas)
    session.attendees.set([personas.teacher])
    url = reverse("compliance:training_edit", kwargs={"pk": session.pk})
    client = sign_in(personas.hr)
    assert "Social media and you" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "audience": "staff",
            "title": "Social media and safeguarding",
            "held_on": session.held_on.isoformat(),
            "attendees": [personas.teacher.pk, personas.office.pk],
            "parents_attending": 0,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.title == "Social media and safeguarding"
    assert set(session.attendees.all()) == {personas.teacher, personas.office}
    entry = AuditEntry.objects.get(event="compliance.training_updated")
    assert entry.extra["changed"] == ["title"] and entry.extra["added"] == [personas.office.pk]


def test_a_session_with_attendance_is_not_deleted_one_without_is(personas, sign_in):
    from schoolgate.audit.models import AuditEntry

    attended, empty = _staff_session(personas), _staff_session(personas, title="Booked wrongly")
    attended.attendees.set([personas.teacher])
    client = sign_in(personas.hr)
    client.post(reverse("compliance:training_delete", kwargs={"pk": attended.pk}))
    assert TrainingSession.objects.filter(pk=attended.pk).exists()
    page = client.get(reverse("compliance:training_edit", kwargs={"pk": attended.pk}))
    assert "attendance recorded" in page.content.decode()
    client.post(reverse("compliance:training_delete", kwargs={"pk": empty.pk}))
    assert not TrainingSession.objects.filter(pk=empty.pk).exists()
    entry = AuditEntry.objects.get(event="compliance.training_deleted")
    assert entry.subject_label == "Booked wrongly"


def test_another_schools_session_is_not_found(personas, sign_in):
    session = TrainingSessionFactory(school=personas.other_school)
    url = reverse("compliance:training_edit", kwargs={"pk": session.pk})
    assert sign_in(personas.hr).get(url).status_code == 404


def test_sessions_are_searched_and_exported_with_who_attended(personas, sign_in):
    import csv
    import io

    safety = _staff_session(personas, title="Online safety refresher")
    safety.attendees.set([personas.teacher])
    _staff_session(personas, title="Fire drill")
    client = sign_in(personas.hr)
    page = client.get(reverse("compliance:training"), {"q": "safety"}).content.decode()
    assert "Online safety refresher" in page and "Fire drill" not in page
    response = client.get(reverse("compliance:training_csv"), {"q": "safety"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["Online safety refresher"]
    assert rows[1][4] == personas.teacher.get_full_name()
