"""Press enquiries (C3.8): recorded by whoever took them, routed to the roles
the profile names, who alone record what the school said."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.notifications.models import Delivery
from schoolgate.notifications.services import digests_send, preferences_set
from schoolgate.publishing.models import PressEnquiry
from schoolgate.publishing.press import press_enquiry_decide, press_enquiry_record


def use_profile(school, profile):
    school.profile = profile
    school.save(update_fields=["profile"])
    school._policy_cache = None


def record(personas, actor=None):
    return press_enquiry_record(
        school=personas.school, asked_by="Sam Reed", outlet="The Evening Courier",
        received_on=dt.date(2026, 3, 2), question="Is the school closing its nursery?",
        actor=actor or personas.teacher,
    )  # fmt: skip


def test_at_whmat_an_enquiry_goes_to_the_ceo_not_the_head(
    personas, sign_in, django_capture_on_commit_callbacks
):
    """whmat 6.12: requests for comment about the trust go to the CEO."""
    use_profile(personas.school, "whmat")
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = record(personas)
    assert enquiry.routed_to == ["ceo", "deputy_ceo"]
    assert [m.to for m in mail.outbox] == [[personas.ceo.email]]
    assert "Is the school closing its nursery?" in mail.outbox[0].body
    url = reverse("publishing:press_enquiry", kwargs={"pk": enquiry.pk})
    assert sign_in(personas.head).get(url).status_code == 404
    assert "The Evening Courier" in sign_in(personas.ceo).get(url).content.decode()


def test_under_the_default_an_enquiry_goes_to_the_head(
    personas, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enquiry = record(personas)
    assert enquiry.routed_to == ["head"]
    assert [m.to for m in mail.outbox] == [[personas.head.email]]
    page = sign_in(personas.head).get(reverse("publishing:press")).content.decode()
    assert "The Evening Courier: Sam Reed" in page
    assert sign_in(personas.ceo).get(reverse("publishing:press")).status_code == 403


def test_a_teacher_records_one_from_the_page_and_is_told_who_decides(personas, sign_in):
    use_profile(personas.school, "whmat")
    client = sign_in(personas.teacher)
    form = {
        "asked_by": "Sam Reed",
        "outlet": "Radio Wessex",
        "received_on": "2026-03-02",
        "question": "Can we film sports day?",
    }
    response = client.post(reverse("publishing:press_new"), form, follow=True)
    assert "passed to the Chief executive (CEO) or Deputy CEO" in response.content.decode()
    enquiry = PressEnquiry.objects.get()
    assert enquiry.recorded_by == personas.teacher
    entry = AuditEntry.objects.get(event="publishing.press_enquiry_recorded")
    assert entry.extra["routed_to"] == ["ceo", "deputy_ceo"]


def test_the_routed_role_records_the_outcome_once(personas, sign_in):
    enquiry = record(personas)
    url = reverse("publishing:press_enquiry", kwargs={"pk": enquiry.pk})
    client = sign_in(personas.head)
    client.post(url, {"status": "declined", "outcome": "No comment on staffing."})
    enquiry.refresh_from_db()
    assert enquiry.status == PressEnquiry.Status.DECLINED
    assert enquiry.decided_by == personas.head
    with pytest.raises(ValidationError, match="already recorded"):
        press_enquiry_decide(enquiry=enquiry, status="answered", outcome="x", actor=personas.head)


def test_nobody_else_records_what_the_school_said(personas, sign_in):
    enquiry = record(personas)
    url = reverse("publishing:press_enquiry", kwargs={"pk": enquiry.pk})
    response = sign_in(personas.teacher).post(url, {"status": "answered", "outcome": "Yes."})
    assert response.status_code == 404
    assert PressEnquiry.objects.get().status == PressEnquiry.Status.OPEN


def test_a_head_who_chose_a_daily_digest_gets_the_enquiry_there_while_it_is_open(
    personas, django_capture_on_commit_callbacks
):
    preferences_set(user=personas.head, choices={"publishing.press": "daily"})
    with django_capture_on_commit_callbacks(execute=True):
        first = record(personas)
        record(personas)
    assert mail.outbox == []  # nothing at once
    press_enquiry_decide(
        enquiry=first, status="answered", outcome="The nursery stays open.", actor=personas.head
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert digests_send(delivery=Delivery.DAILY) == 1
    [digest] = mail.outbox
    assert digest.to == [personas.head.email]
    assert "Press enquiries passed to you (1)" in digest.body
    assert "Is the school closing its nursery?" not in digest.body  # the question stays inside
