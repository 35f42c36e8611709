"""The shell: each person lands on their own page; parents see only their children."""

from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory


def test_a_parent_lands_on_their_family_page(personas, sign_in):
    response = sign_in(personas.parent).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/family/"
    assert response.status_code == 200


def test_staff_land_on_the_dashboard(personas, sign_in):
    response = sign_in(personas.teacher).get("/", follow=True)
    assert response.redirect_chain[-1][0] == "/dashboard/"
    assert "Larkspur Primary" in response.content.decode()


def test_a_parent_sees_their_own_children_and_nobody_elses(personas, sign_in):
    mine = ParentFactory(school=personas.school, user=personas.parent)
    ParentLinkFactory(parent=mine, pupil=PupilFactory(school=personas.school, first_name="Tilly"))
    ParentLinkFactory(pupil=PupilFactory(school=personas.school, first_name="Barnaby"))
    page = sign_in(personas.parent).get("/family/").content.decode()
    assert "Tilly" in page
    assert "Barnaby" not in page


def test_the_family_page_leads_to_the_childrens_photos_and_consent(personas, sign_in):
    mine = ParentFactory(school=personas.school, user=personas.parent)
    ParentLinkFactory(parent=mine, pupil=PupilFactory(school=personas.school, first_name="Tilly"))
    page = sign_in(personas.parent).get("/family/").content.decode()
    assert '<a href="/publishing/my-children/">Your children\'s photos</a>' in page


def test_a_parent_with_no_linked_children_is_told_who_to_ask(personas, sign_in):
    page = sign_in(personas.parent).get("/family/").content.decode()
    assert "No children are linked to your account yet" in page


# Routine jobs ----------------------------------------------------------------

JOBS_PANEL = "Routine jobs need attention"


def test_ict_is_told_when_the_routine_jobs_have_never_run(personas, sign_in):
    page = sign_in(personas.ict).get("/dashboard/").content.decode()
    assert JOBS_PANEL in page
    assert "<code>compliance_reminders</code>" in page and "has never run" in page


def test_once_every_job_has_run_the_dashboard_says_nothing_of_them(
    personas, sign_in, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("schedule", "--once")
    assert JOBS_PANEL not in sign_in(personas.head).get("/dashboard/").content.decode()


def test_a_failed_job_is_shown_with_its_error_to_the_head(personas, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    from schoolgate.core import schedule
    from schoolgate.core.models import JobRun

    now = timezone.now()
    for job in schedule.timetable():
        JobRun.objects.create(command=job.command, started_at=now, finished_at=now, ok=True)
    later = now + timedelta(minutes=10)  # the next turn, which failed
    JobRun.objects.create(
        command="fetch_comments",
        started_at=later,
        finished_at=later,
        ok=False,
        output="Not fetched: Facebook answered 500",
    )
    page = sign_in(personas.ict).get("/dashboard/").content.decode()
    assert JOBS_PANEL in page
    assert "Facebook answered 500" in page and "It is tried again at its next time" in page
    assert "<code>lapse_drafts</code>" not in page  # the jobs that ran well are not listed


def _failed_fetch_after_a_good_run():  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from django.utils import timezone

    from schoolgate.core import schedule
    from schoolgate.core.models import JobRun

    now = timezone.now() - timedelta(hours=2)
    later = now + timedelta(minutes=10)
    for job in schedule.timetable():
        # The frequent sweeps ran since, on time; only fetching comments failed.
        when = later if job.every_minutes and job.command != "fetch_comments" else now
        JobRun.objects.create(command=job.command, started_at=when, finished_at=when, ok=True)
    JobRun.objects.create(
        command="fetch_comments", started_at=later, finished_at=later, ok=False, output="boom"
    )
    return timezone.localtime(later)


def test_the_head_is_told_in_one_plain_sentence_to_tell_ict_without_commands(personas, sign_in):
    failed_at = _failed_fetch_after_a_good_run()
    page = sign_in(personas.head).get("/dashboard/").content.decode()
    assert JOBS_PANEL in page
    assert f"have not all run as they should since {failed_at:%-d %b %Y %H:%M}" in page
    assert "please tell your ICT support" in page
    assert "<code>" not in page and "schoolgate schedule" not in page and "boom" not in page


def test_the_head_is_told_when_the_routine_jobs_have_never_run(personas, sign_in):
    page = sign_in(personas.head).get("/dashboard/").content.decode()
    assert "have not all run yet: please tell your ICT support" in page
    assert "<code>compliance_reminders</code>" not in page


def test_a_daily_job_that_stopped_running_is_shown_as_late(personas, sign_in):
    from datetime import timedelta

    from django.utils import timezone

    from schoolgate.core import schedule
    from schoolgate.core.models import JobRun

    now = timezone.now()
    for job in schedule.timetable():
        when = now - timedelta(days=3) if job.command == "compliance_reminders" else now
        JobRun.objects.create(command=job.command, started_at=when, finished_at=when, ok=True)
    page = sign_in(personas.ict).get("/dashboard/").content.decode()
    assert "<code>compliance_reminders</code>" in page and "3\xa0days ago" in page
    assert "still running?" in page


def test_a_teacher_is_not_shown_the_routine_jobs(personas, sign_in):
    assert JOBS_PANEL not in sign_in(personas.teacher).get("/dashboard/").content.decode()


def test_every_page_names_the_schoolgate_icon_so_browsers_ask_for_no_missing_favicon(
    personas, sign_in
):
    from django.contrib.staticfiles import finders

    page = sign_in(personas.teacher).get("/dashboard/").content.decode()
    assert 'rel="icon" href="/static/schoolgate/favicon.svg"' in page
    assert finders.find("schoolgate/favicon.svg")


# Query budget -----------------------------------------------------------------


def _fill_dashboards(personas, n):  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    from schoolgate.consent.models import Answer
    from schoolgate.consent.tests.factories import PhotoConsentFactory
    from schoolgate.publishing.models import Post
    from schoolgate.publishing.services import post_create
    from schoolgate.safeguarding.services import task_add
    from schoolgate.safeguarding.tests.factories import make_record

    record = make_record(personas.school, personas.teacher)
    for i in range(n):
        post = post_create(
            school=personas.school, title=f"Post {i}", body="Our harvest festival.",
            channels=[], actor=personas.teacher,
        )  # fmt: skip
        if i % 2:
            Post.objects.filter(pk=post.pk).update(status=Post.Status.SUBMITTED)
        PhotoConsentFactory(pupil__school=personas.school, answer=Answer.WITHDRAWN)
        due = timezone.localdate() + dt.timedelta(days=i % 8)
        task_add(
            record=record,
            title="Call home",
            due_on=due,
            assignee=personas.head,
            actor=personas.dsl,
        )


def _queries(client):  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/dashboard/")  # warm the caches a first page fills
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/dashboard/").status_code == 200
    return len(queries)


def test_the_dashboard_takes_as_many_queries_however_much_is_waiting(personas, sign_in):
    _fill_dashboards(personas, 2)
    few = {p: _queries(sign_in(getattr(personas, p))) for p in ("head", "teacher", "office")}
    _fill_dashboards(personas, 12)
    many = {p: _queries(sign_in(getattr(personas, p))) for p in ("head", "teacher", "office")}
    assert many == few, (few, many)
    assert max(many.values()) <= 40


# The school switcher -------------------------------------------------------


def test_a_trust_leader_switches_between_the_trust_s_schools_only(personas, sign_in):
    from schoolgate.people.tests.factories import SchoolFactory

    third = SchoolFactory(trust=personas.school.trust, name="Aldermoor Primary")
    client = sign_in(personas.ceo)
    page = client.get("/dashboard/")
    assert [s.name for s in page.wsgi_request.schools] == ["Aldermoor Primary", "Larkspur Primary"]
    assert page.wsgi_request.school == third  # the first, by name
    assert f'<option value="{personas.school.pk}">Larkspur Primary</option>' in page.text
    client.post("/switch-school/", {"school": personas.school.pk})
    assert client.get("/dashboard/").wsgi_request.school == personas.school
    client.post("/switch-school/", {"school": personas.other_school.pk})  # another trust's
    chosen = client.get("/dashboard/").wsgi_request.school
    assert chosen == personas.school
    assert chosen.trust.name == personas.school.trust.name
