"""Getting in for the first time: a staff invitation, and a parent's sign-in link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from schoolgate.accounts.tests.factories import totp_code
from schoolgate.people.tests.factories import (
    ParentFactory,
    ParentLinkFactory,
    PupilFactory,
    RoleFactory,
    SchoolFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser
NEW_PASSWORD = "lantern-meadow-copper-41"


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_a_member_of_staff_accepts_an_invitation_and_signs_in(
    browser, live_server, sign_in_page, personas
):
    user = UserFactory(email="new.teacher@larkspur.test", password=None)
    user.set_unusable_password()
    user.save()
    RoleFactory(user=user, school=personas.school, role="teacher")
    StaffFactory(school=personas.school, email=user.email, user=user, formal_name="Mr Hollin")

    office = sign_in_page(personas.office)
    office.goto("/accounts/invitations/")
    office.get_by_role("button", name="Invite 1 member of staff not invited yet").click()
    expect(office.get_by_text("1 of 1 invitations sent")).to_be_visible()
    office.goto("/accounts/invitations/")
    expect(office.get_by_role("row", name=re.compile("Mr Hollin"))).to_contain_text(
        "Invited, not accepted yet"
    )

    [message] = mail.outbox
    assert message.to == [user.email]
    newcomer = browser.new_context(base_url=live_server.url).new_page()
    newcomer.goto(link_in(message))
    newcomer.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    newcomer.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Set password and continue").click()

    expect(newcomer).to_have_url(re.compile(r"/accounts/enrol/"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    newcomer.get_by_label("Code").fill(totp_code(device))
    newcomer.get_by_role("button", name="Confirm and continue").click()
    expect(newcomer.get_by_text("Your authenticator app is set up.")).to_be_visible()
    newcomer.goto("/dashboard/")
    expect(newcomer).not_to_have_url(re.compile(r"/accounts/"))

    office.reload()
    expect(office.get_by_role("row", name=re.compile("Mr Hollin"))).to_contain_text("Signed in")


def test_a_parent_signs_in_by_link_and_sees_children_at_two_schools(page, personas):
    other = SchoolFactory(name="Wrenfield Juniors", trust=personas.school.trust)
    parent = UserFactory(email="robin@example.test", password=None)
    for school, child in ((personas.school, "Amara"), (other, "Oliver")):
        RoleFactory(user=parent, school=school, role="parent")
        pupil = PupilFactory(school=school, first_name=child, surname="Bramblecott")
        ParentLinkFactory(parent=ParentFactory(school=school, user=parent), pupil=pupil)

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Get a sign-in link by email").click()
    page.get_by_label("Email address").fill("Robin@example.test")
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    [message] = mail.outbox
    page.goto(link_in(message))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your children")
    table = page.get_by_role("table")
    expect(table.get_by_role("row", name=re.compile("Amara Bramblecott"))).to_contain_text(
        personas.school.name
    )
    expect(table.get_by_role("row", name=re.compile("Oliver Bramblecott"))).to_contain_text(
        "Wrenfield Juniors"
    )
