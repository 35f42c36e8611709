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
