"""CSV files from the school's MIS (SIMS, Arbor, Bromcom): columns and parsing.

The first line names the columns (a title line or Excel's ``sep=,`` line above
it is skipped). Headers match case-insensitively, ignoring spaces and
punctuation, and each column has aliases for the names the common MIS exports
use; unknown columns are ignored. Files may be UTF-8 (with or without a BOM),
Windows-1252 or UTF-16 ("Unicode text") as Excel saves them, separated by
commas, semicolons or tabs; a line in another encoding than the rest is
refused by its line number (see `decode`).
Blank lines are skipped; line numbers in reports are the file's own.

Pupils (``schoolgate import pupils``)
    MIS ID*            also: ID, Pupil ID, Student ID, Adno, Admission number, UPN
    First name*        also: Forename, Legal forename, Given name
    Surname*           also: Last name, Legal surname, Family name
    Preferred name     also: Preferred forename, Known as, Nickname
    Date of birth*     also: DOB; 2016-03-14 or 14/03/2016
    Year group         also: Year, NC year
    Class              also: Reg group, Registration group, Form, Tutor group
    Status             current or former (also: on roll / left); blank is
                       current, or former when the leaving date has passed
    Leaving date       also: Date of leaving, End date

Parents (``schoolgate import parents``)
    MIS ID*            also: Contact ID, Parent ID
    Title, First name*, Surname*
    Email              also: Email address, Main email
    Phone              also: Telephone, Mobile, Phone number
    Pupils*            the children's pupil MIS IDs, separated by semicolons
                       (also: Pupil IDs, Children, Student IDs)
    Relationship       also: Relation, Relationship to pupil

Staff (``schoolgate import staff``)
    MIS ID*            also: Staff ID, Staff code, Employee ID
    Title, First name*, Surname*
    Formal name        also: Professional name; default "Title Surname"
    School email*      also: Email, Work email
    Staff kind         teaching, support, supply, agency, contractor,
                       volunteer, governor or leadership (default teaching)
    Job title          also: Post, Position
    Roles              Schoolgate role codes separated by semicolons, e.g.
                       ``teacher;dsl``; each is granted at the school, and the
                       member of staff gets a login (no password until they
                       set one through a password reset)

Columns marked * are required. See docs/import.md for an example of each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from schoolgate.people.models import ImportJob, StaffMember
from schoolgate.people.roles import Role

Kind = ImportJob.Kind


class ImportRefused(Exception):
    """The file cannot be read as an import of this kind; says why."""


# Dates as the MIS exports and Excel re-saves them; UK order, never US.
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y %H:%M:%S"]
LIST_SEPARATORS = re.compile(r"[;|,]")

_NAMES = {
    "mis_id": ("mis id", "id", "external id", "person id"),
    "title": ("title", "salutation"),
    "first_name": ("first name", "forename", "legal forename", "given name", "firstname"),
    "surname": ("surname", "last name", "legal surname", "family name", "lastname"),
}

COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    Kind.PUPILS: {
        "mis_id": _NAMES["mis_id"]
        + ("pupil id", "student id", "adno", "adm no", "admission number", "arbor id", "upn"),
        "first_name": _NAMES["first_name"],
        "surname": _NAMES["surname"],
        "preferred_name": ("preferred name", "preferred forename", "known as", "nickname"),
        "date_of_birth": ("date of birth", "dob", "birth date", "birthdate"),
        "year_group": ("year group", "year", "nc year", "ncy"),
        "class_name": ("class", "class name", "reg group", "registration group", "form")
        + ("tutor group", "form group"),
        "status": ("status", "enrolment status", "enrollment status"),
        "left_on": ("leaving date", "date of leaving", "left on", "date left", "end date"),
    },
    Kind.PARENTS: {
        "mis_id": _NAMES["mis_id"] + ("contact id", "parent id", "carer id"),
        "title": _NAMES["title"],
        "first_name": _NAMES["first_name"],
        "surname": _NAMES["surname"],
        "email": ("email", "email address", "e mail", "main email", "primary email"),
        "phone": ("phone", "telephone", "mobile", "phone number", "telephone number")
        + ("main phone", "primary phone", "mobile phone"),
        "pupils": ("pupils", "pupil ids", "pupil mis ids", "pupil mis id", "children")
        + ("child ids", "student ids", "linked pupils"),
        "relationship": ("relationship", "relation", "relationship to pupil"),
    },
    Kind.STAFF: {
        "mis_id": _NAMES["mis_id"] + ("staff id", "staff code", "employee id", "payroll number"),
        "title": _NAMES["title"],
        "first_name": _NAMES["first_name"],
        "surname": _NAMES["surname"],
        "formal_name": ("formal name", "professional name", "display name"),
        "email": ("school email", "email", "work email", "email address"),
        "kind": ("staff kind", "kind", "staff type", "staff category", "category"),
        "job_title": ("job title", "post", "position", "role title"),
        "roles": ("roles", "role codes", "schoolgate roles"),
    },
}
REQUIRED: dict[str, tuple[str, ...]] = {
    Kind.PUPILS: ("mis_id", "first_name", "surname", "date_of_birth"),
    Kind.PARENTS: ("mis_id", "first_name", "surname", "pupils"),
    Kind.STAFF: ("mis_id", "first_name", "surname", "email"),
}
HEADER_SEARCH_LINES = 5


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]
    # Why the line cannot be imported whatever its cells say ("" when it can).
    problem: str = ""


# ---------------------------------------------------------------------------
# Reading the file
# ---------------------------------------------------------------------------


# A byte sequence the file's encoding cannot read becomes U+FFFD on decoding;
# the reader refuses a row holding it, by line, instead of guessing its letters.
UNREADABLE = "\ufffd"
UNREADABLE_REASON = (
    "This line is not in the same encoding as the rest of the file (it may have been "
    "saved as Windows-1252 in a UTF-8 file), so its letters cannot be read safely; "
    "it was not imported. Retype the line, or save the whole file as UTF-8, and import again."
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode(raw: bytes) -> str:
    """Return the text of an uploaded file, or refuse one that is not text.

    The one decoder of every CSV import. UTF-16 with a BOM (Excel's "Unicode
    text") and UTF-8 with or without a BOM are read strictly; a file that is
    not UTF-8 throughout is read line by line in the encoding most of its
    lines agree on (UTF-8, else Windows-1252, as Excel on Windows saves
    "CSV"). A line that disagrees keeps U+FFFD where its bytes could not be
    read, and the reader refuses it by its line number (`UNREADABLE_REASON`):
    it is never decoded wholesale in the wrong encoding.
    """
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("This is an Excel workbook, not a CSV file: save it as CSV first.")
    if raw.startswith(_UTF16_BOMS):
        return raw.decode("utf-16", errors="replace")
    if b"\x00" in raw[:4096]:
        raise ImportRefused("This is not a CSV file (it holds binary data).")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    lines = raw.removeprefix(b"\xef\xbb\xbf").splitlines(keepends=True)
    encoding = "utf-8" if raw.startswith(b"\xef\xbb\xbf") else _most_lines_agree(lines)
    return "".join(line.decode(encoding, errors="replace") for line in lines)


def _most_lines_agree(lines: list[bytes]) -> str:
    """Return UTF-8 unless most lines with non-ASCII bytes are not UTF-8."""
    utf8 = other = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            utf8 += 1
        except UnicodeDecodeError:
            other += 1
    return "utf-8" if utf8 >= other else "cp1252"


def _normalise(header: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", header.lower()).split())


def _clean_cell(value: str) -> str:
    value = value.replace("\u00a0", " ").strip()
    # Excel keeps leading zeros by writing ="00123"; a leading ' does the same.
    if value.startswith('="') and value.endswith('"'):
        value = value[2:-1]
    return value.removeprefix("'").strip()


def _header_map(cells: list[str], kind: str) -> dict[str, int]:
    normalised = [_normalise(c) for c in cells]
    found: dict[str, int] = {}
    for field, aliases in COLUMNS[kind].items():
        for alias in aliases:
            if alias in normalised:
                found[field] = normalised.index(alias)
                break
    return found


def _find_header(reader: Iterator[list[str]], kind: str) -> dict[str, int]:
    seen: list[str] = []
    best: dict[str, int] = {}
    for cells in reader:
        if not any(c.strip() for c in cells) or cells[0].lower().startswith("sep="):
            continue
        mapping = _header_map(cells, kind)
        if all(f in mapping for f in REQUIRED[kind]):
            return mapping
        best = best or mapping
        seen.append(", ".join(c.strip() for c in cells if c.strip())[:120])
        if len(seen) == HEADER_SEARCH_LINES:
            break
    raise ImportRefused(_header_problem(kind, best, seen))


def _header_problem(kind: str, mapping: dict[str, int], seen: list[str]) -> str:
    if not seen:
        return "The file is empty."
    wanted = ", ".join(column_title(f) for f in REQUIRED[kind])
    if not mapping:
        return (
            f"No recognisable header: the first line should name the columns "
            f"(at least {wanted}); it reads “{seen[0]}”."
        )
    missing = ", ".join(column_title(f) for f in REQUIRED[kind] if f not in mapping)
    return f"The header has no column for: {missing}."


def column_title(field: str) -> str:
    """Return the documented column name for a field, e.g. "Date of birth"."""
    return {"mis_id": "MIS ID", "class_name": "Class", "left_on": "Leaving date"}.get(
        field, field.replace("_", " ").capitalize()
    )


def read_rows(text: str, kind: str) -> list[Row]:
    """Return the file's data rows with their line numbers, blank lines skipped.

    Raise ImportRefused when no line of the first few names the columns.
    """
    text = text.lstrip("\ufeff")
    refusal: ImportRefused | None = None
    # Excel writes semicolons where the decimal mark is a comma, tabs for "text".
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            mapping = _find_header(reader, kind)
            return list(_data_rows(reader, mapping))
        except ImportRefused as error:
            refusal = refusal or error
        except csv.Error as error:
            raise ImportRefused(
                f"Line {reader.line_num}: this is not valid CSV ({error})."
            ) from None
    assert refusal is not None
    raise refusal


def _data_rows(reader: Any, mapping: dict[str, int]) -> Iterator[Row]:
    line = reader.line_num + 1
    for cells in reader:
        if any(c.strip() for c in cells):
            values = {
                f: _clean_cell(cells[i]) if i < len(cells) else "" for f, i in mapping.items()
            }
            unreadable = any(UNREADABLE in c for c in cells)
            yield Row(line, values, UNREADABLE_REASON if unreadable else "")
        line = reader.line_num + 1


# ---------------------------------------------------------------------------
# Checking each row
# ---------------------------------------------------------------------------


_DATE_SHAPES = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{4})\b")


class MisDateField(forms.DateField):
    """A date from the MIS; a day that does not exist is called impossible, not mistyped."""

    def to_python(self, value: Any) -> dt.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            if isinstance(value, str) and _DATE_SHAPES.match(value):
                raise forms.ValidationError(
                    f"{value.strip()} is an impossible date: there is no such day.",
                    code="impossible",
                ) from None
            raise


class _RowForm(forms.Form):
    mis_id = forms.CharField(label="MIS ID", max_length=40)
    first_name = forms.CharField(label="First name", max_length=100)
    surname = forms.CharField(label="Surname", max_length=100)

    def reason(self) -> str:
        """Return the form's errors as one line, each led by its column."""
        parts = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            text = " ".join(str(e) for e in errors)
            parts.append(f"{label}: {text}" if label else text)
        return " ".join(parts)


class PupilRow(_RowForm):
    preferred_name = forms.CharField(label="Preferred name", max_length=100, required=False)
    date_of_birth = MisDateField(
        label="Date of birth",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "use a date like 2016-03-14 or 14/03/2016."},
    )
    year_group = forms.CharField(label="Year group", max_length=20, required=False)
    class_name = forms.CharField(label="Class", max_length=60, required=False)
    status = forms.CharField(label="Status", required=False)
    left_on = MisDateField(
        label="Leaving date",
        input_formats=DATE_FORMATS,
        required=False,
        error_messages={"invalid": "use a date like 2024-07-19 or 19/07/2024."},
    )

    STATUS_WORDS = {
        "current": "current",
        "on roll": "current",
        "active": "current",
        "former": "former",
        "left": "former",
        "leaver": "former",
        "inactive": "former",
    }

    def clean_status(self) -> str:
        word = _normalise(self.cleaned_data["status"])
        if word and word not in self.STATUS_WORDS:
            raise forms.ValidationError("use current or former.")
        return self.STATUS_WORDS.get(word, "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        left_on, born = data.get("left_on"), data.get("date_of_birth")
        if left_on and born and left_on < born:
            raise forms.ValidationError("the leaving date is before the date of birth.")
        if born and born > timezone.localdate():
            self.add_error("date_of_birth", "is in the future.")
        if "status" in data and not data["status"]:
            data["status"] = _status_from(left_on)
        return data


def _status_from(left_on: dt.date | None) -> str:
    return "former" if left_on and left_on <= timezone.localdate() else "current"


def _split(value: str) -> list[str]:
    return [v.strip() for v in LIST_SEPARATORS.split(value) if v.strip()]


class ParentRow(_RowForm):
    title = forms.CharField(label="Title", max_length=20, required=False)
    email = forms.EmailField(label="Email", required=False)
    phone = forms.CharField(label="Phone", max_length=40, required=False)
    pupils = forms.CharField(label="Pupils")
    relationship = forms.CharField(label="Relationship", max_length=40, required=False)

    def clean_pupils(self) -> list[str]:
        ids = list(dict.fromkeys(_split(self.cleaned_data["pupils"])))
        if not ids:
            raise forms.ValidationError("name at least one pupil's MIS ID.")
        return ids


class StaffRow(_RowForm):
    KIND_WORDS = {
        **{v: v for v in StaffMember.Kind.values},
        **{_normalise(label): v for v, label in StaffMember.Kind.choices},
        "teacher": "teaching",
        "slt": "leadership",
        "senior leadership": "leadership",
        "governor": "governor",
    }

    title = forms.CharField(label="Title", max_length=20, required=False)
    formal_name = forms.CharField(label="Formal name", max_length=150, required=False)
    email = forms.EmailField(label="School email")
    kind = forms.CharField(label="Staff kind", required=False)
    job_title = forms.CharField(label="Job title", max_length=120, required=False)
    roles = forms.CharField(label="Roles", required=False)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"]
        return email.lower()

    def clean_kind(self) -> str:
        word = _normalise(self.cleaned_data["kind"])
        if not word:
            return StaffMember.Kind.TEACHING
        if word not in self.KIND_WORDS:
            raise forms.ValidationError(f"“{word}” is not a kind of staff Schoolgate knows.")
        return self.KIND_WORDS[word]

    def clean_roles(self) -> list[str]:
        codes = [c.lower().replace(" ", "_") for c in _split(self.cleaned_data["roles"])]
        unknown = [c for c in codes if c not in Role.values]
        if unknown:
            raise forms.ValidationError(f"unknown role code {', '.join(unknown)}.")
        if Role.PARENT in codes:
            raise forms.ValidationError("parent cannot be granted by a school's staff import.")
        # Roles held across the trust are refused per school (people.trust:trust_roles).
        return list(dict.fromkeys(codes))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("formal_name") and data.get("surname"):
            data["formal_name"] = " ".join(filter(None, [data.get("title"), data["surname"]]))
        return data


class RowChecker:
    """Check rows of one kind with one form, bound afresh to each row.

    A Django form deep-copies its fields when it is made; a form per row made
    that most of an import's time. The row forms keep no state between rows
    beyond what `full_clean` resets, so one instance serves the whole file.
    """

    def __init__(self, form_class: type[forms.Form]) -> None:
        self.form = form_class(data={})

    def check(self, values: dict[str, str]) -> dict[str, Any] | str:
        """Return the row's cleaned values, or the reason it is refused."""
        form = self.form
        # django-stubs leave out BaseForm._errors; None makes is_valid() clean afresh.
        form.data, form._errors = values, None  # type: ignore[attr-defined]
        if form.is_valid():
            return dict(form.cleaned_data)
        return form.reason()  # type: ignore[attr-defined, no-any-return]


ROW_FORMS: dict[str, type[_RowForm]] = {
    Kind.PUPILS: PupilRow,
    Kind.PARENTS: ParentRow,
    Kind.STAFF: StaffRow,
}
