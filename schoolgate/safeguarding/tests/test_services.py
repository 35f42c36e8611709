"""Services: the LADO gate, evidence sealing, amendments, closing, notifications."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from schoolgate.audit.models import AuditEntry
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.people.tests.factories import RoleFactory
from schoolgate.safeguarding.models import Kind, Record
from schoolgate.safeguarding.services import (
    RecordRefused,
    evidence_attach,
    evidence_open,
    record_amend,
    record_close,
    step_record,
)
from schoolgate.safeguarding.tests.factories import PNG, make_evidence, make_record, staff_for


@pytest.fixture
def lado_record(personas):  # type: ignore[no-untyped-def]
    teacher = staff_for(personas.teacher, personas.school)
    return make_record(
        personas.school,
        personas.head,
        kind=Kind.ADULT_DISCLOSURE,
        staff=[teacher],
        disclosed_by=Record.DisclosedBy.PARENT,
    )


def test_action_against_staff_is_refused_until_the_lado_has_advised(personas, lado_record):
    with pytest.raises(RecordRefused) as refused:
        step_record(record=lado_record, code="action", note="Warning", actor=personas.head)
    finding = refused.value.finding
    assert finding.rule == "safeguarding.adult_disclosure"
    assert "until 'The LADO's advice recorded'" in finding.reason
    assert 'shire "Child Protection Guidance"' in finding.source
    assert not lado_record.steps.exists()


def test_action_is_recorded_once_the_lado_has_advised(personas, lado_record):
    for code in ("lado_referral", "lado_advice", "action"):
        step_record(record=lado_record, code=code, note="", actor=personas.head)
    assert list(lado_record.steps.values_list("code", flat=True)) == [
        "lado_referral",
        "lado_advice",
        "action",
    ]


def test_only_the_roles_the_policy_names_record_a_disclosure_about_an_adult(personas):
    teacher = staff_for(personas.teacher, personas.school)
    with pytest.raises(ActionDenied) as refused:
        make_record(personas.school, personas.dsl, kind=Kind.ADULT_DISCLOSURE, staff=[teacher])
    assert refused.value.decision.blocking[0].source.startswith("shire policy:")


def test_an_urgent_concern_needs_the_dsl_told_in_person(personas):
    with pytest.raises(ValidationError):
        make_record(personas.school, personas.teacher, urgency=Record.Urgency.URGENT)
    record = make_record(
        personas.school, personas.teacher, urgency="urgent", told_dsl_in_person=True
    )
    assert record.urgency == "urgent"


def test_the_routed_people_get_an_email_with_a_link_and_no_details(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record = make_record(personas.school, personas.teacher, place="Playground chat group")
    # One email each: neither sees the other's address.
    assert sorted(m.to for m in mail.outbox) == [["dsl@larkspur.test"], ["head@larkspur.test"]]
    message = mail.outbox[0]
    assert f"/safeguarding/records/{record.pk}/" in message.body
    assert "Playground" not in message.body and "group chat" not in message.body
    assert str(record.pupils.first()) not in message.body + message.subject
    assert str(record.school) not in message.body + message.subject  # a link, nothing more


def test_a_concern_about_the_executive_head_emails_the_chair_alone(
    personas, django_capture_on_commit_callbacks
):
    subject = staff_for(personas.exec_head, personas.school)
    with django_capture_on_commit_callbacks(execute=True):
        make_record(personas.school, personas.deputy, kind=Kind.STAFF_CONCERN, staff=[subject])
    assert [m.to for m in mail.outbox] == [["chair@trust.test"]]


def test_evidence_is_stored_encrypted_and_opens_to_the_original_bytes(personas):
    record = make_record(personas.school, personas.teacher)
    item = make_evidence(record, personas.teacher)
    stored = item.blob.open("rb").read()
    assert PNG not in stored and not stored.startswith(b"\x89PNG")
    assert item.content_type == "image/png"
    assert evidence_open(item=item, actor=personas.dsl) == PNG
    assert AuditEntry.objects.filter(event="safeguarding.evidence_viewed").count() == 1


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00executable", "can be kept as evidence"),
        (b"", "empty"),
    ],
)
def test_files_of_unacceptable_types_are_refused_with_a_reason(personas, data, reason):
    record = make_record(personas.school, personas.teacher)
    with pytest.raises(ApplicationError, match=reason):
        evidence_attach(record=record, filename="x.exe", data=data, actor=personas.teacher)
    assert not record.evidence.exists()


def test_no_file_is_ever_uploaded_to_an_indecent_images_record(personas):
    record = make_record(personas.school, personas.teacher, kind=Kind.INDECENT_IMAGES)
    with pytest.raises(RecordRefused) as refused:
        make_evidence(record, personas.teacher)
    assert refused.value.finding.rule == "safeguarding.indecent_images"


def test_audit_verify_catches_a_tampered_evidence_file(personas):
    record = make_record(personas.school, personas.teacher)
    item = make_evidence(record, personas.teacher)
    call_command("audit", "verify")
    storage, name = item.blob.storage, item.blob.name
    tampered = bytearray(storage.open(name).read())
    tampered[-5] ^= 0x01
    storage.delete(name)
    storage.save(name, ContentFile(bytes(tampered)))
    with pytest.raises(CommandError, match=f"evidence #{item.pk}"):
        call_command("audit", "verify")


def test_audit_verify_catches_a_missing_evidence_file(personas):
    item = make_evidence(make_record(personas.school, personas.teacher), personas.teacher)
    item.blob.storage.delete(item.blob.name)
    with pytest.raises(CommandError, match="missing"):
        call_command("audit", "verify")


def test_an_amendment_keeps_the_original_and_says_who_when_why(personas):
    record = make_record(personas.school, personas.teacher)
    record_amend(
        record=record, text="It was Tuesday.", reason="Misremembered", actor=personas.teacher
    )
    record.refresh_from_db()
    assert record.account == "Messages were shared in a group chat."
    amendment = record.amendments.get()
    assert (amendment.made_by, amendment.reason) == (personas.teacher, "Misremembered")


def test_closing_needs_a_reason(personas):
    record = make_record(personas.school, personas.teacher)
    with pytest.raises(ApplicationError, match="Say why"):
        record_close(record=record, reason="  ", actor=personas.dsl)
    record_close(record=record, reason="Resolved with parents", actor=personas.dsl)
    record.refresh_from_db()
    assert (record.status, record.closed_by) == ("closed", personas.dsl)


def test_a_concern_about_the_head_routes_to_the_executive_head_and_chair(personas):
    RoleFactory(user=personas.deputy, school=personas.school, role="teacher")
    subject = staff_for(personas.head, personas.school)
    record = make_record(
        personas.school, personas.deputy, kind=Kind.STAFF_CONCERN, staff=[subject]
    )
    assert set(record.routes.values_list("role", flat=True)) == {"executive_head", "chair"}
