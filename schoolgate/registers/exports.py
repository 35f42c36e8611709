"""Downloads of the registers: CSV (the project's one writer) and PDF."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from schoolgate.core.exports import csv_response
from schoolgate.core.pdf import html_to_pdf

__all__ = ["csv_response", "pdf_response"]


def pdf_response(
    request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    """Render a template to PDF with WeasyPrint and return it as a download."""
    html = render_to_string(template, context, request=request)
    # No base URL: the templates inline their styles and fetch nothing.
    pdf = html_to_pdf(html)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
