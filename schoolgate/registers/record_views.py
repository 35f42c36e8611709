"""The pages of the smaller registers, built from each `Logbook`.

Every logbook gets the same six views (list, record, entry, answer, CSV,
PDF), made by `views_for` as subclasses of the register views, so each URL
still names its own action for the permission layer and its matrix row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views import View

from schoolgate.core.exceptions import ApplicationError
from schoolgate.core.permissions import can
from schoolgate.core.types import SignedInRequest, current_school
from schoolgate.registers import policy
from schoolgate.registers import record_forms as rf
from schoolgate.registers import record_selectors as rs
from schoolgate.registers import record_services as services
from schoolgate.registers.forms import SearchForm, _choices
from schoolgate.registers.logbooks import LOGBOOKS, Logbook, shown
from schoolgate.registers.records import Answer
from schoolgate.registers.views import (
    EntryActionView,
    EntryDetailView,
    EntryFormView,
    RegisterCSVView,
    RegisterListView,
    RegisterPDFView,
    _filters,
)

if TYPE_CHECKING:
    from schoolgate.accounts.models import User


class AnsweredFilterForm(SearchForm):
    status = forms.ChoiceField(required=False, choices=_choices(Answer.choices, "Any answer"))


V = TypeVar("V", bound=View)


def _seen(request: SignedInRequest, book: Logbook, entries: list[Any], how: str) -> None:
    # Every sight of a confidential entry by someone other than its recorder is audited.
    if not book.confidential:
        return
    for entry in entries:
        if entry.recorded_by_id != request.user.pk:
            services.record_viewed(book=book, entry=entry, actor=request.user, how=how)


class LogListView(RegisterListView):
    book: Logbook
    template_name = "registers/log_list.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def rows(self, form: forms.Form) -> QuerySet[Any]:
        return rs.records_for(
            self.book, self.request.user, current_school(self.request), **_filters(form)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        book, user, school = self.book, self.request.user, current_school(self.request)
        entries = list(context["object_list"])
        _seen(self.request, book, entries, "list")
        listed = [c for c in book.columns if c.listed]
        rows = [(e, [shown(c.value(e)) for c in listed]) for e in entries]
        return context | {
            "book": book,
            "headers": [c.header for c in listed],
            "rows": rows,
            "may_add": can(user, book.add_action, school),
            "source": policy.source(school, book.rule),
            "aside": book.aside_context(user, school) if book.aside_context else {},
        }


class LogCSVView(RegisterCSVView):
    book: Logbook

    def get(self, request: SignedInRequest) -> HttpResponse:
        found = list(rs.records_for(self.book, request.user, current_school(request)))
        _seen(request, self.book, found, self.fmt)
        self.audit(found)
        return self.respond(found)


class LogPDFView(RegisterPDFView, LogCSVView):
    pass


class LogEntryView(EntryDetailView):
    book: Logbook
    template_name = "registers/log_entry.html"

    def context(self) -> dict[str, Any]:
        book, entry, user = self.book, self.entry, self.request.user
        _seen(self.request, book, [entry], "page")
        may = rs.may_answer(book, user, entry)
        return {
            "book": book,
            "entry": entry,
            "fields": [(c.header, shown(c.value(entry))) for c in book.columns],
            "may_answer": may,
            "answer_form": rf.AnswerForm(answers=book.answers) if may else None,
            "hint": book.answer_hint(entry.school) if book.answer_hint else "",
        }


class LogAddView(EntryFormView):
    book: Logbook
    template_name = "registers/log_form.html"
    request: SignedInRequest  # the guard let only a signed-in user through

    def form_kwargs(self) -> dict[str, Any]:
        return {"school": self.request.school, "user": self.request.user}

    def save(self, form: Any) -> Any:
        return services.record_add(
            book=self.book, school=current_school(self.request), data=form.cleaned_data,
            actor=self.request.user,
        )  # fmt: skip

    def show(self, form: Any) -> HttpResponse:
        context = {"form": form, "title": self.book.add_label, "book": self.book}
        return render(self.request, self.template_name, context)


class LogAnswerView(EntryActionView):
    book: Logbook

    def post(self, request: SignedInRequest, pk: int) -> HttpResponse:
        form = rf.AnswerForm(request.POST, answers=self.book.answers)
        if not form.is_valid():
            messages.error(request, "Give your answer and a note.")
            return redirect(self.back, pk=pk)
        try:
            services.record_answer(
                book=self.book, entry=self.entry, status=form.cleaned_data["status"],
                note=form.cleaned_data["note"], actor=request.user,
            )  # fmt: skip
            messages.success(request, "Answer saved.")
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(self.back, pk=pk)


def views_for(book: Logbook) -> dict[str, type[View]]:
    """Return the logbook's view classes by URL name, each naming its action."""

    def access(user: User, pk: int, **kwargs: Any) -> Any:
        return rs.access_record_for(book, user, pk, **kwargs)

    name = book.model.__name__
    csv = {
        "book": book,
        "action": book.read_action,
        "what": book.title.lower(),
        "filename": book.path,
        "columns": book.columns,
    }
    views: dict[str, type[View]] = {
        "": _subclass(f"{name}ListView", LogListView, {
            "book": book, "action": book.open_action, "filter_form_class": _filter_form(book),
            "export_links": (
                ("Download as CSV", f"registers:{book.slug}_csv", book.read_action),
                ("Download as PDF", f"registers:{book.slug}_pdf", book.read_action),
            ),
        }),
        "_create": _subclass(f"{name}AddView", LogAddView, {
            "book": book, "action": book.add_action, "form_class": book.form,
            "done": f"registers:{book.slug}_entry",
        }),
        "_entry": _subclass(f"{name}DetailView", LogEntryView, {
            "book": book, "action": book.open_action, "access": staticmethod(access),
            "rule": book.rule,
        }),
        "_csv": _subclass(f"{name}CSVView", LogCSVView, csv),
        "_pdf": _subclass(f"{name}PDFView", LogPDFView, csv | {
            "heading": book.title, "rule": book.rule,
        }),
    }  # fmt: skip
    if book.answers:
        views["_answer"] = _subclass(f"{name}AnswerView", LogAnswerView, {
            "book": book, "action": book.answer_action, "access": staticmethod(access),
            "access_kwargs": {"answer": True}, "back": f"registers:{book.slug}_entry",
        })  # fmt: skip
    return views


def _subclass(name: str, base: type[V], attrs: dict[str, Any]) -> type[V]:
    """Return a subclass of the view, named for the logbook, with its attributes."""
    # type() builds it; its stub can only say it returns some class.
    return cast("type[V]", type(name, (base,), attrs))


def _filter_form(book: Logbook) -> type[forms.Form]:
    return AnsweredFilterForm if book.answers else SearchForm


ROUTES = {
    "": "",
    "_create": "new/",
    "_entry": "<int:pk>/",
    "_answer": "<int:pk>/answer/",
    "_csv": "export.csv",
    "_pdf": "export.pdf",
}


def urlpatterns_for_logbooks() -> list[Any]:
    """Return every logbook's URL patterns, under its own path."""
    patterns = []
    for book in LOGBOOKS.values():
        for suffix, view in views_for(book).items():
            route = f"{book.path}/{ROUTES[suffix]}"
            patterns.append(path(route, view.as_view(), name=f"{book.slug}{suffix}"))
    return patterns


def entry_url(book: Logbook, entry: Any) -> str:
    return reverse(f"registers:{book.slug}_entry", kwargs={"pk": entry.pk})
