"""The pages people use meet WCAG 2.2 AA, as far as axe-core can tell.

The pages come from the access matrix (every app's tests/matrix.py): each URL
that answers a GET with an HTML page and needs no object in its address,
opened by one persona the matrix allows (signed out where anyone may open it).
A new page is checked as soon as it has a matrix row. A few object pages are
added, made by the matrix's own builders: a post, a pupil, a held comment, a
safeguarding record (as the DSL), the faces of a post's photo, a person's
data-protection page (as the DPO), and the public post with its comment form.
The dashboard, which differs by role, is checked for several roles.

The data is made once and each role signs in once, so one module-scoped
fixture opens and checks every page; the tests, one per page and role, then
report that page's violations: the rule, its help text and the elements.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from conftest import make_personas, signed_in
from schoolgate.core.matrix import Row, collect_matrix
from schoolgate.policy.selectors import forget_school_policy
from tests.browser.conftest import TIMEOUT_MS

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    },
    "resultTypes": ["violations"],
}

# Matrix rows that answer a GET with something other than a page: feeds,
# downloads (CSV and PDF end in these), the health check, and a redirect.
NOT_PAGES = {"blog:atom", "blog:rss", "blog:sitemap", "web:health", "web:home"}
DOWNLOAD_SUFFIXES = ("_csv", "_pdf", "export")
# Pages whose address names the school or a kind of form, not a stored object.
NO_OBJECT_NEEDED = {
    "blog:index",
    "blog:private_index",
    "registers:declaration_create",
    "safeguarding:record_create",
}
OBJECT_PAGES = {
    "blog:post",
    "consent:answer",
    "consent:pupil",
    "dataprotection:person",
    "moderation:comment",
    "moderation:comment_form",
    "photos:post",
    "publishing:channel_sent",
    "publishing:face_tags",
    "publishing:post",
    "safeguarding:pupil_chronology",
    "safeguarding:record",
}

# Who opens a page: anyone may open a public page signed out; otherwise the
# first of these personas the matrix allows. Safeguarding is the DSL's.
PREFERENCE = ("head", "teacher", "hr", "ict", "parent", "ceo", "exec_head", "outsider", "dpo")
APP_PREFERENCE = {"safeguarding": ("dsl", *PREFERENCE)}
# The same page as other roles see it.
EXTRA_VIEWS = [
    ("web:dashboard", "teacher"),
    ("web:dashboard", "dsl"),
    ("web:dashboard", "ceo"),
    ("web:dashboard", "dpo"),
    ("blog:post", "parent"),  # the comment form, filled in for a signed-in parent
]


MATRIX = collect_matrix()


def _is_checked(name: str, row: Row) -> bool:
    if row.method != "get" or 200 not in row.ok or name in NOT_PAGES:
        return False
    if name.endswith(DOWNLOAD_SUFFIXES):
        return False
    return row.kwargs is None or name in NO_OBJECT_NEEDED | OBJECT_PAGES


def _persona(name: str, row: Row) -> str:
    if "anon" in row.allow:
        return "anon"
    preference = APP_PREFERENCE.get(name.split(":")[0], PREFERENCE)
    return next(persona for persona in preference if persona in row.allow)


VIEWS = [
    *(
        (name, _persona(name, row))
        for name, row in sorted(MATRIX.items())
        if _is_checked(name, row)
    ),
    *EXTRA_VIEWS,
]


@dataclass(frozen=True)
class Finding:
    """The page a view opened and the violations axe found there."""

    url: str
    violations: list[dict[str, Any]]

    def report(self) -> str:
        lines = [f"{len(self.violations)} WCAG 2.2 AA violation(s) on {self.url}:"]
        for violation in self.violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"]:
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"    at {' '.join(node['target'])}: {summary}")
        return "\n".join(lines)


def _url(name: str, personas: Any) -> str:
    row = MATRIX[name]
    # The school's policy as the builder before left it (its overrides).
    forget_school_policy(personas.school)
    kwargs = row.kwargs(personas) if row.kwargs else {}
    return reverse(name, kwargs=kwargs) + row.query


def _session_cookie(persona: str, personas: Any) -> str | None:
    if persona == "anon":
        return None
    client = signed_in(Client(), personas.users[persona])
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Roles:
    """One browser page per role, signed in once and reused for its views."""

    def __init__(self, browser: Any, base_url: str, cookies: dict[str, str | None]) -> None:
        self.browser = browser
        self.base_url = base_url
        self.cookies = cookies
        self.pages: dict[str, Any] = {}

    def page(self, persona: str) -> Any:
        if persona not in self.pages:
            context = self.browser.new_context(base_url=self.base_url, locale="en-GB")
            context.set_default_timeout(TIMEOUT_MS)
            context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
            if cookie := self.cookies[persona]:
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}]
                )
            self.pages[persona] = context.new_page()
        return self.pages[persona]

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()


@pytest.fixture(scope="module")
def findings(
    django_db_setup: None, django_db_blocker: Any, browser: Any, live_server: Any
) -> Iterator[dict[tuple[str, str], Finding]]:
    """Open every view once and return axe's findings, keyed by view."""
    with django_db_blocker.unblock():
        personas = make_personas()
        urls = {view: _url(view[0], personas) for view in VIEWS}
        cookies = {persona: _session_cookie(persona, personas) for _, persona in VIEWS}
        cache.clear()  # no rate limit left over from the builders
        roles = Roles(browser, live_server.url, cookies)
        axe = Axe()
        try:
            results = {}
            for view, url in urls.items():
                page = roles.page(view[1])
                response = page.goto(url)
                assert response is not None and response.ok, f"{view}: {url} gave {response}"
                violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
                results[view] = Finding(url=page.url, violations=violations)
            yield results
        finally:
            roles.close()
            # The first test's own flush empties the database; this one is
            # for a run whose first test never started (an error above).
            call_command("flush", verbosity=0, interactive=False)


@pytest.mark.parametrize(("url_name", "persona"), VIEWS, ids=[f"{n}-{p}" for n, p in VIEWS])
def test_page_meets_wcag_22_aa(findings, url_name, persona):
    finding = findings[(url_name, persona)]
    assert not finding.violations, finding.report()


def test_the_check_reports_what_it_finds(browser):
    """A page with known faults fails, so a silent axe cannot pass every page."""
    page = browser.new_page()
    try:
        page.set_content('<html><body><img src="x.png"><input name="q"></body></html>')
        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        page.close()
    report = Finding(url="about:blank", violations=violations).report()
    for rule in ("image-alt", "label", "html-has-lang", "document-title"):
        assert f"- {rule} " in report
    assert "at img:" in report
