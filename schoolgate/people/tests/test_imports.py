"""Importing pupils, parents and staff from MIS CSV files (imports + services)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save

from schoolgate.audit.models import AuditEntry
from schoolgate.people import services
from schoolgate.people.imports import ImportRefused, decode
from schoolgate.people.models import ImportJob, Parent, ParentLink, Pupil, RoleAssignment
from schoolgate.people.models import StaffMember as Staff
from schoolgate.people.services import import_job_run, people_import
from schoolgate.people.tests.factories import (
    ImportJobFactory,
    ParentLinkFactory,
    PupilFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUPILS = """\
MIS ID,First name,Surname,Preferred name,Date of birth,Year group,Class,Status,Leaving date
P001,Amara,Bramblecott,,2016-03-14,Year 4,4B,current,
P002,Oliver,Thistlewood,Olly,02/11/2015,Year 5,5A,,
"""


def run(school, kind, text, **kwargs):
    return people_import(school=school, kind=kind, text=text, **kwargs)


@pytest.fixture
def school():
    return SchoolFactory()


# ---------------------------------------------------------------------------
# Pupils
# ---------------------------------------------------------------------------


def test_it_imports_pupils_with_iso_and_uk_dates(school):
    report = run(school, "pupils", PUPILS)

    assert (report.created, report.errors) == (2, [])
    amara, oliver = Pupil.objects.filter(school=school).order_by("mis_id")
    assert amara.date_of_birth == dt.date(2016, 3, 14)
    assert oliver.date_of_birth == dt.date(2015, 11, 2)
    assert (oliver.preferred_name, oliver.class_name, oliver.status) == ("Olly", "5A", "current")


def test_malformed_rows_are_reported_by_line_while_the_rest_import(school):
    text = (
        "MIS ID,First name,Surname,Date of birth\n"
        "P001,Amara,Bramblecott,2016-03-14\n"
        "\n"
        "P002,Oliver,,2015-11-02\n"
        "P003,Priya,Marchbank,31/31/2015\n"
        "P004,Finn,Quillfeather,2014-01-09\n"
    )

    report = run(school, "pupils", text)

    assert report.created == 2
    assert [e["line"] for e in report.errors] == [4, 5]
    assert "Surname" in report.errors[0]["reason"]
    assert "Date of birth" in report.errors[1]["reason"]
    assert set(Pupil.objects.values_list("mis_id", flat=True)) == {"P001", "P004"}


def test_a_quoted_field_spanning_lines_keeps_later_line_numbers_right(school):
    text = (
        "MIS ID,First name,Surname,Date of birth\n"
        'P001,"Amara\nJane",Bramblecott,2016-03-14\n'
        "P002,Oliver,Thistlewood,not a date\n"
    )

    report = run(school, "pupils", text)

    assert [e["line"] for e in report.errors] == [4]


def test_reimporting_the_same_file_changes_nothing(school):
    run(school, "pupils", PUPILS)
    stamps = list(Pupil.objects.order_by("mis_id").values_list("updated_at", flat=True))
    entries = AuditEntry.objects.count()

    report = run(school, "pupils", PUPILS)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert list(Pupil.objects.order_by("mis_id").values_list("updated_at", flat=True)) == stamps
    assert AuditEntry.objects.count() == entries + 1  # the summary only


def test_a_changed_row_is_updated_and_audited_by_field_name(school):
    run(school, "pupils", PUPILS)

    report = run(school, "pupils", PUPILS.replace("Year 4,4B", "Year 5,5B"))

    assert (report.updated, report.unchanged) == (1, 1)
    assert Pupil.objects.get(mis_id="P001").class_name == "5B"
    entry = AuditEntry.objects.filter(event="people.pupil_updated").get()
    assert entry.extra == {"mis_id": "P001", "changed": ["year_group", "class_name"]}


def test_a_column_missing_from_the_file_leaves_that_field_alone(school):
    PupilFactory(
        school=school,
        mis_id="P001",
        first_name="Amy",  # not the factory's next name: the file changes it
        surname="Bramble",
        preferred_name="Mara",
        date_of_birth="2016-03-14",
    )

    report = run(
        school, "pupils", "MIS ID,First name,Surname,DOB\nP001,Amara,Bramblecott,2016-03-14"
    )

    assert Pupil.objects.get(mis_id="P001").preferred_name == "Mara"
    assert report.updated == 1  # the names changed, not the preferred name


def test_dry_run_reports_what_would_happen_and_changes_nothing(school):
    PupilFactory(school=school, mis_id="P002", first_name="Ollie", date_of_birth="2015-11-02")
    entries = AuditEntry.objects.count()

    report = run(school, "pupils", PUPILS + "P003,Zara,,,2016-01-01,,,,\n", dry_run=True)

    assert (report.created, report.updated, len(report.errors)) == (1, 1, 1)
    assert list(Pupil.objects.values_list("mis_id", "first_name")) == [("P002", "Ollie")]
    assert AuditEntry.objects.count() == entries


def test_a_former_pupil_is_imported_as_former(school):
    text = (
        "MIS ID,First name,Surname,Date of birth,Status,Leaving date\n"
        "P010,Zara,Marchbank,2010-05-01,Former,19/07/2022\n"
        "P011,Finn,Marchbank,2010-05-01,,2021-07-20\n"
        "P012,Jack,Marchbank,2010-05-01,Left,\n"
    )

    run(school, "pupils", text)

    former = Pupil.objects.get(mis_id="P010")
    assert (former.status, former.left_on) == ("former", dt.date(2022, 7, 19))
    assert Pupil.objects.get(mis_id="P011").status == "former"
    assert Pupil.objects.get(mis_id="P012").status == "former"


def test_a_pupil_who_left_after_being_imported_becomes_former(school):
    run(school, "pupils", PUPILS)

    run(school, "pupils", PUPILS.replace("4B,current,", "4B,,2024-07-19"))

    assert Pupil.objects.get(mis_id="P001").status == "former"


def test_a_pupil_who_leaves_in_an_import_is_announced_as_saved(school):
    """Publishing takes a leaver's posts down on the pupil's post_save."""
    run(school, "pupils", PUPILS)
    saved = []

    def receiver(sender, instance, **kwargs):
        saved.append((instance.mis_id, instance.status))

    post_save.connect(receiver, sender=Pupil)
    try:
        run(school, "pupils", PUPILS.replace("4B,current,", "4B,former,2024-07-19"))
    finally:
        post_save.disconnect(receiver, sender=Pupil)

    assert saved == [("P001", "former")]


def test_an_unknown_status_is_refused(school):
    report = run(school, "pupils", PUPILS.replace("4B,current", "4B,expelled"))

    assert report.errors == [
        {
            "line": 2,
            "name": "Amara Bramblecott",
            "mis_id": "P001",
            "reason": "Status: use current or former.",
        }
    ]


def test_a_leaving_date_before_birth_is_refused(school):
    report = run(school, "pupils", PUPILS.replace("4B,current,", "4B,former,2010-01-01"))

    assert "before the date of birth" in report.errors[0]["reason"]


def test_a_mis_id_twice_in_one_file_is_refused_on_its_second_line(school):
    report = run(school, "pupils", PUPILS + "P001,Amara,Bramblecott,,2016-03-14,,,,\n")

    assert [(e["line"], e["reason"]) for e in report.errors] == [
        (4, "MIS ID P001 is already on line 2.")
    ]


def test_the_same_mis_id_at_another_school_is_another_pupil(school):
    other = SchoolFactory()
    run(other, "pupils", PUPILS)

    report = run(school, "pupils", PUPILS)

    assert report.created == 2
    assert Pupil.objects.count() == 4


# ---------------------------------------------------------------------------
# Reading files as MIS exports and Excel write them
# ---------------------------------------------------------------------------


def test_sims_headers_with_a_bom_semicolons_and_a_title_line_are_recognised(school):
    text = (
        "\ufeffStudent List - Summer term\n"
        "Adno;Forename;Legal Surname;DOB;Reg Group;NC Year\n"
        "001234;Amara;Bramblecott;14/03/2016;4B;4\n"
    )

    report = run(school, "pupils", text)

    pupil = Pupil.objects.get()
    assert report.created == 1
    assert (pupil.mis_id, pupil.class_name, pupil.year_group) == ("001234", "4B", "4")


def test_excel_sep_line_quoted_leading_zeros_and_padding_are_handled(school):
    text = (
        "sep=,\r\n"
        "MIS ID , FIRST NAME,surname,Date of Birth,,\r\n"
        '="00123", Amara ,Bramblecott,2016-03-14,,\r\n'
        ",,,,,\r\n"
    )

    report = run(school, "pupils", text)

    assert (report.total, report.created) == (1, 1)
    assert Pupil.objects.get().mis_id == "00123"
    assert Pupil.objects.get().first_name == "Amara"


def test_a_windows_1252_file_is_read():
    assert decode("P1,Zoë,Brontë\n".encode("cp1252")) == "P1,Zoë,Brontë\n"


def test_a_utf8_file_with_a_bom_is_read():
    assert decode("\ufeffMIS ID".encode()) == "MIS ID"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"PK\x03\x04\x14\x00rest-of-a-zip", "Excel workbook"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a CSV file"),
    ],
)
def test_a_binary_file_is_refused_as_not_csv(raw, reason):
    with pytest.raises(ImportRefused, match=reason):
        decode(raw)


def test_a_file_with_no_recognisable_header_is_refused(school):
    with pytest.raises(ImportRefused, match="No recognisable header"):
        run(school, "pupils", "Amara,Bramblecott,2016-03-14\nOliver,Thistlewood,2015-11-02\n")
    assert not Pupil.objects.exists()


def test_a_header_missing_a_required_column_names_it(school):
    with pytest.raises(ImportRefused, match="no column for: Date of birth"):
        run(school, "pupils", "MIS ID,First name,Surname\nP1,Amara,Bramblecott\n")


def test_an_empty_file_is_refused(school):
    with pytest.raises(ImportRefused, match="empty"):
        run(school, "pupils", "\n\n")


# ---------------------------------------------------------------------------
# Parents
# ---------------------------------------------------------------------------


PARENTS = """\
MIS ID,Title,First name,Surname,Email,Phone,Pupils,Relationship
C001,Ms,Robin,Bramblecott,robin@example.test,01632 960001,P001;P002,Mother
C002,Mr,Ash,Thistlewood,,,P002,Father
"""


def test_parents_are_linked_to_their_children_with_the_relationship(school):
    run(school, "pupils", PUPILS)

    report = run(school, "parents", PARENTS)

    assert (report.created, report.errors) == (2, [])
    robin = Parent.objects.get(mis_id="C001")
    assert sorted(robin.children.values_list("mis_id", flat=True)) == ["P001", "P002"]
    assert set(ParentLink.objects.filter(parent=robin).values_list("relationship", flat=True)) == {
        "Mother"
    }


def test_a_parent_of_an_unknown_pupil_is_refused_and_others_go_in(school):
    run(school, "pupils", PUPILS)

    report = run(school, "parents", PARENTS.replace("P001;P002", "P001;P999"))

    assert report.created == 1
    assert [(e["line"], e["reason"]) for e in report.errors] == [
        (2, "No pupil with MIS ID P999 at this school (import pupils first).")
    ]


def test_reimporting_parents_is_idempotent_and_follows_changed_links(school):
    run(school, "pupils", PUPILS)
    run(school, "parents", PARENTS)
    assert run(school, "parents", PARENTS).unchanged == 2

    report = run(school, "parents", PARENTS.replace("P001;P002", "P002"))

    robin = Parent.objects.get(mis_id="C001")
    assert (report.updated, report.unchanged) == (1, 1)
    assert list(robin.children.values_list("mis_id", flat=True)) == ["P002"]
    entry = AuditEntry.objects.filter(event="people.parent_updated").get()
    assert entry.extra["changed"] == ["children"]


def test_a_parent_row_without_pupils_is_refused(school):
    report = run(school, "parents", PARENTS.replace("P002,Father", ",Father"))

    assert report.errors[-1]["line"] == 3
    assert "Pupils" in report.errors[-1]["reason"]


def test_a_relationship_column_left_out_keeps_the_relationships(school):
    parent = ParentLinkFactory(
        parent__school=school, parent__mis_id="C001", pupil__school=school, pupil__mis_id="P001"
    ).parent
    text = (
        "MIS ID,First name,Surname,Email,Pupils\n"
        f"C001,{parent.first_name},{parent.surname},{parent.email},P001\n"
    )

    report = run(school, "parents", text)

    assert report.unchanged == 1
    assert ParentLink.objects.get().relationship == "Mother"


# ---------------------------------------------------------------------------
# Staff
# ---------------------------------------------------------------------------


STAFF = """\
MIS ID,Title,First name,Surname,Formal name,School email,Staff kind,Job title,Roles
S001,Mrs,Jane,Hollowell,,J.Hollowell@Larkspur.example.test,Teaching,Class teacher,teacher;dsl
S002,Mr,Tom,Pendry,Mr T Pendry,t.pendry@larkspur.example.test,support,Site manager,
"""


def test_staff_import_grants_roles_and_makes_a_login_without_a_password(school):
    report = run(school, "staff", STAFF)

    assert (report.created, report.errors) == (2, [])
    jane = Staff.objects.get(mis_id="S001")
    assert jane.user.email == "j.hollowell@larkspur.example.test"
    assert jane.user.has_usable_password() is False
    roles = RoleAssignment.objects.filter(user=jane.user, school=school)
    assert sorted(roles.values_list("role", flat=True)) == ["dsl", "teacher"]
    assert AuditEntry.objects.filter(event="people.role_granted").count() == 2


def test_formal_name_defaults_to_title_and_surname(school):
    run(school, "staff", STAFF)

    assert Staff.objects.get(mis_id="S001").formal_name == "Mrs Hollowell"
    assert Staff.objects.get(mis_id="S002").formal_name == "Mr T Pendry"


def test_reimporting_staff_grants_nothing_twice(school):
    run(school, "staff", STAFF)

    report = run(school, "staff", STAFF)

    assert report.unchanged == 2
    assert RoleAssignment.objects.count() == 2


def test_an_existing_login_is_linked_by_email_whatever_its_case(school):
    user = UserFactory(email="j.hollowell@larkspur.example.test")

    run(school, "staff", STAFF)

    assert Staff.objects.get(mis_id="S001").user == user
    assert get_user_model().objects.filter(email__iexact=user.email).count() == 1


def test_a_new_role_in_the_file_is_granted_on_reimport(school):
    school.profile = "stpeters"  # names an online-safety officer
    school.save(update_fields=["profile"])
    run(school, "staff", STAFF)

    report = run(school, "staff", STAFF.replace("teacher;dsl", "teacher;dsl;online_safety"))

    assert report.updated == 1
    assert RoleAssignment.objects.filter(role="online_safety").exists()


@pytest.mark.parametrize(
    ("roles", "reason"),
    [
        ("teacher;wizard", "unknown role code wizard"),
        ("ceo", "ceo cannot be granted by a school's staff import"),
        ("parent", "parent cannot be granted"),
    ],
)
def test_a_role_the_import_may_not_grant_refuses_the_row(school, roles, reason):
    report = run(school, "staff", STAFF.replace("teacher;dsl", roles))

    assert report.errors[0]["line"] == 2
    assert reason in report.errors[0]["reason"]
    assert not Staff.objects.filter(mis_id="S001").exists()


def test_the_office_may_import_staff_but_not_grant_them_roles(personas):
    report = run(personas.school, "staff", STAFF, actor=personas.office)

    assert report.created == 1
    assert "only the head" in report.errors[0]["reason"]
    assert not Staff.objects.filter(mis_id="S001").exists()
    assert not RoleAssignment.objects.filter(role="dsl", user__email__startswith="j.").exists()


def test_the_head_may_grant_roles_by_import(personas):
    report = run(personas.school, "staff", STAFF, actor=personas.head)

    assert report.errors == []
    entry = AuditEntry.objects.filter(event="people.role_granted").first()
    assert entry.actor == personas.head


def test_an_unknown_staff_kind_is_refused(school):
    report = run(school, "staff", STAFF.replace("Teaching", "Wizardry"))

    assert "Staff kind" in report.errors[0]["reason"]


def test_a_staff_dry_run_makes_no_login_and_grants_nothing(school):
    report = run(school, "staff", STAFF, dry_run=True)

    assert report.created == 2
    assert not get_user_model().objects.exists()
    assert not RoleAssignment.objects.exists()


# ---------------------------------------------------------------------------
# Audit and progress
# ---------------------------------------------------------------------------


def test_each_created_row_is_audited_and_the_import_summarised(school):
    run(school, "pupils", PUPILS, filename="pupils.csv")

    assert AuditEntry.objects.filter(event="people.pupil_created").count() == 2
    summary = AuditEntry.objects.get(event="people.imported")
    assert summary.extra["created"] == 2
    assert summary.extra["filename"] == "pupils.csv"


def test_progress_is_reported_in_batches(school, monkeypatch):
    monkeypatch.setattr(services, "BATCH", 2)
    rows = "".join(f"P{n},Amara,Bramblecott,2016-03-14\n" for n in range(5))
    seen = []

    run(
        school,
        "pupils",
        "MIS ID,First name,Surname,DOB\n" + rows,
        progress=lambda r: seen.append(r.processed),
    )

    assert seen == [0, 2, 4, 5]


# ---------------------------------------------------------------------------
# Import jobs
# ---------------------------------------------------------------------------


def test_a_job_records_its_counts_and_refused_rows(school):
    job = ImportJobFactory(school=school, content=PUPILS + "P003,Zara,,,2016-01-01,,,,\n")

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.total, job.processed, job.created) == (3, 3, 2)
    assert job.errors == [
        {
            "line": 4,
            "name": "Zara",
            "mis_id": "P003",
            "reason": "Surname: This field is required.",
        }
    ]
    assert job.finished_at is not None


def test_a_job_with_a_refused_file_says_why(school):
    job = ImportJobFactory(school=school, content="nothing,useful\n1,2\n")

    import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == ImportJob.Status.REFUSED
    assert "No recognisable header" in job.refused_reason


def test_a_finished_job_is_never_run_twice(school):
    job = ImportJobFactory(school=school, status=ImportJob.Status.DONE)

    import_job_run(job_id=job.pk)

    assert not Pupil.objects.exists()


def test_semicolons_inside_a_comma_separated_file_do_not_confuse_it(school):
    run(school, "pupils", PUPILS)

    report = run(
        school, "parents", "MIS ID,First name,Surname,Pupils\nC1,Robin,Bramblecott,P001;P002\n"
    )

    assert report.created == 1
    assert Parent.objects.get().children.count() == 2


@pytest.mark.parametrize(
    ("written", "column"),
    [("31/02/2016", "Date of birth"), ("2016-13-01", "Date of birth"), ("30.02.2024", "Leaving")],
)
def test_an_impossible_date_is_called_impossible(school, written, column):
    # Issue 17 item 12: "use a date like 14/03/2016" is no help for 31/02/2016.
    if column == "Leaving":
        text = PUPILS.replace("4B,current,", f"4B,former,{written}")
    else:
        text = PUPILS.replace("2016-03-14", written)
    report = run(school, "pupils", text)

    [error] = report.errors
    assert f"{written} is an impossible date" in error["reason"]
    assert (error["name"], error["mis_id"]) == ("Amara Bramblecott", "P001")


def test_a_date_in_another_shape_is_still_shown_the_shapes_that_work(school):
    report = run(school, "pupils", PUPILS.replace("2016-03-14", "March 14th"))

    assert "use a date like" in report.errors[0]["reason"]


def test_the_sample_files_on_the_import_page_import_as_they_are(school, settings):
    from pathlib import Path

    folder = Path(__file__).resolve().parents[1] / "static" / "people"
    for kind in ("pupils", "parents", "staff"):
        text = decode((folder / f"sample-{kind}.csv").read_bytes())
        report = run(school, kind, text)
        assert report.errors == [], kind
        assert report.created >= 2, kind


def test_no_online_safety_officer_is_granted_where_the_policy_names_none(school):
    run(school, "staff", STAFF)  # shire names none

    report = run(school, "staff", STAFF.replace("teacher;dsl", "teacher;dsl;online_safety"))

    assert "names no online-safety officer" in str(report.errors)
    assert not RoleAssignment.objects.filter(role="online_safety").exists()


def test_the_profiles_trust_roles_are_never_granted_by_a_schools_import(school):
    text = STAFF.replace("teacher;dsl", "teacher;executive_head")
    report = run(school, "staff", text)
    assert "held across the trust" in str(report.errors)
    assert not RoleAssignment.objects.filter(role="executive_head").exists()


def test_a_school_whose_executive_head_is_its_own_may_import_that_role(school, personas):
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=school,
        rule="people.trust",
        param="trust_roles",
        value=["ceo", "deputy_ceo", "chair", "trustee"],
        reason="Test",
        set_by=personas.head,
    )
    run(school, "staff", STAFF.replace("teacher;dsl", "teacher;executive_head"))
    assert RoleAssignment.objects.filter(role="executive_head", school=school).exists()
