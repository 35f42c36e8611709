"""CSV encodings: a file is never decoded wholesale in the wrong encoding.

Issue 13 item 10: one Windows-1252 line in a UTF-8 file made the whole file
read as Windows-1252 ("Siân" became "SiÃ¢n", "Łucja" was mangled) and the
import reported success. Every CSV import reads through one decoder
(`schoolgate.people.imports.decode`): a line that disagrees with the rest is
refused by its line number and the rest go in with their letters intact;
Excel's UTF-16 "Unicode text" and UTF-8 with a BOM are read.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from schoolgate.consent.imports import consent_import
from schoolgate.people.imports import decode
from schoolgate.people.models import ImportJob, Pupil
from schoolgate.people.services import people_import
from schoolgate.people.tests.factories import PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = "MIS ID,First name,Surname,Date of birth\n"
SIAN = "P002,Siân,Rhys,2015-11-02\n"


def mixed_file() -> bytes:
    """UTF-8 throughout, except line 3, saved by Excel as Windows-1252."""
    return (
        HEADER.encode()
        + "P001,Łucja,Nowak,2016-03-14\n".encode()
        + SIAN.encode("cp1252")
        + "P003,Zoë,Brontë,2014-05-01\n".encode()
    )


def imported(school, raw: bytes, kind: str = "pupils"):
    return people_import(school=school, kind=kind, text=decode(raw))


def names(school) -> dict[str, str]:
    return dict(Pupil.objects.filter(school=school).values_list("mis_id", "first_name"))


def test_one_windows_1252_line_in_a_utf8_file_is_refused_by_line_and_the_rest_read_right():
    school = SchoolFactory()

    report = imported(school, mixed_file())

    assert [e["line"] for e in report.errors] == [3]
    assert "encoding" in report.errors[0]["reason"]
    assert names(school) == {"P001": "Łucja", "P003": "Zoë"}
    assert report.created == 2


def test_a_whole_windows_1252_file_is_read_as_windows_1252():
    school = SchoolFactory()

    report = imported(school, (HEADER + SIAN + "P003,Zoë,Brontë,2014-05-01\n").encode("cp1252"))

    assert report.errors == []
    assert names(school) == {"P002": "Siân", "P003": "Zoë"}


def test_a_windows_1252_line_is_never_imported_with_guessed_letters_on_reimport():
    school = SchoolFactory()
    PupilFactory(school=school, mis_id="P002", first_name="Siân", surname="Rhys")

    report = imported(school, mixed_file())

    assert "encoding" in report.errors[0]["reason"]
    assert Pupil.objects.get(mis_id="P002").first_name == "Siân"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_excel_unicode_text_utf16_tab_separated_is_read(encoding):
    school = SchoolFactory()
    text = "MIS ID\tFirst name\tSurname\tDate of birth\r\nP001\tŁucja\tNowak\t14/03/2016\r\n"
    raw = text.encode(encoding)
    if encoding != "utf-16":  # Excel writes the BOM; the plain codec adds it itself
        raw = "\ufeff".encode(encoding) + raw

    report = imported(school, raw)

    assert report.errors == []
    assert names(school) == {"P001": "Łucja"}


def test_utf8_with_a_bom_is_read():
    school = SchoolFactory()

    report = imported(school, b"\xef\xbb\xbf" + (HEADER + SIAN).encode())

    assert report.errors == []
    assert names(school) == {"P002": "Siân"}


def test_a_utf8_file_with_a_bom_and_one_bad_line_refuses_that_line():
    school = SchoolFactory()

    report = imported(school, b"\xef\xbb\xbf" + mixed_file())

    assert [e["line"] for e in report.errors] == [3]
    assert names(school) == {"P001": "Łucja", "P003": "Zoë"}


def test_the_web_upload_reads_utf16_and_reports_the_odd_line(
    personas, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(personas.office)
    utf16 = SimpleUploadedFile("pupils.txt", (HEADER + SIAN).encode("utf-16"), "text/plain")
    mixed = SimpleUploadedFile("mixed.csv", mixed_file(), "text/csv")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("people:import"), {"kind": "pupils", "file": utf16})
        client.post(reverse("people:import"), {"kind": "pupils", "file": mixed})

    first, second = ImportJob.objects.order_by("pk")
    assert (first.status, first.created) == (ImportJob.Status.DONE, 1)
    assert [e["line"] for e in second.errors] == [3]
    assert names(personas.school) == {"P001": "Łucja", "P002": "Siân", "P003": "Zoë"}


def test_the_consent_import_reads_through_the_same_decoder(personas):
    pupil = PupilFactory(school=personas.school, mis_id="P001", first_name="Ada", surname="Lee")
    raw = (
        b"Pupil MIS ID,Uses,Answer,Date,Note\n"
        + "P001,blog,given,2025-09-03,Siân's mum\n".encode("cp1252")
        + "P001,website,given,2025-09-03,Łucja's form\n".encode()
    )

    report = consent_import(school=pupil.school, text=decode(raw), actor=None)

    assert [e["line"] for e in report.errors] == [2]
    assert "encoding" in report.errors[0]["reason"]
    assert report.created == 1
