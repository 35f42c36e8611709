"""Send staff who have not answered the current policy to the sign page (C6.1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import urlencode

from schoolgate.compliance.policy import signoff_holds_pages
from schoolgate.compliance.selectors import signoff_status

# Pages an unsigned member of staff may still reach: the policy itself, the
# sign page, and what signing in and out needs.
OPEN_BEFORE_SIGNING = frozenset(
    {
        "compliance:sign",
        "compliance:document",
        "compliance:document_pdf",
        "compliance:version",
        "web:health",
        "web:switch_school",
    }
)
OPEN_NAMESPACES = frozenset({"accounts", "admin"})


class SignoffRequiredMiddleware:
    """Redirect staff to sign the current version before anything else.

    New starters (nothing signed yet) are asked when `at_induction` is on;
    everyone else when a new version arrives and `on_new_version` is on. A
    query raised instead of signing lets the person carry on: the head answers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if not _must_sign_first(request):
            return None
        target = redirect("compliance:sign")
        target["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return target


def _must_sign_first(request: HttpRequest) -> bool:
    school = getattr(request, "school", None)
    if school is None or not request.user.is_authenticated:
        return False
    if getattr(request, "second_factor_pending", False):
        return False
    match = request.resolver_match
    if match is None or match.view_name in OPEN_BEFORE_SIGNING:
        return False
    if match.namespace in OPEN_NAMESPACES:
        return False
    status = signoff_status(request.user, school)
    if not status.outstanding:
        return False
    # A query lets the person carry on until the head answers; then they sign.
    if status.status == "query" and not status.replied:
        return False
    return signoff_holds_pages(school, signed_before=status.signed_any)
