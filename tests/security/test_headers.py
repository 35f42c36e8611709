"""Every page carries a Content-Security-Policy that refuses inline script
and style, and a Permissions-Policy that turns the camera, microphone and
location off (issue 13, item 16).

Pages are those of the access matrix, each opened by someone it lets in
(or by a visitor who is signed out, where nobody signed in may).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from conftest import Personas, make_personas, signed_in
from schoolgate.core.matrix import collect_matrix

MATRIX = collect_matrix()
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
TEMPLATES = sorted(Path(__file__).parents[2].glob("schoolgate/*/templates/**/*.html"))
# Drawn by WeasyPrint into PDFs, never sent to a browser: no policy applies.
PDF_ONLY = {
    "compliance/document_print.html",
    "consent/do_not_post_sheet.html",
    "registers/accounts_pdf.html",
    "consent/renewal_letters.html",
    "accounts/parent_letters.html",
    "registers/declaration_pdf.html",
    "safeguarding/transfer_file.html",
    "registers/log_pdf.html",
    "dataprotection/summary.html",
}


@pytest.fixture(scope="module")
def _made_once(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_personas()
        transaction.set_rollback(True)


@pytest.fixture
def personas(db, _made_once: Personas) -> Personas:  # type: ignore[no-untyped-def]
    users = get_user_model().objects.in_bulk([u.pk for u in _made_once.users.values()])
    return Personas(
        school=type(_made_once.school).objects.get(pk=_made_once.school.pk),
        other_school=type(_made_once.school).objects.get(pk=_made_once.other_school.pk),
        users={name: users[u.pk] for name, u in _made_once.users.items()},
    )


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_every_page_answers_with_the_policies(client, personas, url_name):
    row = MATRIX[url_name]
    url = reverse(url_name, kwargs=row.kwargs(personas) if row.kwargs else {}) + row.query
    persona = sorted(row.allow - {"anon"})[0] if row.allow - {"anon"} else None
    if persona:
        signed_in(client, personas.users[persona])
    response = getattr(client, row.method)(url, row.data)

    policy = _directives(response.get("Content-Security-Policy", ""))
    assert policy.get("default-src") == ["'self'"], f"{url_name}: {policy}"
    for directive in ("script-src", "style-src"):
        assert policy.get(directive) == ["'self'"], f"{url_name}: {directive}"
    assert policy.get("object-src") == ["'none'"] and policy.get("frame-ancestors") == ["'none'"]
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions, f"{url_name}: {permissions!r}"
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), f"{url_name} has an inline script"
        assert not INLINE_STYLE.search(html), f"{url_name} has an inline style"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: "/".join(p.parts[-2:]))
def test_no_template_served_to_a_browser_has_inline_script_or_style(template):
    name = "/".join(template.parts[template.parts.index("templates") + 1 :])
    if name in PDF_ONLY:
        pytest.skip("drawn into a PDF, never served as a page")
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), f"{name}: move the script into a static file"
    assert not INLINE_STYLE.search(text), f"{name}: move the style into a static CSS file"
