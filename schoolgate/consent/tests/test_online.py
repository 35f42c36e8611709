"""Consent online: parents answer for their own children, renewal requests and
reminders go out once per lapse cycle, and the office sees who has not answered."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.consent import selectors
from schoolgate.consent.models import Answer, Method, PhotoConsent, RenewalRequest
from schoolgate.consent.selectors import (
    add_months,
    photo_consent,
    renewals_unanswered,
)
from schoolgate.consent.services import consent_answer, consent_renewals_send
from schoolgate.consent.tests.conftest import make_family
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.schedule import timetable
from schoolgate.people.tests.factories import RoleFactory, UserFactory

pytestmark = pytest.mark.django_db

USES = ["blog", "social", "press", "website"]
RENEWALS_OFF = {"compliance.policy_updated": "now", "consent.renewal": "off"}


def today() -> dt.date:
    return timezone.localdate()


def with_login(parent):  # type: ignore[no-untyped-def]
    """Give a parent record a login with the parent role at its school."""
    user = UserFactory(email=parent.email or f"{parent.mis_id}@home.test")
    RoleFactory(user=user, school=parent.school, role="parent")
    parent.user = user
    parent.save(update_fields=["user"])
    return user


def lapsing(family, days_ago: int = 350):  # type: ignore[no-untyped-def]
    """Give the family's pupil the mother's written consent for every use, long ago."""
    for use in USES:
        PhotoConsentFactory(
            pupil=family.pupil,
            parent=family.mother,
            use=use,
            given_on=today() - dt.timedelta(days=days_ago),
        )


def answer(family, parent, **answers):  # type: ignore[no-untyped-def]
    user = parent.user or with_login(parent)
    return consent_answer(pupil=family.pupil, parent=parent, answers=answers, actor=user)


# Answers ---------------------------------------------------------------------


def test_a_parents_yes_renews_lapsed_consent_from_today(brize):
    family = make_family(brize)
    lapsing(family, days_ago=400)
    assert photo_consent(family.pupil, "blog").state == "expired"

    added = answer(family, family.mother, **dict.fromkeys(USES, "yes"))

    assert {c.use for c in added} == set(USES)
    now = photo_consent(family.pupil, "blog")
    assert now.allowed and now.expires_on == add_months(today(), 12)
    assert {c.method for c in added} == {Method.ONLINE}
    entry = AuditEntry.objects.get(event="consent.answered")
    assert entry.extra["method"] == "online" and entry.extra["parent"] == family.mother.mis_id


def test_one_parents_no_wins_over_the_others_yes_and_both_answers_are_kept(brize):
    family = make_family(brize)
    answer(family, family.mother, blog="yes", social="yes")
    answer(family, family.father, blog="no", social="yes")

    assert not photo_consent(family.pupil, "blog").allowed
    assert photo_consent(family.pupil, "blog").state == Answer.REFUSED
    assert photo_consent(family.pupil, "social").allowed
    current = PhotoConsent.objects.filter(pupil=family.pupil, use="blog", superseded_at=None)
    assert {(c.parent, c.answer) for c in current} == {
        (family.mother, Answer.GIVEN),
        (family.father, Answer.REFUSED),
    }


def test_changing_a_yes_to_a_no_withdraws_it_and_a_second_no_records_nothing(brize):
    family = make_family(brize)
    answer(family, family.mother, blog="yes")
    [withdrawn] = answer(family, family.mother, blog="no")
    assert withdrawn.answer == Answer.WITHDRAWN
    assert AuditEntry.objects.filter(event="consent.withdrawn").count() == 1
    assert answer(family, family.mother, blog="no") == []


def test_a_parent_answers_only_as_themselves_and_only_for_their_own_child(brize):
    family = make_family(brize)
    other = make_family(brize, "Bo")
    mother_login = with_login(family.mother)
    with_login(family.father)
    with pytest.raises(ApplicationError, match="only for themselves"):
        consent_answer(
            pupil=family.pupil, parent=family.father, answers={"blog": "yes"}, actor=mother_login
        )
    with pytest.raises(ApplicationError, match="not recorded as a parent"):
        consent_answer(
            pupil=other.pupil, parent=family.mother, answers={"blog": "yes"}, actor=mother_login
        )
    teacher = UserFactory()
    RoleFactory(user=teacher, school=brize, role="teacher")
    family.mother.user = teacher
    with pytest.raises(ActionDenied):
        consent_answer(
            pupil=family.pupil, parent=family.mother, answers={"blog": "yes"}, actor=teacher
        )
    assert not PhotoConsent.objects.exists()


# Renewal requests and reminders ----------------------------------------------


def send(school, django_capture_on_commit_callbacks, on):  # type: ignore[no-untyped-def]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = consent_renewals_send(school=school, base_url="https://sg.test", today=on)
    return counts, list(mail.outbox)


def test_requests_go_once_per_cycle_then_reminders_at_7_and_14_days(
    brize, django_capture_on_commit_callbacks
):
    family = make_family(brize)
    lapsing(family)

    def run(days):
        return send(brize, django_capture_on_commit_callbacks, today() + dt.timedelta(days))

    counts, sent = run(0)
    assert counts["request"] == 2
    assert sorted(m.to[0] for m in sent) == sorted([family.mother.email, family.father.email])
    assert run(0)[1] == []  # the same day again: nothing
    assert run(6)[1] == []
    counts, sent = run(7)
    assert counts["reminder_7"] == 2 and len(sent) == 2
    assert run(8)[1] == []
    counts, sent = run(14)
    assert counts["reminder_14"] == 2 and len(sent) == 2
    assert run(30)[1] == []
    assert RenewalRequest.objects.count() == 6


def test_a_renewal_ends_the_cycle_and_no_reminder_follows(
    brize, django_capture_on_commit_callbacks
):
    family = make_family(brize)
    lapsing(family)
    send(brize, django_capture_on_commit_callbacks, today())
    assert [r.pupil for r in renewals_unanswered(brize)] == [family.pupil]

    answer(family, family.father, **dict.fromkeys(USES, "yes"))

    assert list(renewals_unanswered(brize)) == []
    assert send(brize, django_capture_on_commit_callbacks, today() + dt.timedelta(days=7))[1] == []


def test_a_refusal_also_answers_the_request(brize, django_capture_on_commit_callbacks):
    family = make_family(brize)
    lapsing(family)
    send(brize, django_capture_on_commit_callbacks, today())
    answer(family, family.father, **dict.fromkeys(USES, "no"))
    assert list(renewals_unanswered(brize)) == []


def test_the_email_holds_only_links_to_the_parents_own_children(
    brize, django_capture_on_commit_callbacks
):
    first, second = make_family(brize, "Amara"), make_family(brize, "Zebedee")
    lapsing(first)
    lapsing(second)
    _, sent = send(brize, django_capture_on_commit_callbacks, today())
    [to_first] = [m for m in sent if m.to == [first.mother.email]]
    assert "https://sg.test" + reverse("consent:answer", args=[first.pupil.pk]) in to_first.body
    assert reverse("consent:answer", args=[second.pupil.pk]) not in to_first.body
    for message in sent:
        text = message.subject + message.body
        assert "Amara" not in text and "Zebedee" not in text
        assert first.pupil.surname not in text and "given" not in text.lower()


def test_a_parent_who_turned_renewal_emails_off_is_not_emailed_and_the_school_writes(
    brize, sign_in, django_capture_on_commit_callbacks
):
    family = make_family(brize)
    lapsing(family)
    mother = with_login(family.mother)
    page = sign_in(mother).post(reverse("notifications:preferences"), RENEWALS_OFF)
    assert page.status_code == 302
    counts, sent = send(brize, django_capture_on_commit_callbacks, today())
    assert [m.to for m in sent] == [[family.father.email]]
    assert counts["request"] == 1
    sign_in(family.father.user or with_login(family.father)).post(
        reverse("notifications:preferences"), RENEWALS_OFF
    )
    counts, sent = send(brize, django_capture_on_commit_callbacks, today() + dt.timedelta(7))
    assert sent == [] and counts["reminder_7"] == 0
    [row] = renewals_unanswered(brize)
    assert row.needs_letter  # nobody in the family is emailed now: the office writes


def test_a_family_without_email_is_counted_for_a_letter_and_never_emailed(
    brize, django_capture_on_commit_callbacks
):
    family = make_family(brize)
    for parent in (family.mother, family.father):
        parent.email = ""
        parent.save(update_fields=["email"])
    lapsing(family)
    counts, sent = send(brize, django_capture_on_commit_callbacks, today())
    assert counts["letters"] == 2 and sent == []
    [row] = renewals_unanswered(brize, letters_only=True)
    assert row.needs_letter
    assert send(brize, django_capture_on_commit_callbacks, today() + dt.timedelta(days=7))[1] == []


def test_a_school_whose_consent_never_lapses_sends_nothing(
    shire, django_capture_on_commit_callbacks
):
    family = make_family(shire)
    lapsing(family, days_ago=800)
    counts, sent = send(shire, django_capture_on_commit_callbacks, today())
    assert not any(counts.values()) and sent == []


def test_the_daily_job_is_on_the_timetable_and_safe_to_run_twice(
    brize, django_capture_on_commit_callbacks
):
    assert "consent_renewals" in [job.command for job in timetable()]
    lapsing(make_family(brize))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("consent_renewals", "--base-url", "https://sg.test/", stdout=out)
        call_command("consent_renewals", stdout=out)
    assert len(mail.outbox) == 2
    assert "Sent 2 renewal request(s)" in out.getvalue()
    assert AuditEntry.objects.filter(event="consent.renewals_requested").count() == 1


# The office's list -----------------------------------------------------------


def office_at(school):  # type: ignore[no-untyped-def]
    user = UserFactory()
    RoleFactory(user=user, school=school, role="office")
    return user


def test_the_office_searches_the_unanswered_list_and_pages_through_it(brize, sign_in):
    for name in ("Amara", "Bilal", "Cora"):
        lapsing(make_family(brize, name, class_name="5C" if name == "Cora" else "4B"))
    client = sign_in(office_at(brize))
    page = client.get(reverse("consent:renewals"))
    assert [r.pupil.first_name for r in page.context["renewals"]] == ["Amara", "Bilal", "Cora"]
    found = client.get(reverse("consent:renewals"), {"q": "5c"})
    assert [r.pupil.first_name for r in found.context["renewals"]] == ["Cora"]
    assert "not asked yet" in found.content.decode()


def test_the_list_pages_at_fifty(brize, sign_in):
    for n in range(51):
        lapsing(make_family(brize, f"Pupil{n:02d}"))
    client = sign_in(office_at(brize))
    assert len(client.get(reverse("consent:renewals")).context["renewals"]) == 50
    second = client.get(reverse("consent:renewals"), {"page": 2})
    assert len(second.context["renewals"]) == 1


def test_the_office_downloads_the_list_as_csv(brize, sign_in, django_capture_on_commit_callbacks):
    family = make_family(brize)
    lapsing(family)
    send(brize, django_capture_on_commit_callbacks, today())
    response = sign_in(office_at(brize)).get(reverse("consent:renewals_export"))
    text = response.content.decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.startswith("MIS ID,First name,Surname,Class,Uses,Lapses on")
    assert family.pupil.mis_id in row and family.mother.email in row
    assert row.endswith(",no")  # both parents have email: no letter needed
    assert today().isoformat() in row  # requested today
    pupil_page = sign_in(office_at(brize)).get(reverse("consent:pupil", args=[family.pupil.pk]))
    assert pupil_page.content.decode().count("Renewal request<") == 2  # one per parent
    assert AuditEntry.objects.filter(event="consent.renewals_exported").exists()


def test_the_office_prints_letters_for_families_without_email(brize, sign_in):
    family = make_family(brize)
    family.mother.email = family.father.email = ""
    family.mother.save()
    family.father.save()
    lapsing(family)
    lapsing(make_family(brize, "Emailed"))
    response = sign_in(office_at(brize)).get(reverse("consent:renewal_letters_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(event="consent.renewal_letters_printed")
    assert entry.extra == {"letters": 2, "pupils": [family.pupil.mis_id]}


# The parent's page and the pupil's page -----------------------------------------


def test_a_parent_renews_from_their_page_and_the_pupils_page_shows_the_history(
    brize, sign_in, client, django_capture_on_commit_callbacks
):
    family = make_family(brize)
    office = office_at(brize)
    lapsing(family, days_ago=400)
    mother = with_login(family.mother)
    url = reverse("consent:answer", args=[family.pupil.pk])
    form = sign_in(mother).get(url)
    assert form.status_code == 200 and "Photos of your child for the school blog" in (
        form.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, dict.fromkeys(USES, "yes") | {"press": "no"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "publishing:my_children"
    )
    assert photo_consent(family.pupil, "blog").allowed
    assert not photo_consent(family.pupil, "press").allowed
    [told] = [m for m in mail.outbox if "withdrew photo consent" in m.subject]
    assert told.to == [office.email] and "for press" in told.body

    staff = sign_in(office).get(reverse("consent:pupil", args=[family.pupil.pk]))
    history = staff.content.decode().split("<h2>History</h2>")[1]
    assert history.count("Online form") == 4 and "Withdrawn" in history


def test_a_parent_must_answer_every_use(brize, sign_in):
    family = make_family(brize)
    response = sign_in(with_login(family.mother)).post(
        reverse("consent:answer", args=[family.pupil.pk]), {"blog": "yes"}
    )
    assert response.status_code == 400 and "Choose yes or no." in response.content.decode()
    assert not PhotoConsent.objects.exists()


def test_another_familys_child_is_not_there(brize, sign_in):
    family, other = make_family(brize), make_family(brize, "Bo")
    client = sign_in(with_login(family.mother))
    url = reverse("consent:answer", args=[other.pupil.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, dict.fromkeys(USES, "yes")).status_code == 404
    assert not PhotoConsent.objects.exists()


def test_the_renewals_list_is_searched_ordered_and_paged_as_the_full_decision_says(brize):
    # Picked, searched and ordered in the database; each page decided as read.
    families = [
        make_family(brize, name, class_name=c)
        for name, c in [("Zebedee", "3A"), ("Amara", "4B"), ("Oliver", "3A"), ("Kemi", "4B")]
    ]
    for number, family in enumerate(families):
        lapsing(family, days_ago=360 - 5 * (number % 2))  # two lapse dates
        if number == 2:
            for parent in (family.mother, family.father):
                parent.email = ""
                parent.save(update_fields=["email"])
    rows = renewals_unanswered(brize)
    due = selectors.renewals_due(brize)
    assert [r.pupil for r in rows] == [r.pupil for r in due] and len(rows) == 4
    assert [r.pupil for r in rows[1:3]] == [r.pupil for r in due[1:3]]
    assert [r.pupil.first_name for r in renewals_unanswered(brize, q="4b")] == [
        r.pupil.first_name for r in due if r.pupil.class_name == "4B"
    ]
    assert [r.pupil.first_name for r in renewals_unanswered(brize, q="kem")] == ["Kemi"]
    assert [r.pupil.first_name for r in renewals_unanswered(brize, letters_only=True)] == [
        "Oliver"
    ]
