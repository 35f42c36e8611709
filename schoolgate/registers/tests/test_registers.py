"""The registers of C5.1–C5.4: their services, access and exports."""

from __future__ import annotations

import csv
import html
import io

import pytest
from django.core import mail
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.people.tests.factories import ParentFactory, PupilFactory
from schoolgate.registers import selectors, services
from schoolgate.registers.models import ProfessionalAccount
from schoolgate.registers.tests.factories import (
    AccountFactory,
    DeclarationFactory,
    FriendRequestFactory,
)

ACCOUNT = {
    "platform": "x",
    "handle": "@larkspur_y6",
    "purpose": "Year 6 news",
    "audience": "Year 6 parents",
    "visibility": "private",
    "professional_only": True,  # shire "Facebook and Twitter"
}


# ---------------------------------------------------------------------------
# Professional accounts: approval before set-up, four eyes, exports
# ---------------------------------------------------------------------------


def test_a_requested_account_cannot_be_set_up_before_approval(personas):
    account = services.account_request(
        school=personas.school, data=ACCOUNT, actor=personas.teacher
    )
    with pytest.raises(ApplicationError, match="approved before it is set up"):
        services.account_set_up(account=account, actor=personas.teacher)
    account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.REQUESTED


def test_the_head_approves_and_then_the_account_is_set_up(personas):
    account = services.account_request(
        school=personas.school, data=ACCOUNT, actor=personas.teacher
    )
    services.account_decide(account=account, approve=True, reason="Good", actor=personas.head)
    services.account_set_up(account=account, actor=personas.teacher)
    assert account.status == ProfessionalAccount.Status.ACTIVE
    events = (
        AuditEntry.objects.filter(subject_id=str(account.pk))
        .order_by("seq")
        .values_list("event", flat=True)
    )
    assert list(events) == [
        "registers.account_requested",
        "registers.account_approved",
        "registers.account_set_up",
    ]


def test_the_requester_never_approves_their_own_account(personas):
    account = services.account_request(school=personas.school, data=ACCOUNT, actor=personas.head)
    with pytest.raises(ApplicationError, match="other than the person who asked"):
        services.account_decide(account=account, approve=True, reason="Mine", actor=personas.head)


def test_the_database_refuses_an_approver_who_is_the_requester(personas):
    account = AccountFactory(school=personas.school, requested_by=personas.head)
    account.status, account.decided_by = "approved", personas.head
    with pytest.raises(Exception, match="other than the requester"):
        account.full_clean()


def test_a_deputy_cannot_approve_where_the_policy_names_the_head(personas):
    account = services.account_request(
        school=personas.school, data=ACCOUNT, actor=personas.teacher
    )
    with pytest.raises(ActionDenied, match="Head of school / headteacher only"):
        services.account_decide(account=account, approve=True, reason="ok", actor=personas.deputy)


def test_a_public_account_needs_a_reason(personas):
    with pytest.raises(Exception, match="why the account needs to be public"):
        services.account_request(
            school=personas.school, data=ACCOUNT | {"visibility": "public"}, actor=personas.teacher
        )


def test_approvers_are_emailed_when_an_account_is_requested(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.account_request(school=personas.school, data=ACCOUNT, actor=personas.teacher)
    assert [m.to for m in mail.outbox] == [["head@larkspur.test"]]


def test_the_csv_export_lists_every_account_with_its_approver(personas, sign_in):
    account = AccountFactory(school=personas.school, requested_by=personas.teacher, handle="=cmd")
    services.account_decide(account=account, approve=True, reason="ok", actor=personas.head)
    AccountFactory(school=personas.other_school, handle="@elsewhere")
    response = sign_in(personas.head).get(reverse("registers:accounts_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Platform", "Handle", "Purpose"]
    assert len(rows) == 2
    assert rows[1][1] == "'=cmd"  # a formula never runs in Excel
    assert rows[1][7] == "Approved, not yet set up"
    assert rows[1][8] == str(personas.head)


def test_the_pdf_export_is_a_pdf_and_is_audited(personas, sign_in):
    AccountFactory(school=personas.school, requested_by=personas.teacher)
    response = sign_in(personas.head).get(reverse("registers:accounts_pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEntry.objects.filter(event="registers.exported").count() == 1


def test_a_teacher_sees_only_their_own_accounts(personas, sign_in, django_assert_max_num_queries):
    AccountFactory(school=personas.school, requested_by=personas.teacher, handle="@mine")
    AccountFactory(school=personas.school, requested_by=personas.office, handle="@theirs")
    client = sign_in(personas.teacher)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("registers:accounts"), {"q": "@"})
    assert "@mine" in response.text and "@theirs" not in response.text


def test_the_trust_view_lists_accounts_of_every_school_in_the_trust(personas, sign_in):
    from schoolgate.people.tests.factories import SchoolFactory

    sister = SchoolFactory(trust=personas.school.trust, name="Sister School")
    AccountFactory(school=personas.school, handle="@here")
    AccountFactory(school=sister, handle="@sister")
    AccountFactory(school=personas.other_school, handle="@othertrust")
    response = sign_in(personas.ceo).get(reverse("registers:trust_accounts"))
    assert "@here" in response.text and "@sister" in response.text
    assert "@othertrust" not in response.text


# ---------------------------------------------------------------------------
# Further applications
# ---------------------------------------------------------------------------


def test_ict_is_emailed_of_a_request_and_the_head_decides_with_reasons(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = services.application_request(
            school=personas.school,
            data={"application": "Padlet", "purpose": "Homework boards"},
            actor=personas.teacher,
        )
    assert ["ict@larkspur.test"] in [m.to for m in mail.outbox]  # ICT's own email
    with pytest.raises(ActionDenied):
        services.application_decide(request=request, approve=True, reasons="x", actor=personas.ict)
    services.application_decide(
        request=request, approve=False, reasons="Data abroad", actor=personas.head
    )
    assert request.status == "refused" and request.reasons == "Data abroad"


# ---------------------------------------------------------------------------
# Friend and follow requests
# ---------------------------------------------------------------------------


def test_a_friend_request_from_a_pupil_records_the_parents_told(personas, sign_in):
    pupil = PupilFactory(school=personas.school)
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("registers:friend_request_create"),
        {
            "platform": "instagram",
            "received_on": "2025-03-01",
            "sender_kind": "pupil",
            "pupil": pupil.pk,
        },
    )
    assert response.status_code == 302
    report = selectors.friend_requests_for(personas.head, personas.school).get()
    assert selectors.parents_to_tell(report)  # shire tells the parents
    services.friend_request_parents_told(report=report, whom="Mrs Brook", actor=personas.head)
    report.refresh_from_db()
    assert (report.parents_told, report.parents_told_by) == ("Mrs Brook", personas.head)
    assert report.parents_told_at is not None
    assert not selectors.parents_to_tell(report)


def test_parents_are_not_told_of_a_request_from_a_parent(personas):
    report = FriendRequestFactory(
        school=personas.school, sender_kind="parent", parent=ParentFactory(school=personas.school)
    )
    assert not selectors.parents_to_tell(report)
    with pytest.raises(ApplicationError):
        services.friend_request_parents_told(report=report, whom="x", actor=personas.head)


def test_the_designated_person_is_emailed_of_a_friend_request(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.friend_request_report(
            school=personas.school,
            data={"platform": "x", "sender_kind": "parent", "sender_name": "A parent"},
            actor=personas.teacher,
        )
    assert [m.to for m in mail.outbox] == [["head@larkspur.test"]]  # shire: the head
    assert "A parent" not in mail.outbox[0].body


# ---------------------------------------------------------------------------
# Declarations: Appendix 1 visible to HR alone, every view audited
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["head", "deputy", "dsl", "office", "ceo", "exec_head"])
def test_a_parent_contact_declaration_is_hidden_from_the_head_and_colleagues(personas, reader):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    with pytest.raises(Http404):
        selectors.access_declaration_for(personas.users[reader], declaration.pk)
    assert not selectors.declarations_for(personas.users[reader], personas.school).exists()


def test_hr_reads_a_parent_contact_declaration_and_each_view_is_audited(personas, sign_in):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    client = sign_in(personas.hr)
    url = reverse("registers:declaration", kwargs={"pk": declaration.pk})
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert client.get(
        reverse("registers:declaration_pdf", kwargs={"pk": declaration.pk})
    ).content.startswith(b"%PDF")
    views = AuditEntry.objects.filter(
        event="record.viewed", subject_id=str(declaration.pk)
    ).order_by("seq")
    assert [(v.actor_id, v.extra["how"]) for v in views] == [
        (personas.hr.pk, "page"), (personas.hr.pk, "page"), (personas.hr.pk, "PDF")
    ]  # fmt: skip


def test_the_declarant_sees_their_own_declaration(personas):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    assert selectors.access_declaration_for(personas.teacher, declaration.pk) == declaration


def test_a_family_link_goes_to_the_keepers_the_profile_names(personas):
    declaration = DeclarationFactory(
        school=personas.school, declarant=personas.teacher, kind="family_link"
    )
    assert selectors.access_declaration_for(personas.head, declaration.pk) == declaration
    with pytest.raises(Http404):
        selectors.access_declaration_for(personas.dsl, declaration.pk)


@pytest.fixture
def contact_form(personas):
    """The shire school with whmat's separate form for contact with parents (whmat 5.5)."""
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=personas.school,
        rule="registers.declarations",
        param="parent_contact_form",
        value=True,
        set_by=personas.head,
    )


def test_an_appendix_1_declaration_needs_friend_or_family_and_the_policy_read(
    personas, contact_form
):
    data = {"pupil_names": "Ava", "parent_names": "Jo", "signed_name": "Sam", "read_policy": True}
    with pytest.raises(Exception, match="friend or family"):
        services.declaration_make(
            school=personas.school, kind="parent_contact", data=data, actor=personas.teacher
        )


def test_a_declaration_a_year_old_is_due_and_confirming_clears_it(personas):
    import datetime

    old = timezone.localdate() - datetime.timedelta(days=400)
    declaration = DeclarationFactory(
        school=personas.school, declarant=personas.teacher, confirmed_on=old
    )
    assert selectors.is_due(declaration)
    assert list(selectors.declarations_for(personas.hr, personas.school, due=True)) == [
        declaration
    ]
    services.declaration_confirm(declaration=declaration, actor=personas.teacher)
    assert not selectors.is_due(declaration)
    assert not selectors.declarations_for(personas.hr, personas.school, due=True).exists()


def test_only_the_declarant_may_change_a_declaration(personas):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    with pytest.raises(Http404):
        selectors.access_declaration_for(personas.hr, declaration.pk, edit=True)


# ---------------------------------------------------------------------------
# The trust: its office's approvers, and its whole register as CSV and PDF
# ---------------------------------------------------------------------------


def _trust_office_member(personas, role="office"):  # type: ignore[no-untyped-def]
    from schoolgate.people.tests.factories import RoleFactory, UserFactory

    member = UserFactory(email="finance@trust.test", first_name="Fern")
    RoleFactory(user=member, school=None, trust=personas.school.trust, role=role)
    return member


def test_an_account_for_the_trust_office_is_approved_by_the_ceo_not_the_head(personas):
    member = _trust_office_member(personas)
    account = services.account_request(school=personas.school, data=ACCOUNT, actor=member)
    assert account.for_trust_office
    # shire's trust_office_approvers: the CEO (whmat 6.6's default for every profile).
    with pytest.raises(ActionDenied, match="trust's office"):
        services.account_decide(account=account, approve=True, reason="ok", actor=personas.head)
    with pytest.raises(Http404):
        selectors.access_account_for(personas.head, account.pk, action=selectors.APPROVE)
    services.account_decide(account=account, approve=True, reason="ok", actor=personas.ceo)
    account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.APPROVED
    assert account.decided_by == personas.ceo


def test_the_deputy_ceo_approves_the_ceos_own_request(personas):
    # whmat 2.4: what the policy says of the CEO includes the deputy CEO, so
    # the CEO's own account is not left with nobody to approve it.
    deputy = _trust_office_member(personas, role="deputy_ceo")
    account = services.account_request(school=personas.school, data=ACCOUNT, actor=personas.ceo)
    assert account.for_trust_office
    with pytest.raises(ApplicationError):
        services.account_decide(account=account, approve=True, reason="ok", actor=personas.ceo)
    services.account_decide(account=account, approve=True, reason="ok", actor=deputy)
    account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.APPROVED
    assert account.decided_by == deputy


def test_school_staff_still_ask_the_head_and_not_the_ceo(personas):
    account = services.account_request(
        school=personas.school, data=ACCOUNT, actor=personas.teacher
    )
    assert not account.for_trust_office
    assert selectors.may_approve(personas.head, account)
    assert not selectors.may_approve(personas.ceo, account)


def test_the_ceo_decides_a_trust_office_request_through_the_page(personas, sign_in):
    member = _trust_office_member(personas)
    account = services.account_request(school=personas.school, data=ACCOUNT, actor=member)
    url = reverse("registers:account_decide", kwargs={"pk": account.pk})
    assert sign_in(personas.head).post(url, DECIDE_OK).status_code == 404
    response = sign_in(personas.ceo).post(url, DECIDE_OK)
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == ProfessionalAccount.Status.APPROVED


def test_the_trust_office_approvers_are_emailed_of_its_requests(
    personas, django_capture_on_commit_callbacks
):
    member = _trust_office_member(personas)
    with django_capture_on_commit_callbacks(execute=True):
        services.account_request(school=personas.school, data=ACCOUNT, actor=member)
    assert [m.to for m in mail.outbox] == [[personas.ceo.email]]


DECIDE_OK = {"decision": "approve", "reason": "Fine for trust news."}


def test_the_ceo_downloads_the_trust_register_as_csv_and_pdf(personas, sign_in):
    from schoolgate.people.tests.factories import SchoolFactory

    sister = SchoolFactory(trust=personas.school.trust, name="Sister School")
    AccountFactory(school=personas.school, handle="@here")
    AccountFactory(school=sister, handle="@sister")
    AccountFactory(school=personas.other_school, handle="@othertrust")
    client = sign_in(personas.ceo)
    response = client.get(reverse("registers:trust_accounts_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["School", "Platform", "Handle"]
    # A leading @ is guarded like a formula, so Excel never runs it.
    assert sorted((r[0], r[2]) for r in rows[1:]) == [
        ("Larkspur Primary", "'@here"), ("Sister School", "'@sister")
    ]  # fmt: skip
    pdf = client.get(reverse("registers:trust_accounts_pdf"))
    assert pdf.content.startswith(b"%PDF")
    exports = AuditEntry.objects.filter(event="registers.exported").order_by("seq")
    assert [e.extra["format"] for e in exports] == ["CSV", "PDF"]
    assert "trust" in reverse("registers:trust_accounts_csv")
    listing = client.get(reverse("registers:trust_accounts"))
    assert reverse("registers:trust_accounts_pdf") in listing.text


# ---------------------------------------------------------------------------
# Declarations: the yearly re-confirmation reminders
# ---------------------------------------------------------------------------


def _old_declaration(personas, days=400):  # type: ignore[no-untyped-def]
    import datetime

    old = timezone.localdate() - datetime.timedelta(days=days)
    return DeclarationFactory(school=personas.school, declarant=personas.teacher, confirmed_on=old)


def test_a_due_declaration_is_reminded_once_a_day_and_again_a_week_later(
    personas, django_capture_on_commit_callbacks
):
    import datetime

    _old_declaration(personas)
    _old_declaration(personas, days=30)  # not yet due
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        first = services.declaration_reminders_send(school=personas.school, today=today)
        again = services.declaration_reminders_send(school=personas.school, today=today)
        next_day = today + datetime.timedelta(days=1)
        tomorrow = services.declaration_reminders_send(school=personas.school, today=next_day)
        week = today + datetime.timedelta(days=7)
        later = services.declaration_reminders_send(school=personas.school, today=week)
    assert (first, again, tomorrow, later) == (1, 0, 0, 1)
    assert [m.to for m in mail.outbox] == [[personas.teacher.email]] * 2
    # The email asks the person to sign in; it names no pupil or parent.
    assert "Ava" not in mail.outbox[0].body and "Jo Brook" not in mail.outbox[0].body


def test_confirming_or_withdrawing_stops_the_reminders(personas):
    import datetime

    confirmed, withdrawn = _old_declaration(personas), _old_declaration(personas)
    services.declaration_confirm(declaration=confirmed, actor=personas.teacher)
    services.declaration_withdraw(declaration=withdrawn, actor=personas.teacher)
    week = timezone.localdate() + datetime.timedelta(days=7)
    assert services.declaration_reminders_send(school=personas.school, today=week) == 0


def test_the_daily_reminders_task_sends_declaration_reminders(personas):
    from schoolgate.compliance.tasks import compliance_reminders_task

    _old_declaration(personas)
    assert compliance_reminders_task.enqueue().return_value["declarations"] == 1
    assert compliance_reminders_task.enqueue().return_value["declarations"] == 0
    assert AuditEntry.objects.filter(event="registers.declaration_reminded").count() == 1


# ---------------------------------------------------------------------------
# HR is told of a declaration and reviews it (issue 17 item 12)
# ---------------------------------------------------------------------------

CONTACT = {
    "job_title": "Teaching assistant",
    "pupil_names": "Ava Brook",
    "parent_names": "Jo Brook",
    "is_friend": True,
    "read_policy": True,
    "signed_name": "Sam Taylor",
}


def test_hr_is_emailed_when_a_contact_declaration_arrives_naming_nobody(
    personas, contact_form, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        declaration = services.declaration_make(
            school=personas.school, kind="parent_contact", data=CONTACT, actor=personas.teacher
        )
    [message] = mail.outbox
    assert message.to == ["hr@larkspur.test"]
    assert reverse("registers:declaration", kwargs={"pk": declaration.pk}) in message.body
    assert "Brook" not in message.body and "Brook" not in message.subject


def test_hr_marks_a_declaration_reviewed_with_a_note(personas, sign_in):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    client = sign_in(personas.hr)
    page = client.get(reverse("registers:declaration", kwargs={"pk": declaration.pk}))
    assert "Not reviewed yet." in page.content.decode()
    assert "Mark as reviewed" in page.content.decode()

    client.post(
        reverse("registers:declaration_review", kwargs={"pk": declaration.pk}),
        {"note": "No conflict: the TA does not teach Ava."},
    )

    declaration.refresh_from_db()
    assert declaration.reviewed_by == personas.hr
    assert declaration.review_note == "No conflict: the TA does not teach Ava."
    page = client.get(reverse("registers:declaration", kwargs={"pk": declaration.pk}))
    assert "Reviewed by" in page.content.decode()
    assert AuditEntry.objects.filter(event="registers.declaration_reviewed").count() == 1


def test_the_declarant_cannot_review_their_own_declaration(personas, sign_in):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    response = sign_in(personas.teacher).post(
        reverse("registers:declaration_review", kwargs={"pk": declaration.pk}), {"note": "fine"}
    )
    assert response.status_code == 404
    with pytest.raises(ApplicationError):
        services.declaration_review(declaration=declaration, note="", actor=personas.teacher)


def test_changing_a_reviewed_declaration_asks_for_a_new_review(
    personas, django_capture_on_commit_callbacks
):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    services.declaration_review(declaration=declaration, note="Fine.", actor=personas.hr)
    with django_capture_on_commit_callbacks(execute=True):
        services.declaration_update(
            declaration=declaration, data=CONTACT | {"parent_names": "Jo and Al Brook"},
            actor=personas.teacher,
        )  # fmt: skip
    declaration.refresh_from_db()
    assert declaration.reviewed_at is None and declaration.reviewed_by is None
    assert [m.to for m in mail.outbox] == [["hr@larkspur.test"]]


def test_hrs_dashboard_counts_the_declarations_not_reviewed_yet(personas, sign_in):
    declaration = DeclarationFactory(school=personas.school, declarant=personas.teacher)
    client = sign_in(personas.hr)
    page = client.get(reverse("web:dashboard")).content.decode()
    assert "1 declaration not reviewed yet" in page
    assert "Brook" not in page  # a count only
    services.declaration_review(declaration=declaration, note="", actor=personas.hr)
    assert "not reviewed yet" not in client.get(reverse("web:dashboard")).content.decode()
    # The declarant is not asked to review their own.
    assert (
        "not reviewed yet"
        not in sign_in(personas.teacher).get(reverse("web:dashboard")).content.decode()
    )


# ---------------------------------------------------------------------------
# Whom staff must not connect with: `forbidden` and the former-pupil age limit
# ---------------------------------------------------------------------------


def _former_pupil_request(school, reporter, *, age: int):  # type: ignore[no-untyped-def]
    received = timezone.localdate()
    born = received.replace(year=received.year - age) - timezone.timedelta(days=1)
    pupil = PupilFactory(school=school, status="former", date_of_birth=born)
    return FriendRequestFactory(
        school=school,
        reported_by=reporter,
        sender_kind="former_pupil",
        pupil=pupil,
        received_on=received,
    )


def test_brize_forbids_a_former_pupil_under_18_and_says_so_with_its_clause(personas, sign_in):
    report = _former_pupil_request(personas.other_school, personas.outsider, age=16)
    page = sign_in(personas.outsider).get(reverse("registers:friend_request", args=[report.pk]))
    text = html.unescape(page.content.decode())
    assert "Decline it: staff must not connect with former pupils under 18" in text
    assert 'brize "Privacy and Safeguarding"' in text
    assert selectors.friend_request_decision(report).outcome == "block"


def test_brize_does_not_forbid_a_former_pupil_of_18_or_over(personas, sign_in):
    report = _former_pupil_request(personas.other_school, personas.outsider, age=19)
    decision = selectors.friend_request_decision(report)
    assert decision.outcome == "allow"
    assert "was 19 when the request came" in decision.findings[0].reason
    page = sign_in(personas.outsider).get(reverse("registers:friend_request", args=[report.pk]))
    assert "Decline it" not in page.content.decode()


def test_shire_forbids_every_former_pupil_whatever_their_age(personas):
    report = _former_pupil_request(personas.school, personas.teacher, age=19)
    decision = selectors.friend_request_decision(report)
    assert decision.outcome == "block"
    assert "former pupils on personal accounts" in decision.findings[0].reason


def test_a_former_pupil_of_unknown_age_is_declined_under_an_age_limit(personas):
    report = FriendRequestFactory(
        school=personas.other_school, sender_kind="former_pupil", sender_name="Sam from 2015"
    )
    assert selectors.friend_request_decision(report).outcome == "block"


def test_the_forbidden_list_decides_whether_a_parents_request_is_declined(personas):
    shire = FriendRequestFactory(school=personas.school, sender_kind="parent")
    brize = FriendRequestFactory(school=personas.other_school, sender_kind="parent")
    assert selectors.friend_request_decision(shire).outcome == "block"
    decision = selectors.friend_request_decision(brize)
    assert decision.outcome == "allow"
    assert "does not forbid staff to connect with parents" in decision.findings[0].reason


def test_the_email_about_a_request_says_it_must_be_declined(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.friend_request_report(
            school=personas.school,
            data={"platform": "x", "sender_kind": "pupil", "sender_name": "A pupil"},
            actor=personas.teacher,
        )
    assert "Decline it: staff must not connect with pupils" in mail.outbox[0].body


# ---------------------------------------------------------------------------
# The separate form for contact with parents (registers.declarations:parent_contact_form)
# ---------------------------------------------------------------------------


def test_without_the_form_contact_with_a_parent_is_declared_as_a_link(personas, sign_in):
    from schoolgate.core.exceptions import ActionDenied

    with pytest.raises(ActionDenied, match="declare it as a family or social link"):
        services.declaration_make(
            school=personas.school, kind="parent_contact", data=CONTACT, actor=personas.teacher
        )
    client = sign_in(personas.teacher)
    page = client.get(reverse("registers:declarations")).content.decode()
    assert "Declare a family or social link" in page
    assert "Declare contact with a parent on personal social media" not in page
    url = reverse("registers:declaration_create", kwargs={"kind": "parent_contact"})
    assert client.get(url).status_code == 403


def test_with_the_form_staff_declare_contact_with_a_parent_on_it(personas, contact_form, sign_in):
    client = sign_in(personas.teacher)
    page = client.get(reverse("registers:declarations")).content.decode()
    assert "Declare contact with a parent on personal social media" in page
    url = reverse("registers:declaration_create", kwargs={"kind": "parent_contact"})
    assert client.get(url).status_code == 200
    declaration = services.declaration_make(
        school=personas.school, kind="parent_contact", data=CONTACT, actor=personas.teacher
    )
    assert declaration.kind == "parent_contact"
