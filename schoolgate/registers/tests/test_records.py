"""The smaller registers (issue 15, section 4): who records, who reads and
answers, what is due, and that a confidential log stays confidential."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from schoolgate.audit.models import AuditEntry
from schoolgate.audit.selectors import visible_entries
from schoolgate.core.exceptions import ApplicationError
from schoolgate.people.tests.factories import RoleFactory, SchoolFactory, UserFactory
from schoolgate.policy.models import ParameterOverride
from schoolgate.registers import record_selectors as rs
from schoolgate.registers import record_services as services
from schoolgate.registers.logbooks import (
    ACCOUNT_REVIEWS,
    EVENT_PHOTOS,
    FILTERING_CHECKS,
    LOW_LEVEL_CONCERNS,
    PERMISSIONS,
    POLICY_DEPARTURES,
)
from schoolgate.registers.tests.factories import (
    AccountFactory,
    AccountReviewFactory,
    FilteringCheckFactory,
    LowLevelConcernFactory,
    PermissionRequestFactory,
)


def switch_on(school, rule, by):  # type: ignore[no-untyped-def]
    ParameterOverride.objects.create(
        school=school, rule=rule, param="enabled", value=True, reason="Test", set_by=by
    )
    school.__dict__.pop("_policy_cache", None)


def csv_rows(response):  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------
# The head's permissions (shire, stpeters, jessons)
# ---------------------------------------------------------------------------


def test_a_teacher_asks_and_the_head_grants_with_a_note(personas, sign_in):
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("registers:permissions_create"),
        {"kind": "pupils_social", "details": "Year 6 use the class blog's comments in science."},
    )
    entry = PERMISSIONS.model.objects.get()
    assert response.status_code == 302
    head = sign_in(personas.head)
    head.post(
        reverse("registers:permissions_answer", kwargs={"pk": entry.pk}),
        {"status": "granted", "note": "For the science week only."},
    )
    entry.refresh_from_db()
    assert (entry.status, entry.answered_by, entry.answer_note) == (
        "granted",
        personas.head,
        "For the science week only.",
    )
    page = head.get(reverse("registers:permissions_entry", kwargs={"pk": entry.pk}))
    assert "For the science week only." in page.text
    assert "shire &quot;Pupil" in page.text  # the clause the register keeps


def test_the_form_offers_what_the_schools_policy_reserves_to_the_head(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("registers:permissions_create"))
    assert "Pupils use a social network in class" in page.text
    assert "Use the school Wi-Fi for a personal account" not in page.text  # stpeters only
    stpeters = SchoolFactory(profile="stpeters")
    RoleFactory(user=personas.teacher, school=stpeters, role="teacher")
    form = PERMISSIONS.form(school=stpeters, user=personas.teacher)
    assert [c[0] for c in form.fields["kind"].choices] == ["wifi", "other"]


def test_nobody_answers_their_own_request_and_an_answer_needs_a_note(personas):
    entry = PermissionRequestFactory(school=personas.school, recorded_by=personas.head)
    with pytest.raises(ApplicationError, match="Someone else answers"):
        services.record_answer(
            book=PERMISSIONS, entry=entry, status="granted", note="ok", actor=personas.head
        )
    mine = PermissionRequestFactory(school=personas.school, recorded_by=personas.teacher)
    with pytest.raises(Exception, match="with a note"):
        services.record_answer(
            book=PERMISSIONS, entry=mine, status="refused", note=" ", actor=personas.head
        )


def test_only_the_roles_the_policy_names_grant(personas):
    entry = PermissionRequestFactory(school=personas.school, recorded_by=personas.teacher)
    with pytest.raises(ApplicationError, match="Only those the policy names"):
        services.record_answer(
            book=PERMISSIONS, entry=entry, status="granted", note="ok", actor=personas.deputy
        )


def test_staff_see_their_own_requests_and_the_head_downloads_all(personas, sign_in):
    PermissionRequestFactory(school=personas.school, recorded_by=personas.teacher, details="Mine")
    PermissionRequestFactory(school=personas.school, recorded_by=personas.office, details="Theirs")
    mine = rs.records_for(PERMISSIONS, personas.teacher, personas.school)
    assert [e.details for e in mine] == ["Mine"]
    rows = csv_rows(sign_in(personas.head).get(reverse("registers:permissions_csv")))
    assert rows[0][:3] == ["Permission for", "Asked by", "Asked on"]
    assert sorted(r[3] for r in rows[1:]) == ["Mine", "Theirs"]
    assert AuditEntry.objects.filter(event="registers.exported").count() == 1


def test_the_pdf_of_a_register_is_a_pdf(personas, sign_in):
    PermissionRequestFactory(school=personas.school, recorded_by=personas.teacher)
    response = sign_in(personas.head).get(reverse("registers:permissions_pdf"))
    assert response.content.startswith(b"%PDF")


def test_the_logbook_pdf_prints_dates_in_words_and_the_csv_keeps_them_sortable(personas, sign_in):
    entry = PermissionRequestFactory(
        school=personas.school, recorded_by=personas.teacher, until=dt.date(2027, 3, 5)
    )
    asked = dt.datetime(2026, 12, 6, 10, 30, tzinfo=timezone.get_current_timezone())
    type(entry).objects.filter(pk=entry.pk).update(created_at=asked)
    client = sign_in(personas.head)
    pdf = client.get(reverse("registers:permissions_pdf"))
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "6 December 2026" in text and "5 March 2027" in text
    assert "2026-12-06" not in text and "2027-03-05" not in text
    [row] = csv_rows(client.get(reverse("registers:permissions_csv")))[1:]
    assert "2026-12-06" in row and "2027-03-05" in row


def test_a_register_the_policy_does_not_keep_is_refused_with_its_reason(personas, sign_in):
    response = sign_in(personas.teacher).get(reverse("registers:low_level_concerns"))
    assert response.status_code == 403
    assert "keeps no register of low-level concerns" in response.text


# ---------------------------------------------------------------------------
# Low-level concerns (stpeters): confidential
# ---------------------------------------------------------------------------


@pytest.fixture
def concerns_on(personas):  # type: ignore[no-untyped-def]
    switch_on(personas.school, "registers.low_level_concerns", personas.head)
    return personas


def test_a_concern_is_read_by_its_keepers_and_its_recorder_alone(concerns_on):
    p = concerns_on
    concern = services.record_add(
        book=LOW_LEVEL_CONCERNS,
        school=p.school,
        data={"about": "Mr Quill, Year 3", "details": "Posted a photo of the classroom."},
        actor=p.teacher,
    )
    for reader in (p.teacher, p.dsl, p.head):
        assert rs.access_record_for(LOW_LEVEL_CONCERNS, reader, concern.pk) == concern
    for outsider in (p.office, p.deputy, p.hr, p.users["outsider"]):
        with pytest.raises(Http404):
            rs.access_record_for(LOW_LEVEL_CONCERNS, outsider, concern.pk)
    assert not rs.records_for(LOW_LEVEL_CONCERNS, p.office, p.school).exists()


def test_audit_entries_about_a_concern_are_hidden_from_those_who_cannot_open_it(
    concerns_on, sign_in
):
    p = concerns_on
    RoleFactory(user=p.office, school=p.school, role="head")  # reads the audit log
    p.office.__dict__.pop("_role_cache", None)
    concern = LowLevelConcernFactory(school=p.school, recorded_by=p.teacher)
    sign_in(p.dsl).get(reverse("registers:low_level_concerns_entry", kwargs={"pk": concern.pk}))
    seen = AuditEntry.objects.filter(event="record.viewed", subject_id=str(concern.pk))
    assert seen.count() == 1
    assert visible_entries(p.dsl, p.school).filter(event="record.viewed").exists()
    stranger = UserFactory()
    RoleFactory(user=stranger, school=p.school, role="deputy_head")
    assert not visible_entries(stranger, p.school).filter(event="record.viewed").exists()


def test_the_email_about_a_concern_names_nobody(concerns_on, django_capture_on_commit_callbacks):
    p = concerns_on
    with django_capture_on_commit_callbacks(execute=True):
        services.record_add(
            book=LOW_LEVEL_CONCERNS,
            school=p.school,
            data={"about": "Mr Quill", "details": "Shared a pupil's first name online."},
            actor=p.teacher,
        )
    assert sorted(m.to for m in mail.outbox) == [["dsl@larkspur.test"], ["head@larkspur.test"]]
    assert all("Quill" not in m.body + m.subject for m in mail.outbox)


# ---------------------------------------------------------------------------
# Filtering and monitoring checks (whmat 4.4, stpeters)
# ---------------------------------------------------------------------------


@pytest.fixture
def checks_on(personas):  # type: ignore[no-untyped-def]
    switch_on(personas.school, "registers.filtering_checks", personas.head)
    return personas


def test_concerning_use_in_a_check_is_reported_at_once(
    checks_on, sign_in, django_capture_on_commit_callbacks
):
    client = sign_in(checks_on.ict)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registers:filtering_checks_create"),
            {
                "checked_on": "2026-11-02",
                "systems": "Web filter",
                "fit_for_purpose": "on",
                "concerns": "A Year 6 laptop reached a chat site.",
            },
        )
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"[Schoolgate] Concerning social media use found"}
    assert sorted(m.to for m in mail.outbox) == [["dsl@larkspur.test"], ["head@larkspur.test"]]


def test_a_check_not_fit_for_purpose_says_why(checks_on, sign_in):
    response = sign_in(checks_on.ict).post(
        reverse("registers:filtering_checks_create"),
        {"checked_on": "2026-11-02", "systems": "Web filter"},
    )
    assert "Say what is not fit for purpose." in response.text
    assert not FILTERING_CHECKS.model.objects.exists()


def test_only_ict_records_a_check(checks_on):
    with pytest.raises(ApplicationError):
        services.record_add(
            book=FILTERING_CHECKS, school=checks_on.school, data={"systems": "x"},
            actor=checks_on.teacher,
        )  # fmt: skip


def test_the_next_check_is_due_every_interval_and_shown_overdue(checks_on, sign_in):
    school = checks_on.school
    assert rs.filtering_check_due(school) == rs.Due(None, True)
    FilteringCheckFactory(school=school, recorded_by=checks_on.ict, checked_on=dt.date(2026, 1, 5))
    due = rs.filtering_check_due(school, today=dt.date(2026, 4, 6))
    assert due == rs.Due(dt.date(2026, 4, 5), True)
    assert not rs.filtering_check_due(school, today=dt.date(2026, 4, 5)).overdue
    page = sign_in(checks_on.head).get(reverse("registers:filtering_checks"))
    assert "Overdue" in page.text


def test_the_list_says_how_often_a_check_is_due(checks_on, sign_in):
    today = timezone.localdate()
    FilteringCheckFactory(school=checks_on.school, recorded_by=checks_on.ict, checked_on=today)
    page = sign_in(checks_on.head).get(reverse("registers:filtering_checks"))
    assert "(every 3 months)" in page.text  # the interval the rule sets by default


# ---------------------------------------------------------------------------
# Reviews of professional accounts (whmat 6.11)
# ---------------------------------------------------------------------------


@pytest.fixture
def reviews_on(personas):  # type: ignore[no-untyped-def]
    switch_on(personas.school, "registers.account_reviews", personas.head)
    return personas


def _active(p, owner, handle, set_up):  # type: ignore[no-untyped-def]
    return AccountFactory(
        school=p.school, requested_by=owner, handle=handle, status="active",
        decided_by=p.head, set_up_at=set_up,
    )  # fmt: skip


def test_an_account_never_reviewed_is_overdue_one_interval_after_set_up(reviews_on):
    from django.utils import timezone

    p = reviews_on
    old = timezone.now() - dt.timedelta(days=120)
    account = _active(p, p.teacher, "@y6", old)
    rows = rs.account_reviews_due(p.teacher, p.school)
    assert [(r.account, r.due.overdue, r.last_reviewed) for r in rows] == [(account, True, None)]
    AccountReviewFactory(school=p.school, recorded_by=p.teacher, account=account)
    assert not rs.account_reviews_due(p.teacher, p.school)[0].due.overdue


def test_owners_review_their_own_accounts_and_the_head_reads_them_all(reviews_on, sign_in):
    from django.utils import timezone

    p = reviews_on
    mine = _active(p, p.teacher, "@mine", timezone.now())
    _active(p, p.office, "@theirs", timezone.now())
    form = ACCOUNT_REVIEWS.form(school=p.school, user=p.teacher)
    assert list(form.fields["account"].queryset) == [mine]
    AccountReviewFactory(
        school=p.school, recorded_by=p.teacher, account=mine, all_well=False,
        findings="An old post names a pupil in full.",
    )  # fmt: skip
    page = sign_in(p.head).get(reverse("registers:account_reviews"))
    assert "@theirs" in page.text and "@mine" in page.text
    rows = csv_rows(sign_in(p.head).get(reverse("registers:account_reviews_csv")))
    assert rows[1][3:] == ["yes", "An old post names a pupil in full."]


# ---------------------------------------------------------------------------
# Judgement calls outside the policy (shire "Introduction")
# ---------------------------------------------------------------------------


def test_a_judgement_call_goes_to_the_head_who_notes_it(
    personas, sign_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.record_add(
            book=POLICY_DEPARTURES,
            school=personas.school,
            data={"what": "Used my own phone on the trip", "justification": "No signal."},
            actor=personas.teacher,
        )
    assert sorted(m.to for m in mail.outbox) == [["exec_head@trust.test"], ["head@larkspur.test"]]
    page = sign_in(personas.head).get(
        reverse("registers:departures_entry", kwargs={"pk": entry.pk})
    )
    assert "Seek the HR team" in page.text  # shire: heads take HR's advice
    services.record_answer(
        book=POLICY_DEPARTURES, entry=entry, status="noted", note="Right call.",
        actor=personas.head,
    )  # fmt: skip
    entry.refresh_from_db()
    assert entry.get_status_display() == "Noted"


# ---------------------------------------------------------------------------
# Photos at school events (shire "Use of Mobile Phones")
# ---------------------------------------------------------------------------


def test_the_office_records_an_events_agreement_and_every_colleague_reads_it(personas, sign_in):
    client = sign_in(personas.office)
    client.post(
        reverse("registers:event_photos_create"),
        {
            "event": "Nativity",
            "held_on": "2026-12-10",
            "photos_allowed": "on",
            "terms": "Own child only; nothing shared online.",
        },
    )
    page = sign_in(personas.teacher).get(reverse("registers:event_photos"))
    assert "Own child only" in page.text
    assert "keep your phone out of the school building" in page.text  # the visitor notice
    refused = sign_in(personas.teacher).get(reverse("registers:event_photos_create"))
    assert refused.status_code == 403
    assert EVENT_PHOTOS.model.objects.count() == 1


# ---------------------------------------------------------------------------
# HR reminded about screening applicants (whmat 10.1)
# ---------------------------------------------------------------------------


def test_hr_is_reminded_not_to_screen_applicants_where_the_policy_says_so(personas, sign_in):
    dashboard = reverse("web:dashboard")
    assert "Recruiting: applicants" not in sign_in(personas.hr).get(dashboard).text  # shire
    switch_on(personas.school, "registers.recruitment_screening", personas.head)
    shown = sign_in(personas.hr).get(dashboard).text
    assert "Recruiting: applicants" in shown and "LinkedIn" in shown
    assert "Recruiting: applicants" not in sign_in(personas.teacher).get(dashboard).text


# ---------------------------------------------------------------------------
# No personal accounts on the school's pages (shire)
# ---------------------------------------------------------------------------

ACCOUNT = {
    "platform": "x",
    "handle": "@larkspur_y5",
    "purpose": "Year 5 news",
    "audience": "Year 5 parents",
    "visibility": "private",
}


def test_a_shire_account_request_confirms_no_personal_accounts(personas, sign_in):
    from schoolgate.registers.models import ProfessionalAccount

    client = sign_in(personas.teacher)
    refused = client.post(reverse("registers:account_create"), ACCOUNT)
    assert "This field is required" in refused.text
    assert not ProfessionalAccount.objects.exists()
    client.post(reverse("registers:account_create"), ACCOUNT | {"professional_only": "on"})
    assert ProfessionalAccount.objects.get().professional_only is True


def test_the_service_refuses_a_request_without_the_confirmation_where_the_rule_is_on(personas):
    from schoolgate.registers import services as account_services

    with pytest.raises(ApplicationError, match="only professional accounts"):
        account_services.account_request(
            school=personas.school, data=ACCOUNT, actor=personas.teacher
        )
    brize = personas.other_school  # brize's policy does not ask
    account = account_services.account_request(
        school=brize, data=ACCOUNT, actor=personas.users["outsider"]
    )
    assert account.professional_only is False


def test_a_logbook_shows_dates_in_words_and_downloads_them_sortable(checks_on, sign_in):
    FilteringCheckFactory(
        school=checks_on.school, recorded_by=checks_on.ict, checked_on=dt.date(2026, 11, 2)
    )
    client = sign_in(checks_on.head)
    listed = client.get(reverse("registers:filtering_checks")).text
    entry = FILTERING_CHECKS.model.objects.get()
    page = client.get(reverse("registers:filtering_checks_entry", args=[entry.pk])).text
    assert "2 November 2026" in listed and "2 November 2026" in page
    assert "2026-11-02" not in listed and "2026-11-02" not in page
    assert "2026-11-02" in client.get(reverse("registers:filtering_checks_csv")).text
