"""The people pages: lists, exports, the import upload and its progress."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.people.models import ImportJob, Pupil
from schoolgate.people.services import people_import
from schoolgate.people.tests.factories import (
    ImportJobFactory,
    ParentLinkFactory,
    PupilFactory,
    RoleFactory,
    StaffFactory,
)

PUPILS = (
    "MIS ID,First name,Surname,Date of birth,Class\n"
    "P001,Amara,Bramblecott,2016-03-14,4B\n"
    "P002,Oliver,Thistlewood,02/11/2015,5A\n"
    "P003,Priya,,2015-01-01,5A\n"
)


def upload(client, text, *, kind="pupils", dry_run=False, name="pupils.csv"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, text.encode(), "text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("people:import"), data)


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------
# Upload and progress
# ---------------------------------------------------------------------------


def test_an_upload_runs_the_job_and_shows_its_summary(
    personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.office)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, PUPILS)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("people:import_job", args=[job.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Finished" in page
    assert '<progress id="import-bar" max="3" value="3">' in page
    assert "<td>4</td><td>Priya</td><td>P003</td><td>Surname: This field is required.</td>" in page
    assert set(Pupil.objects.values_list("mis_id", flat=True)) == {"P001", "P002"}
    assert job.created_by == personas.office


def test_a_dry_run_upload_changes_nothing_and_says_so(
    personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.head)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, PUPILS, dry_run=True)

    page = client.get(response["Location"]).content.decode()
    assert "nothing was changed" in page
    assert "Would be added" in page
    assert not Pupil.objects.exists()


def test_a_running_job_polls_for_progress(personas, sign_in):
    job = ImportJobFactory(
        school=personas.school, status=ImportJob.Status.RUNNING, total=400, processed=100
    )

    page = sign_in(personas.head).get(reverse("people:import_job", args=[job.pk])).content.decode()

    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="import-bar" max="400" value="100">25%</progress>' in page


def test_the_poll_answers_with_the_fragment_and_stops_once_finished(personas, sign_in):
    job = ImportJobFactory(school=personas.school, status=ImportJob.Status.DONE, total=1)
    url = reverse("people:import_job", args=[job.pk])

    page = sign_in(personas.head).get(url, headers={"HX-Request": "true"}).content.decode()

    assert page.startswith('<section id="import-progress"')
    assert "hx-trigger" not in page
    assert "Every row went in." in page


def test_a_refused_file_shows_the_reason(personas, sign_in):
    job = ImportJobFactory(
        school=personas.school, status=ImportJob.Status.REFUSED, refused_reason="No header."
    )

    page = sign_in(personas.head).get(reverse("people:import_job", args=[job.pk]))

    assert "No header." in page.content.decode()


def test_refused_rows_download_as_csv(personas, sign_in):
    errors = [
        {"line": 4, "name": "Zara", "mis_id": "P003", "reason": "Surname: This field is required."}
    ]
    job = ImportJobFactory(school=personas.school, status="done", errors=errors)

    response = sign_in(personas.head).get(
        reverse("people:import_job", args=[job.pk]), {"format": "csv"}
    )

    assert response["Content-Type"].startswith("text/csv")
    assert csv_rows(response) == [
        ["Line", "Name", "MIS ID", "Reason"],
        ["4", "Zara", "P003", "Surname: This field is required."],
    ]


def test_a_refused_row_shows_the_name_and_mis_id(personas, sign_in):
    errors = [
        {
            "line": 3,
            "name": "Jacob Tumbleton",
            "mis_id": "4077",
            "reason": "Date of birth: 31/02/2016 is an impossible date: there is no such day.",
        }
    ]
    job = ImportJobFactory(school=personas.school, status="done", total=2, errors=errors)

    page = sign_in(personas.head).get(reverse("people:import_job", args=[job.pk])).content.decode()

    assert "<td>Jacob Tumbleton</td><td>4077</td>" in page
    assert "impossible date" in page


def test_a_dry_run_never_says_every_row_went_in(personas, sign_in):
    job = ImportJobFactory(school=personas.school, status="done", total=2, dry_run=True)

    page = sign_in(personas.head).get(reverse("people:import_job", args=[job.pk])).content.decode()

    assert "Every row went in" not in page
    assert "Every row would go in; nothing has been imported yet." in page


def test_the_import_page_offers_a_sample_file_of_each_kind(personas, sign_in, client):
    page = sign_in(personas.head).get(reverse("people:import")).content.decode()

    for kind in ("pupils", "parents", "staff"):
        assert f"people/sample-{kind}.csv" in page


def test_a_workbook_is_refused_at_upload(personas, sign_in):
    client = sign_in(personas.head)
    data = {"kind": "pupils", "file": SimpleUploadedFile("pupils.xlsx", b"PK\x03\x04xlsx")}

    response = client.post(reverse("people:import"), data)

    assert response.status_code == 200
    assert "save it as CSV first" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_hr_may_import_staff_only(personas, sign_in):
    client = sign_in(personas.hr)

    response = upload(client, PUPILS)

    assert "Select a valid choice" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_hr_sees_staff_imports_but_not_pupil_imports(personas, sign_in):
    staff_job = ImportJobFactory(school=personas.school, kind="staff")
    pupil_job = ImportJobFactory(school=personas.school, kind="pupils")
    client = sign_in(personas.hr)

    assert client.get(reverse("people:import_job", args=[staff_job.pk])).status_code == 200
    assert client.get(reverse("people:import_job", args=[pupil_job.pk])).status_code == 404
    listed = client.get(reverse("people:import")).context["jobs"]
    assert listed == [staff_job]


def test_a_job_of_another_school_is_not_found(personas, sign_in):
    job = ImportJobFactory(school=personas.other_school)

    response = sign_in(personas.head).get(reverse("people:import_job", args=[job.pk]))

    assert response.status_code == 404


# ---------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------


def test_the_pupil_list_shows_current_pupils_by_default(personas, sign_in):
    PupilFactory(school=personas.school, first_name="Amara", status="current")
    PupilFactory(school=personas.school, first_name="Zebedee", status="former")
    PupilFactory(school=personas.other_school, first_name="Outsideria")

    page = sign_in(personas.teacher).get(reverse("people:pupils")).content.decode()

    assert "Amara" in page
    assert "Zebedee" not in page
    assert "Outsideria" not in page


def test_the_pupil_list_searches_and_filters_by_class_and_status(personas, sign_in):
    PupilFactory(
        school=personas.school, first_name="Amara", surname="Bramblecott", class_name="4B"
    )
    PupilFactory(school=personas.school, first_name="Amara", surname="Marchbank", class_name="5A")
    PupilFactory(school=personas.school, first_name="Finn", status="former", class_name="4B")
    client = sign_in(personas.teacher)

    def names(**query):
        response = client.get(reverse("people:pupils"), query)
        return [(p.first_name, p.surname) for p in response.context["object_list"]]

    assert names(q="amara bramble") == [("Amara", "Bramblecott")]
    assert names(class_name="5A") == [("Amara", "Marchbank")]
    assert [n for n, _ in names(status="former")] == ["Finn"]
    assert len(names(status="")) == 3


def test_the_pupil_list_has_fifty_to_a_page(personas, sign_in):
    PupilFactory.create_batch(51, school=personas.school)
    client = sign_in(personas.teacher)

    first = client.get(reverse("people:pupils"))
    second = client.get(reverse("people:pupils"), {"page": 2})

    assert len(first.context["object_list"]) == 50
    assert len(second.context["object_list"]) == 1
    assert "Page 1 of 2" in first.content.decode()


def test_an_empty_list_points_the_office_to_the_import(personas, sign_in):
    page = sign_in(personas.office).get(reverse("people:pupils")).content.decode()

    assert "There are no pupils" in page
    assert reverse("people:import") in page


def test_an_empty_list_tells_a_teacher_who_imports(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("people:pupils")).content.decode()

    assert "The school office imports them" in page
    assert 'href="/people/import/"' not in page


def test_the_parent_list_shows_each_parents_children(personas, sign_in):
    link = ParentLinkFactory(
        parent__school=personas.school,
        parent__first_name="Robin",
        pupil__school=personas.school,
        pupil__first_name="Amara",
        pupil__surname="Bramblecott",
        relationship="Carer",
    )

    page = sign_in(personas.dsl).get(reverse("people:parents")).content.decode()

    assert "Robin" in page
    assert "Amara Bramblecott (Carer)" in page
    assert link.parent.email in page


def test_the_staff_list_shows_the_roles_held_here(personas, sign_in):
    StaffFactory(school=personas.school, user=personas.dsl, formal_name="Mrs Hollowell")

    page = sign_in(personas.teacher).get(reverse("people:staff")).content.decode()

    assert "Mrs Hollowell" in page
    assert "Designated safeguarding lead" in page


def _staff_with_a_role(school):
    StaffFactory(school=school, user=RoleFactory(school=school).user)


# Counts include the sign-off middleware's one query (the school's current
# policy version and the user's answer to it) and one read of the school's
# policy for the navigation entries whose roles the policy names.
@pytest.mark.parametrize(
    ("url_name", "make", "queries"),
    [
        ("people:pupils", lambda school: PupilFactory(school=school), 13),
        (
            "people:parents",
            lambda school: ParentLinkFactory(parent__school=school, pupil__school=school),
            15,
        ),
        ("people:staff", _staff_with_a_role, 14),
    ],
)
def test_list_pages_use_a_fixed_number_of_queries(
    personas, sign_in, django_assert_max_num_queries, url_name, make, queries
):
    for _ in range(30):
        make(personas.school)
    client = sign_in(personas.head)

    with django_assert_max_num_queries(queries):
        response = client.get(reverse(url_name))

    assert len(response.context["object_list"]) == 30


# ---------------------------------------------------------------------------
# Exports
# ---------------------------------------------------------------------------


def test_the_pupil_export_imports_back_unchanged(personas, sign_in):
    PupilFactory(school=personas.school, preferred_name="Olly", left_on="2024-07-19")
    PupilFactory(school=personas.school, status="former")

    response = sign_in(personas.office).get(reverse("people:pupils_export"), {"status": ""})
    text = response.content.decode("utf-8-sig")
    report = people_import(school=personas.school, kind="pupils", text=text)

    assert (report.unchanged, report.errors) == (2, [])


def test_the_export_follows_the_list_filters(personas, sign_in):
    PupilFactory(school=personas.school, first_name="Amara", class_name="4B")
    PupilFactory(school=personas.school, first_name="Finn", class_name="5A")

    response = sign_in(personas.office).get(reverse("people:pupils_export"), {"class_name": "5A"})

    assert [row[1] for row in csv_rows(response)] == ["First name", "Finn"]


def test_the_export_defuses_cells_that_excel_would_run(personas, sign_in):
    PupilFactory(school=personas.school, first_name="=HYPERLINK(1)")

    response = sign_in(personas.office).get(reverse("people:pupils_export"))

    assert csv_rows(response)[1][1] == "'=HYPERLINK(1)"


def test_an_export_is_audited(personas, sign_in):
    PupilFactory(school=personas.school)

    sign_in(personas.office).get(reverse("people:pupils_export"))

    entry = AuditEntry.objects.get(event="people.exported")
    assert (entry.actor, entry.extra["rows"]) == (personas.office, 1)


def test_the_parent_and_staff_exports_list_links_and_roles(personas, sign_in):
    ParentLinkFactory(
        parent__school=personas.school,
        parent__mis_id="C1",
        pupil__school=personas.school,
        pupil__mis_id="P1",
    )
    StaffFactory(school=personas.school, mis_id="S1", user=personas.dsl)
    client = sign_in(personas.head)

    parents = csv_rows(client.get(reverse("people:parents_export")))
    staff = csv_rows(client.get(reverse("people:staff_export")))

    assert parents[1][0] == "C1" and parents[1][6:] == ["P1", "Mother"]
    assert staff[1][0] == "S1" and staff[1][-1] == "dsl"


def test_the_navigation_offers_pupils_but_not_parents_to_a_teacher(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("web:dashboard")).content.decode()

    assert f'href="{reverse("people:pupils")}"' in page
    assert f'href="{reverse("people:parents")}"' not in page
    assert f'href="{reverse("people:import")}"' not in page
