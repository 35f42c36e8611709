"""Safeguarding in the browser: a teacher records cyberbullying on a tablet with
a screenshot, the DSL is told and sees it in the pupil's chronology; who may
and may not open a record; the LADO gate; a concern about the executive
principal goes to the chair alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from schoolgate.audit.models import AuditEntry
from schoolgate.people.forms import pupil_label
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.services import NewRecord, record_create
from schoolgate.safeguarding.tests.factories import PNG, make_record, staff_for
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

TABLET = {"width": 820, "height": 1180}


def _earlier_concern(personas, pupil):  # type: ignore[no-untyped-def]
    data = NewRecord(
        kind=Kind.SIGHTING,
        reporter_role="Office manager",
        happened_at=timezone.now() - dt.timedelta(days=30),
        account="Seen posting in class time.",
        pupils=[pupil],
    )
    return record_create(school=personas.school, data=data, actor=personas.office)


def _not_found(page, url):  # type: ignore[no-untyped-def]
    response = page.goto(url)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def test_a_teacher_records_cyberbullying_on_a_tablet_and_the_dsl_sees_it(
    sign_in_page, personas, tmp_path
):
    ava = PupilFactory(school=personas.school, first_name="Ava", surname="Quillfeather")
    earlier = _earlier_concern(personas, ava)
    shot = tmp_path / "group-chat.png"
    shot.write_bytes(PNG)
    mail.outbox.clear()

    page = sign_in_page(personas.teacher)
    page.set_viewport_size(TABLET)
    page.goto(reverse("safeguarding:record_create", args=["cyberbullying"]))
    when = timezone.localtime(timezone.now() - dt.timedelta(hours=1))
    page.get_by_label("Your name and role").fill("Anna Price, Year 4 class teacher")
    page.get_by_label("When it happened").fill(when.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Where").fill("Year 4 group chat, at home")
    # "Ava Quillfeather (her class)": pickers tell pupils apart.
    pupils = page.get_by_role("group", name="Pupils it concerns")
    pupils.get_by_label(pupil_label(ava)).check()
    page.get_by_label("What happened").fill("Three classmates shared edited photos of Ava.")
    page.get_by_label("The child's own words").fill("They keep posting about me.")
    page.get_by_label("Who reported it").fill("Ava herself")
    page.get_by_label("What evidence there is").fill("Screenshots of the chat")
    # Only jessons lets the child decide about the police; this school's form does not ask.
    expect(page.get_by_label("The child's own choice about the police")).to_have_count(0)
    page.get_by_label("Evidence (screenshot, saved message)").set_input_files(str(shot))
    screenshot(page, "safeguarding-record-tablet")
    page.locator("main button[type=submit]").click()

    expect(page.get_by_role("status")).to_contain_text("The people who need to know")
    record = Record.objects.exclude(pk=earlier.pk).get()
    assert (record.kind, record.police_choice) == ("cyberbullying", "")
    assert record.evidence.get().filename == "group-chat.png"
    # The DSL is told at once, by a link that holds no details.
    [email] = [m for m in mail.outbox if personas.dsl.email in m.to]
    assert f"/safeguarding/records/{record.pk}/" in email.body
    assert "Ava" not in email.body

    page = sign_in_page(personas.dsl)
    page.goto(reverse("safeguarding:pupil_chronology", args=[ava.pk]))
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # header, the earlier concern, the new one
    expect(rows.nth(1)).to_contain_text("Seen on social networks")
    expect(rows.nth(2)).to_contain_text("Cyberbullying")
    rows.nth(2).get_by_role("link").click()
    expect(page.get_by_text("Three classmates shared edited photos")).to_be_visible()
    expect(page.get_by_role("link", name="group-chat.png")).to_be_visible()
    screenshot(page, "safeguarding-record", tour=True)
    assert AuditEntry.objects.filter(
        event="record.viewed", subject_id=str(record.pk), actor=personas.dsl
    ).exists()


def test_a_teacher_who_did_not_write_it_and_the_subject_of_a_concern_see_nothing(
    sign_in_page, personas
):
    about_a_pupil = make_record(personas.school, personas.office)
    subject = staff_for(personas.teacher, personas.school)
    about_the_teacher = make_record(
        personas.school, personas.head, kind=Kind.STAFF_CONCERN, staff=[subject]
    )

    page = sign_in_page(personas.dsl)
    page.goto(reverse("safeguarding:record", args=[about_a_pupil.pk]))
    expect(page.get_by_text("Messages were shared")).to_be_visible()

    page = sign_in_page(personas.teacher)
    for record in (about_a_pupil, about_the_teacher):
        _not_found(page, reverse("safeguarding:record", args=[record.pk]))
        expect(page.locator("main")).not_to_contain_text("Messages were shared")
    page.goto(reverse("safeguarding:records"))
    expect(page.locator("main")).to_contain_text("No records you may read")


def test_the_lado_step_blocks_action_until_the_advice_is_recorded(sign_in_page, personas):
    subject = staff_for(personas.teacher, personas.school)
    record = make_record(
        personas.school,
        personas.head,
        kind=Kind.ADULT_DISCLOSURE,
        staff=[subject],
        disclosed_by=Record.DisclosedBy.PARENT,
    )
    page = sign_in_page(personas.head)
    page.goto(reverse("safeguarding:record", args=[record.pk]))
    action = page.get_by_role("button", name="Record: Action against the member of staff")

    action.click()
    expect(page.locator(".findings")).to_contain_text("No action is taken before the LADO")
    expect(page.locator("main")).to_contain_text("Child Protection Guidance")
    assert not record.steps.filter(code="action").exists()

    page.get_by_label("Note").first.fill("Referred by phone.")
    page.get_by_role("button", name="Record: Referred to the LADO").click()
    page.get_by_role("button", name="Record: The LADO's advice recorded").click()
    page.get_by_role("button", name="Record: Action against the member of staff").click()
    expect(page.get_by_role("row", name="Action against the member of staff")).to_contain_text(
        str(personas.head)
    )
    assert set(record.steps.values_list("code", flat=True)) == {
        "lado_referral",
        "lado_advice",
        "action",
    }


def test_a_concern_about_the_executive_principal_goes_to_the_chair_alone(sign_in_page, personas):
    principal = staff_for(personas.exec_head, personas.school)
    record = make_record(
        personas.school, personas.deputy, kind=Kind.STAFF_CONCERN, staff=[principal]
    )
    url = reverse("safeguarding:record", args=[record.pk])

    page = sign_in_page(personas.chair)
    page.goto(url)
    expect(page.get_by_text("Messages were shared")).to_be_visible()

    for persona in (personas.exec_head, personas.head, personas.dsl):
        page = sign_in_page(persona)
        _not_found(page, url)


def test_on_a_phone_each_record_in_the_list_has_a_link_big_enough_for_a_finger(
    sign_in_page, personas
):
    record = make_record(personas.school, personas.office)
    page = sign_in_page(personas.dsl)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("safeguarding:records"))
    link = page.get_by_role("link", name=f"Record #{record.pk}")
    box = link.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    link.click()
    expect(page.get_by_text("Messages were shared")).to_be_visible()
