"""Entries written during a request carry that request's school and address."""

from django.test import RequestFactory

from schoolgate.audit.middleware import AuditContextMiddleware
from schoolgate.audit.models import AuditEntry
from schoolgate.audit.services import audit_log


def test_an_entry_written_in_a_request_belongs_to_the_school_being_worked_in(personas):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.7")
    request.school = personas.school

    def view(req):
        audit_log(event="policy.override_set", actor=personas.head)
        from django.http import HttpResponse

        return HttpResponse()

    AuditContextMiddleware(view)(request)
    entry = AuditEntry.objects.get(event="policy.override_set")
    assert entry.school_id == personas.school.pk
    assert entry.ip == "192.0.2.7"


def test_an_entry_written_outside_a_request_has_no_school_unless_given(personas):
    entry = audit_log(event="demo.loaded")
    assert entry.school_id is None
    given = audit_log(event="demo.loaded", school=personas.other_school)
    assert given.school_id == personas.other_school.pk
