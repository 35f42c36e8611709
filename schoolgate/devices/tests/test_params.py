"""Device parameters a user notices: the IMEI prompt and pupils' phones on trips."""

from __future__ import annotations

from django.urls import reverse

from conftest import signed_in
from schoolgate.devices.services import staff_phone_record
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory

PROMPT = "Note your phone's IMEI"


def test_jessons_prompts_staff_on_the_dashboard_until_they_note_their_imei(db, client):
    school = SchoolFactory(profile="jessons")
    teacher = RoleFactory(school=school, role="teacher").user
    client = signed_in(client, teacher)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert PROMPT in page
    assert "Protection of personal information" in page
    staff_phone_record(school=school, imei="490154203237518", actor=teacher)
    assert PROMPT not in client.get(reverse("web:dashboard")).content.decode()


def test_shire_does_not_prompt_for_an_imei(db, client):
    teacher = RoleFactory(school=SchoolFactory(profile="shire"), role="teacher").user
    assert PROMPT not in signed_in(client, teacher).get(reverse("web:dashboard")).content.decode()


def test_shire_reminds_the_trip_lead_that_pupils_bring_no_phones(db, client):
    teacher = RoleFactory(school=SchoolFactory(profile="shire"), role="teacher").user
    page = signed_in(client, teacher).get(reverse("devices:trip_phone")).content.decode()
    assert "Pupils do not take their phones on school visits" in page


def test_where_the_pupil_phone_rule_is_off_there_is_no_such_reminder(db, client):
    teacher = RoleFactory(school=SchoolFactory(profile="jessons"), role="teacher").user
    page = signed_in(client, teacher).get(reverse("devices:trip_phone")).content.decode()
    assert "Pupils do not take their phones" not in page


def _kinds_offered(client, school) -> str:  # type: ignore[no-untyped-def]
    head = RoleFactory(school=school, role="head").user
    return signed_in(client, head).get(reverse("devices:create")).content.decode()


def test_shires_register_holds_hard_drives_and_the_trip_phone_but_no_other_phones(db, client):
    page = _kinds_offered(client, SchoolFactory(profile="shire"))
    assert 'value="hard_drive"' in page and 'value="trip_phone"' in page
    assert 'value="phone"' not in page


def test_jessons_register_holds_phones_and_no_trip_phone(db, client):
    page = _kinds_offered(client, SchoolFactory(profile="jessons"))
    assert 'value="phone"' in page
    assert 'value="trip_phone"' not in page and 'value="hard_drive"' not in page
