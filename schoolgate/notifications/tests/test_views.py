"""The email settings page: everyone signed in opens it; staff choose per topic."""

import re

import pytest
from django.urls import reverse

from schoolgate.notifications.services import preferences_of

pytestmark = pytest.mark.django_db

URL = reverse("notifications:preferences")


def _choices(**changed):  # type: ignore[no-untyped-def]
    from schoolgate.notifications.topics import TOPICS

    chosen = {
        code: t.default.value
        for code, t in TOPICS.items()
        if not t.floor and t.audience == "staff"
    }
    return chosen | changed


def test_the_page_shows_the_floor_and_the_defaults(personas, sign_in):
    page = sign_in(personas.head).get(URL).content.decode()
    assert "Always at once" in page
    assert "Safeguarding records and follow-up tasks" in page
    assert 'name="safeguarding"' not in page  # a floor has no choice to make
    radio = r'<input type="radio" name="comments.held" value="(\w+)"[^>]*checked'
    checked = re.findall(radio, page)
    assert checked == ["hourly"]


def test_the_head_moves_held_comments_to_a_daily_digest(personas, sign_in):
    client = sign_in(personas.head)
    response = client.post(URL, _choices(**{"comments.held": "daily"}))
    assert response.status_code == 302
    assert preferences_of(personas.head)["comments.held"] == "daily"
    assert "Saved" in client.get(URL).content.decode()


def test_a_choice_the_topic_does_not_offer_is_refused(personas, sign_in):
    response = sign_in(personas.head).post(URL, _choices(**{"comments.held": "off"}))
    assert response.status_code == 400
    assert preferences_of(personas.head)["comments.held"] == "hourly"


def test_a_parent_may_turn_consent_renewal_emails_off_and_sees_no_staff_topics(personas, sign_in):
    client = sign_in(personas.parent)
    page = client.get(URL).content.decode()
    names = set(re.findall(r'type="radio" name="([\w.]+)"', page))
    assert names == {"compliance.policy_updated", "consent.renewal"}
    assert "Comments held for approval" not in page and "Always at once" not in page
    chosen = {"compliance.policy_updated": "now", "consent.renewal": "off"}
    assert client.post(URL, chosen).status_code == 302
    assert preferences_of(personas.parent)["consent.renewal"] == "off"


def test_a_teacher_who_is_a_parent_chooses_their_parent_emails_too(personas, sign_in):
    from schoolgate.compliance.selectors import parent_addresses
    from schoolgate.people.tests.factories import ParentFactory

    # Mr Teacher's own son is at the school: the office holds his home address.
    ParentFactory(school=personas.school, user=personas.teacher, email="home@example.test")
    client = sign_in(personas.teacher)
    page = client.get(URL).content.decode()
    assert '<a href="#emails-parents">Emails about your own child</a>' in page
    assert '<h2 id="emails-staff">Your emails as a member of staff</h2>' in page
    parent_part = page[page.index('<h2 id="emails-parents">Your emails as a parent</h2>') :]
    names = re.findall(r'type="radio" name="([\w.]+)"', parent_part)
    assert set(names) == {"compliance.policy_updated", "consent.renewal"}
    assert "Comments held for approval" in page[: page.index('<h2 id="emails-parents">')]

    assert re.findall(r'name="consent.renewal" value="(\w+)"', page) == ["now", "daily", "off"]
    choices = _choices(**{"compliance.policy_updated": "off", "consent.renewal": "daily"})
    assert client.post(URL, choices).status_code == 302
    assert preferences_of(personas.teacher)["compliance.policy_updated"] == "off"
    assert preferences_of(personas.teacher)["consent.renewal"] == "daily"
    # A new policy version is no longer emailed to his home address.
    assert "home@example.test" not in dict(parent_addresses(personas.school))


def test_staff_who_are_not_parents_see_no_parent_emails(personas, sign_in):
    page = sign_in(personas.teacher).get(URL).content.decode()
    assert "Your emails as a parent" not in page and 'name="consent.renewal"' not in page
