"""Consent forms from a CSV file: the office's batch of returned forms.

Read with the people import's reader (`schoolgate.people.imports`): header
aliases, encodings, separators and line numbers behave the same. Each row is
one parent's answer for one or more uses; it goes through `record_answers`,
so it is checked and audited like an answer typed on the pupil's page. A bad
row is reported with its line number and the rest go in. Rows are committed
in batches (`people.services.BATCH`), so a long file never holds the database
for long; a dry run records each batch and rolls it back, so it reports what a
real run would.

Columns (* required)
    Pupil MIS ID*   also: Pupil ID, Adno, UPN, Student ID
    Uses*           blog, social, press, website, separated by semicolons, or
                    "all" (also: Use, Consent for)
    Answer*         given (also yes, consent), refused (also no), withdrawn
    Date*           the date on the form: 2025-09-03 or 03/09/2025
                    (also: Date given, Signed on)
    Method          paper (the default), online, email, in person
    Parent MIS ID   the parent who answered (also: Parent ID, Contact ID)
    Note            anything else, up to 200 characters
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from schoolgate.audit.services import audit_log
from schoolgate.consent.models import Answer, Method
from schoolgate.consent.policy import uses_asked
from schoolgate.consent.services import RECORDED, GivenAnswer, record_answers
from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import require
from schoolgate.people import imports as people_imports
from schoolgate.people.imports import DATE_FORMATS, Row, read_rows
from schoolgate.people.models import Parent, Pupil, School
from schoolgate.people.services import BATCH, ImportReport

if TYPE_CHECKING:
    from schoolgate.core.types import Actor

KIND = "consent"
# Register the consent file's columns with the shared reader.
people_imports.COLUMNS[KIND] = {
    "pupil": ("pupil mis id", "pupil id", "mis id", "adno", "upn", "student id", "pupil"),
    "uses": ("uses", "use", "consent for", "purpose"),
    "answer": ("answer", "consent", "response", "decision"),
    "given_on": ("date", "date given", "given on", "signed on", "date signed", "date of answer"),
    "method": ("method", "how given", "how", "evidence"),
    "parent": ("parent mis id", "parent id", "contact id", "parent"),
    "note": ("note", "notes", "comment", "comments"),
}
people_imports.REQUIRED[KIND] = ("pupil", "uses", "answer", "given_on")

ANSWER_WORDS = {
    "given": Answer.GIVEN,
    "yes": Answer.GIVEN,
    "y": Answer.GIVEN,
    "consent": Answer.GIVEN,
    "consented": Answer.GIVEN,
    "refused": Answer.REFUSED,
    "no": Answer.REFUSED,
    "n": Answer.REFUSED,
    "declined": Answer.REFUSED,
    "withdrawn": Answer.WITHDRAWN,
    "withdraw": Answer.WITHDRAWN,
}
METHOD_WORDS = {
    "": Method.PAPER,
    "paper": Method.PAPER,
    "paper form": Method.PAPER,
    "form": Method.PAPER,
    "online": Method.ONLINE,
    "online form": Method.ONLINE,
    "email": Method.EMAIL,
    "e mail": Method.EMAIL,
    "in person": Method.IN_PERSON,
    "verbal": Method.IN_PERSON,
}
USE_WORDS = {
    "blog": "blog",
    "school blog": "blog",
    "social": "social",
    "social media": "social",
    "press": "press",
    "newspaper": "press",
    "website": "website",
    "web": "website",
}


def _word(value: str) -> str:
    return " ".join(value.lower().replace("-", " ").replace("_", " ").split())


class ConsentRow(forms.Form):
    pupil = forms.CharField(label="Pupil MIS ID", max_length=40)
    uses = forms.CharField(label="Uses")
    answer = forms.CharField(label="Answer")
    given_on = forms.DateField(
        label="Date",
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "use a date like 2025-09-03 or 03/09/2025."},
    )
    method = forms.CharField(label="Method", required=False)
    parent = forms.CharField(label="Parent MIS ID", max_length=40, required=False)
    note = forms.CharField(label="Note", max_length=200, required=False)

    def __init__(self, *args: Any, asked: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asked = asked

    def clean_uses(self) -> list[str]:
        words = [_word(w) for w in people_imports.LIST_SEPARATORS.split(self.cleaned_data["uses"])]
        words = [w for w in words if w]
        if words == ["all"]:
            return self.asked
        unknown = [w for w in words if w not in USE_WORDS]
        if unknown or not words:
            raise forms.ValidationError(f"use {', '.join(self.asked)} or all.")
        return list(dict.fromkeys(USE_WORDS[w] for w in words))

    def clean_answer(self) -> str:
        word = _word(self.cleaned_data["answer"])
        if word not in ANSWER_WORDS:
            raise forms.ValidationError("use given, refused or withdrawn.")
        return ANSWER_WORDS[word]

    def clean_method(self) -> str:
        word = _word(self.cleaned_data["method"])
        if word not in METHOD_WORDS:
            raise forms.ValidationError("use paper, online, email or in person.")
        return METHOD_WORDS[word]

    def reason(self) -> str:
        """Return the form's errors as one line, each led by its column."""
        return " ".join(
            f"{self.fields[name].label}: {' '.join(str(e) for e in errors)}"
            for name, errors in self.errors.items()
        )


def consent_import(
    *, school: School, text: str, actor: Actor, dry_run: bool = False, filename: str = ""
) -> ImportReport:
    """Record every good row of a consent CSV; return the report.

    Raise `ImportRefused` when the file has no recognisable header. Rows
    recorded count as created, rows already on record as unchanged. The
    actor None is the operator's command line.
    """
    if actor is not None:
        require(actor, "consent.import", school)
    rows = read_rows(text, KIND)
    report = ImportReport(KIND, dry_run, total=len(rows))
    asked = uses_asked(school)
    # One commit per batch, so a long file never holds the database for long.
    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            for row in rows[start : start + BATCH]:
                outcome = _import_row(school, row, asked, actor)
                _count(report, row, outcome)
            if dry_run:
                transaction.set_rollback(True)
    if not dry_run:
        _audit_summary(school, report, actor, filename)
    return report


def _audit_summary(school: School, report: ImportReport, actor: Actor, filename: str) -> None:
    audit_log(
        event="consent.imported",
        actor=actor,
        subject=school,
        school=school,
        label=f"consent forms from {filename or 'a CSV file'}",
        extra=report.counts() | {"errors": len(report.errors), "filename": filename},
    )


def _import_row(school: School, row: Row, asked: list[str], actor: Actor) -> str:
    if row.problem:
        return row.problem
    form = ConsentRow(row.values, asked=asked)
    if not form.is_valid():
        return form.reason()
    data = form.cleaned_data
    pupil = Pupil.objects.filter(school=school, mis_id=data["pupil"]).first()
    if pupil is None:
        return f"No pupil with MIS ID {data['pupil']} at this school."
    parent = None
    if data["parent"]:
        parent = Parent.objects.filter(school=school, mis_id=data["parent"]).first()
        if parent is None:
            return f"No parent with MIS ID {data['parent']} at this school."
    try:
        with transaction.atomic():
            given = GivenAnswer(
                uses=data["uses"],
                answer=data["answer"],
                parent=parent,
                method=data["method"],
                given_on=data["given_on"],
                note=data["note"],
            )
            added = record_answers(pupil=pupil, given=given, actor=actor)
    except ApplicationError as error:
        return error.message
    except ValidationError as error:
        return "; ".join(error.messages)
    return RECORDED if added else "unchanged"


def _count(report: ImportReport, row: Row, outcome: str) -> None:
    if outcome == RECORDED:
        report.created += 1
    elif outcome == "unchanged":
        report.unchanged += 1
    else:
        report.errors.append({"line": row.line, "reason": outcome})
