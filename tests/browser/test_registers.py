"""The registers in the browser: an inspector's export, and Appendix 1 for HR alone."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory, UserFactory
from schoolgate.registers import services
from schoolgate.registers.models import Declaration
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(path).pages)


# A PDF takes WeasyPrint a few seconds on a busy machine: more than the
# browser tests' usual 5 s for a page.
DOWNLOAD_MS = 30_000


def _download(page, label: str) -> Path:  # type: ignore[no-untyped-def]
    with page.expect_download(timeout=DOWNLOAD_MS) as info:
        page.get_by_role("link", name=label).click(timeout=DOWNLOAD_MS)
    return Path(info.value.path())


def test_the_head_downloads_the_accounts_register_as_csv_and_pdf(sign_in_page, personas):
    account = services.account_request(
        school=personas.school,
        data={
            "platform": "x",
            "handle": "larkspur_year6",
            "purpose": "Year 6 class news",
            "audience": "Year 6 parents",
            "visibility": "private",
            "professional_only": True,
        },
        actor=personas.teacher,
    )
    services.account_decide(account=account, approve=True, reason="Fine", actor=personas.head)
    page = sign_in_page(personas.head)

    page.goto(reverse("registers:accounts"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Professional social media accounts")
    screenshot(page, "accounts-register", tour=True)

    csv_file = _download(page, "Download as CSV")
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert rows[0][:2] == ["Platform", "Handle"]
    assert rows[1][:3] == ["X (Twitter)", "larkspur_year6", "Year 6 class news"]
    assert rows[1][7:9] == ["Approved, not yet set up", str(personas.head)]

    pdf_file = _download(page, "Download as PDF")
    # Drawing the PDF takes seconds: the page says so while it waits.
    expect(page.get_by_role("status")).to_contain_text("Preparing the PDF")
    assert pdf_file.read_bytes().startswith(b"%PDF")
    text = _pdf_text(pdf_file)
    assert "Larkspur Primary" in text and "larkspur_year6" in text
    assert 'shire "Facebook and Twitter"' in text  # the clause the register keeps
    exported = AuditEntry.objects.filter(event="registers.exported").order_by("seq")
    assert [e.extra["format"] for e in exported] == ["CSV", "PDF"]


@pytest.fixture
def academy():  # type: ignore[no-untyped-def]
    """A whmat academy, where contact with parents is declared on Appendix 1."""
    school = SchoolFactory(name="Gorsemoor Academy", slug="gorsemoor", profile="whmat")
    people = {}
    for name, role in {
        "teacher": "teacher",
        "colleague": "teacher",
        "head": "head",
        "hr": "hr",
    }.items():
        user = UserFactory(email=f"{name}@gorsemoor.test", first_name=name.title())
        RoleFactory(user=user, school=school, role=role)
        people[name] = user
    return school, people


def test_an_appendix_1_declaration_is_read_by_hr_and_by_nobody_else(sign_in_page, academy):
    school, people = academy
    page = sign_in_page(people["teacher"])

    page.goto(reverse("registers:declarations"))
    page.get_by_role("link", name="Declare contact with a parent on personal social media").click()
    page.get_by_label("Job title").fill("Teacher of Maths")
    page.get_by_label("Pupil whose parent you are in touch with").fill("Ava Brook, Year 8")
    page.get_by_label("Parent or parents you are in touch with").fill("Jo Brook")
    page.get_by_label("The parent is a personal friend").check()
    page.get_by_label("I have read and understood the social media policy").check()
    page.get_by_label("Signed (type your full name)").fill("Tess Teacher")
    screenshot(page, "appendix-1-form")
    page.locator("main button[type=submit]").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Contact with a parent on personal social media"
    )
    declaration = Declaration.objects.get(declarant=people["teacher"])
    url = reverse("registers:declaration", kwargs={"pk": declaration.pk})

    # HR reads it, in the list and on its own page.
    page = sign_in_page(people["hr"])
    page.goto(reverse("registers:declarations"))
    page.get_by_role("link", name="Tess Teacher").click()
    expect(page.locator("main")).to_contain_text("Jo Brook")
    expect(page.locator("main")).to_contain_text("whmat 5.5")

    # The head and a colleague are told there is nothing there, as for a page
    # that does not exist, and their lists do not show it.
    for name in ("head", "colleague"):
        page = sign_in_page(people[name])
        response = page.goto(url)
        assert response is not None and response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        page.goto(reverse("registers:declarations"))
        expect(page.locator("main")).not_to_contain_text("Jo Brook")
        expect(page.locator("main")).not_to_contain_text("Tess Teacher")
        missing = page.goto(re.sub(r"/\d+/", "/999999/", url))
        assert missing is not None and missing.status == 404

    readers = set(
        AuditEntry.objects.filter(event="record.viewed", subject_id=str(declaration.pk))
        .exclude(actor=people["teacher"])
        .values_list("actor_id", flat=True)
    )
    assert readers == {people["hr"].pk}
