"""What each profile asks of a new record: the police, sightings, who disclosed,
and whom a concern about the executive principal reaches."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import RoleFactory, UserFactory
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.selectors import routes_for
from schoolgate.safeguarding.services import step_record
from schoolgate.safeguarding.tests.factories import make_record, staff_for

IMAGES = {
    "reporter_role": "Anna Price, Year 4 teacher",
    "happened_at": "2026-01-12T10:30",
    "place": "Year 4 tablet",
    "account": "Found on a class tablet during the lesson.",
    "urgency": "routine",
    "head_told": "on",
    "not_handled": "on",
}


def _use(school, profile: str) -> None:  # type: ignore[no-untyped-def]
    school.profile = profile
    school.save(update_fields=["profile"])


def test_shire_asks_the_person_to_confirm_they_told_the_police(personas, sign_in):
    url = reverse("safeguarding:record_create", args=["indecent_images"])
    client = sign_in(personas.teacher)
    refused = client.post(url, IMAGES)
    assert refused.status_code == 200 and not Record.objects.exists()
    assert client.post(url, {**IMAGES, "police_told": "on"}).status_code == 302


def test_under_stpeters_the_dsl_decides_about_the_police_so_no_tick_is_required(personas, sign_in):
    _use(personas.school, "stpeters")
    url = reverse("safeguarding:record_create", args=["indecent_images"])
    client = sign_in(personas.teacher)
    page = html.unescape(client.get(url).content.decode())
    assert "I have told the police" not in page
    assert 'the safeguarding lead decides whether they are told (stpeters "Online safety")' in page
    assert client.post(url, IMAGES).status_code == 302
    record = Record.objects.get()
    steps = sign_in(personas.head).get(reverse("safeguarding:record", args=[record.pk]))
    text = steps.content.decode()
    assert "The safeguarding lead decided whether the police are told" in text
    assert "Police told" not in text
    with pytest.raises(ApplicationError, match="not one this school"):
        step_record(record=record, code="police_told", note="", actor=personas.head)


def test_sightings_are_offered_only_where_the_profile_switches_them_on(personas, sign_in):
    url = reverse("safeguarding:record_create", args=["sighting"])
    client = sign_in(personas.teacher)
    kinds = reverse("safeguarding:record_new")
    assert "Seen on social networks" in client.get(kinds).content.decode()  # shire
    assert client.get(url).status_code == 200
    _use(personas.school, "jessons")
    assert "Seen on social networks" not in client.get(kinds).content.decode()
    refused = client.get(url)
    assert refused.status_code == 403
    assert "keeps no record of this kind" in refused.content.decode()


ADULT = {
    "reporter_role": "Head of school",
    "happened_at": "2026-01-12T10:30",
    "account": "A parent showed me a teacher's posts about pupils.",
    "urgency": "routine",
}


def test_shire_guides_each_discloser_and_gives_each_its_own_step(personas, sign_in):
    member = staff_for(personas.teacher, personas.school)
    url = reverse("safeguarding:record_create", args=["adult_disclosure"])
    client = sign_in(personas.head)
    page = client.get(url).content.decode()
    assert "calm them and explain what happens next" in page
    form = {**ADULT, "staff": [member.pk]}
    assert client.post(url, form).status_code == 200  # who disclosed is asked
    assert client.post(url, {**form, "disclosed_by": "parent"}).status_code == 302
    record = Record.objects.get()
    text = client.get(reverse("safeguarding:record", args=[record.pk])).content.decode()
    assert "The parent calmed and the process explained to them" in text
    assert "kept confidential" not in text


def test_brize_has_no_discloser_steps(personas):
    school = personas.other_school  # brize
    head = personas.outsider
    member = staff_for(UserFactory(), school)
    record = make_record(
        school, head, kind=Kind.ADULT_DISCLOSURE, staff=[member], disclosed_by="parent"
    )
    with pytest.raises(ApplicationError, match="not one this school"):
        step_record(record=record, code="parent_reassured", note="", actor=head)


def test_stpeters_sends_a_concern_about_the_executive_principal_to_the_lac_chair(personas):
    _use(personas.school, "stpeters")
    lac_chair = UserFactory()
    RoleFactory(user=lac_chair, school=personas.school, role="governors_chair")
    principal = staff_for(personas.exec_head, personas.school)
    routes = routes_for(personas.school, Kind.STAFF_CONCERN, [principal])
    assert set(routes) == {"governors_chair"}  # not the trust's chair


def test_elsewhere_a_concern_about_the_executive_head_goes_to_the_trust_chair(personas):
    principal = staff_for(personas.exec_head, personas.school)  # shire
    routes = routes_for(personas.school, Kind.STAFF_CONCERN, [principal])
    assert set(routes) == {"chair"}


def test_jessons_asks_staff_to_tell_their_line_manager_of_cyberbullying(personas, sign_in):
    url = reverse("safeguarding:record_create", args=["cyberbullying"])
    client = sign_in(personas.teacher)
    assert "Tell your line manager too" not in client.get(url).content.decode()  # shire
    record = make_record(personas.school, personas.teacher)
    page = sign_in(personas.head).get(reverse("safeguarding:record", args=[record.pk]))
    assert "Reported to the line manager" not in page.content.decode()
    _use(personas.school, "jessons")
    form = html.unescape(sign_in(personas.teacher).get(url).content.decode())
    assert 'Tell your line manager too (jessons "Cyber Bullying")' in form
    page = sign_in(personas.head).get(reverse("safeguarding:record", args=[record.pk]))
    assert "Reported to the line manager of the member of staff" in page.content.decode()
