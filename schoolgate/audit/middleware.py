"""Bind an audit context to each web request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from schoolgate.audit import context
from schoolgate.core.client_ip import client_ip


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        school = getattr(request, "school", None)
        token = context.bind(
            context.AuditContext(
                ip=client_ip(request),
                via="web",
                school_id=school.pk if school else None,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
