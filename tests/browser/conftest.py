"""Playwright fixtures: Debian's chromium against pytest-django's live server.

Playwright cannot download its own browser on these machines, so it drives
the system chromium through `executable_path`. With chromium missing, the
browser tests skip on a workstation and fail in CI (where `CI` is set), so
that a pipeline never goes green without having run them.

The live server shares the test database: with the in-memory SQLite of the
test settings, pytest-django hands the same connection to the server thread;
with PostgreSQL the data is committed (`live_server` implies
`transactional_db`).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from conftest import signed_in

CHROMIUM = os.environ.get("SCHOOLGATE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Set SCHOOLGATE_SCREENSHOTS=docs/screenshots to refresh the README's pictures.
SCREENSHOTS = os.environ.get("SCHOOLGATE_SCREENSHOTS", "")
TIMEOUT_MS = 15_000


def _chromium_or_skip() -> str:
    path = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if path:
        return path
    reason = f"Debian chromium is not installed at {CHROMIUM} (run `make browser`)"
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the browser tests.")
    pytest.skip(reason)


@pytest.fixture(scope="package")
def browser() -> Iterator[Any]:
    """Return one headless chromium for the browser tests."""
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, and
    # Django refuses ORM calls from a thread with a running loop. The tests make
    # those calls between browser steps, never inside the loop. Package scope:
    # the loop stops, and Django's async safety returns, after these tests.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every page records what its Content-Security-Policy refused; a browser test
# whose pages had anything refused fails, so no inline script or style creeps
# back in unnoticed.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def csp_violations(page: Any) -> list[str]:
    """Return the CSP violations of the page's current document and its console."""
    found = page.evaluate("window.__cspViolations || []") if not page.is_closed() else []
    return [*page.context.csp_console, *found]


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """Return a fresh page (own cookies) whose relative URLs hit the live server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    # Assertions wait as long as actions do: on a loaded machine a page's
    # script (a picker's search, say) can take more than expect()'s 5 s.
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    # The browser asks for /favicon.ico on its own, in parallel with the
    # test's next request; answering it here keeps the server's shared
    # SQLite connection to one request at a time.
    context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    context.add_init_script(CSP_RECORDER)
    context.csp_console = []
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            context.csp_console.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    refused = list(context.csp_console)
    context.close()
    assert not refused, f"the Content-Security-Policy refused: {refused}"


@pytest.fixture
def sign_in_page(page: Any, live_server: Any):  # type: ignore[no-untyped-def]
    """Return a function that gives the page a signed-in, verified session.

    The sign-in itself is tested through the form once (test_sign_in.py);
    other browser tests start signed in, which keeps them fast.
    """

    def _sign_in(user: Any) -> Any:
        client = signed_in(Client(), user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return page

    return _sign_in


# The README's tour shows one screenful of each page in a desktop window.
TOUR_VIEWPORT = {"width": 1280, "height": 900}


def screenshot(page: Any, name: str, *, tour: bool = False, at: Any = None) -> None:
    """Save a PNG when SCHOOLGATE_SCREENSHOTS names a folder.

    By default the whole page, at the test's own window size. With `tour`, one
    screenful in the tour's desktop window, starting just above the locator
    `at` (at the top of the page without it); the test's window size is put back after.
    """
    if not SCREENSHOTS:
        return
    Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
    path = str(Path(SCREENSHOTS) / f"{name}.png")
    if not tour:
        page.screenshot(path=path, full_page=True)
        return
    size = page.viewport_size
    page.set_viewport_size(TOUR_VIEWPORT)
    try:
        if at is None:
            page.evaluate("window.scrollTo(0, 0)")
        else:
            at.evaluate("e => { e.scrollIntoView({block: 'start'}); window.scrollBy(0, -48); }")
        page.screenshot(path=path, animations="disabled", caret="hide")
    finally:
        if size:
            page.set_viewport_size(size)
