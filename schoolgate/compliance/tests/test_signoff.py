"""Sign-off: status, answering, the first-login redirect, rights, reminders, export."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from schoolgate.compliance.models import Reminder, SignOff
from schoolgate.compliance.selectors import signoff_status, unsigned_count
from schoolgate.compliance.services import (
    policy_version_publish,
    signoff_query,
    signoff_reminders_send,
    signoff_sign,
)
from schoolgate.compliance.tests.factories import SignOffFactory
from schoolgate.core import permissions
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.permissions import decide, register
from schoolgate.people.tests.factories import UserFactory


@pytest.fixture
def version(personas):
    return policy_version_publish(school=personas.school, actor=personas.head, note="First")


def _fresh(user):
    """Return the user without the per-request caches."""
    return type(user).objects.get(pk=user.pk)


def test_publishing_numbers_versions_and_keeps_the_rendered_text(personas, version):
    second = policy_version_publish(school=personas.school, actor=personas.head, note="Again")
    assert (version.number, second.number) == (1, 2)
    assert "How children are named" in second.text
    assert second.signatory == personas.head.get_full_name()


def test_only_leaders_may_publish_a_version(personas):
    with pytest.raises(ActionDenied):
        policy_version_publish(school=personas.school, actor=personas.teacher, note="")


def test_status_reads_in_one_query(personas, version, django_assert_num_queries):
    user = _fresh(personas.teacher)
    signoff_status(user, personas.school)  # warms the role cache
    user.__dict__.pop("_signoff_cache")
    with django_assert_num_queries(1):
        status = signoff_status(user, personas.school)
        signoff_status(user, personas.school)
    assert status.outstanding is True
    assert status.version == 1


def test_signing_clears_the_outstanding_status(personas, version):
    signoff_sign(version=version, actor=personas.teacher)
    status = signoff_status(_fresh(personas.teacher), personas.school)
    assert status.signed and not status.outstanding


def test_a_new_version_asks_everyone_again(personas, version):
    signoff_sign(version=version, actor=personas.teacher)
    policy_version_publish(school=personas.school, actor=personas.head, note="Changed")
    status = signoff_status(_fresh(personas.teacher), personas.school)
    assert status.outstanding is True
    assert status.signed_any is True


def test_parents_are_never_asked_to_sign(personas, version):
    assert signoff_status(personas.parent, personas.school).required is False


def test_a_query_goes_to_the_head_and_is_not_a_signature(
    personas, version, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        signoff_query(
            version=version, actor=personas.teacher, question="Does 4.2 cover supply staff?"
        )
    status = signoff_status(_fresh(personas.teacher), personas.school)
    assert status.status == "query" and status.outstanding is True
    assert mail.outbox[-1].to == [personas.head.email]
    assert "supply staff" in mail.outbox[-1].body


def test_a_query_needs_a_question(personas, version):
    with pytest.raises(ApplicationError, match="Write your question"):
        signoff_query(version=version, actor=personas.teacher, question="  ")


def test_an_old_version_cannot_be_signed(personas, version):
    policy_version_publish(school=personas.school, actor=personas.head, note="Newer")
    with pytest.raises(ApplicationError, match="newer version"):
        signoff_sign(version=version, actor=personas.teacher)


# -- the first-login redirect ------------------------------------------------


def test_unsigned_staff_are_sent_to_sign_first(personas, version, sign_in):
    response = sign_in(personas.teacher).get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("compliance:sign"))


def test_signed_staff_reach_the_dashboard(personas, version, sign_in):
    SignOffFactory(version=version, user=personas.teacher)
    assert sign_in(personas.teacher).get(reverse("web:dashboard")).status_code == 200


def test_without_an_approved_version_nobody_is_redirected(personas, sign_in):
    assert sign_in(personas.teacher).get(reverse("web:dashboard")).status_code == 200


def test_signing_on_the_page_returns_to_where_they_were(personas, version, sign_in):
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("compliance:sign"),
        {"answer": "sign", "version": version.pk, "next": reverse("compliance:selfcheck")},
    )
    assert response["Location"] == reverse("compliance:selfcheck")
    assert SignOff.objects.get(user=personas.teacher).status == "signed"
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_the_sign_page_refuses_an_outside_next_url(personas, version, sign_in):
    response = sign_in(personas.teacher).post(
        reverse("compliance:sign"),
        {"answer": "sign", "version": version.pk, "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("web:dashboard")


def test_at_induction_off_leaves_new_starters_free(personas, version, sign_in):
    from schoolgate.policy.services import policy_override_set

    policy_override_set(
        school=personas.school,
        rule="signoff.required",
        param="at_induction",
        value=False,
        reason="Induction covers it",
        actor=personas.head,
    )
    assert sign_in(personas.teacher).get(reverse("web:dashboard")).status_code == 200


# -- rights depend on it -----------------------------------------------------


@pytest.fixture
def gated_action(monkeypatch):
    monkeypatch.setattr(permissions, "ACTIONS", dict(permissions.ACTIONS))
    register(
        "test.publish_post",
        "Publish a post",
        roles={"teacher", "head"},
        preconditions=["policy_signed", "training_current"],
    )
    return "test.publish_post"


def test_an_unsigned_teacher_may_not_publish_and_is_told_why(personas, version, gated_action):
    decision = decide(_fresh(personas.teacher), gated_action, personas.school)
    assert decision.allowed is False
    assert decision.findings[0].rule == "signoff.required"
    assert "sign version 1" in decision.summary
    assert decision.findings[0].source.startswith("shire policy")


def test_a_signed_teacher_may_publish(personas, version, gated_action):
    SignOffFactory(version=version, user=personas.teacher)
    assert decide(_fresh(personas.teacher), gated_action, personas.school).allowed is True


def test_lapsed_training_blocks_where_the_policy_says_so(personas, version, gated_action):
    from schoolgate.compliance.tests.factories import TrainingSessionFactory
    from schoolgate.policy.services import policy_override_set

    SignOffFactory(version=version, user=personas.teacher)
    policy_override_set(
        school=personas.school,
        rule="training.staff",
        param="blocks_publishing",
        value=True,
        reason="Trust decision",
        actor=personas.head,
    )
    decision = decide(_fresh(personas.teacher), gated_action, personas.school)
    assert decision.findings[0].rule == "training.staff"
    session = TrainingSessionFactory(
        school=personas.school,
    )
    session.attendees.add(personas.teacher)
    assert decide(_fresh(personas.teacher), gated_action, personas.school).allowed is True


# -- reminders and the HR register -------------------------------------------


def test_reminders_go_to_the_unsigned_and_do_not_repeat_within_the_interval(
    personas, version, django_capture_on_commit_callbacks
):
    SignOffFactory(version=version, user=personas.head)
    with django_capture_on_commit_callbacks(execute=True):
        first = signoff_reminders_send(school=personas.school)
    again = signoff_reminders_send(school=personas.school)
    assert first == unsigned_count(personas.school) > 0
    assert again == 0
    reminded = {m.to[0] for m in mail.outbox}
    assert personas.teacher.email in reminded
    assert personas.head.email not in reminded


def test_reminders_repeat_after_the_interval(personas, version):
    signoff_reminders_send(school=personas.school)
    Reminder.objects.update(sent_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert signoff_reminders_send(school=personas.school) > 0


def test_hr_exports_who_has_not_signed(personas, version, sign_in):
    SignOffFactory(version=version, user=personas.teacher)
    SignOffFactory(version=version, user=personas.hr)
    SignOffFactory(version=version, user=personas.head)
    response = sign_in(personas.hr).get(reverse("compliance:signoffs_csv") + "?outstanding=1")
    body = response.content.decode("utf-8-sig")
    assert personas.dsl.email in body
    assert personas.teacher.email not in body


def test_the_export_guards_against_formulas(personas, version, sign_in):
    SignOffFactory(version=version, user=personas.head)
    SignOffFactory(version=version, user=personas.hr)
    user = UserFactory(email="x@larkspur.test", first_name="=HYPERLINK(1)", last_name="")
    from schoolgate.people.tests.factories import RoleFactory

    RoleFactory(user=user, school=personas.school, role="teacher")
    body = sign_in(personas.hr).get(reverse("compliance:signoffs_csv")).content.decode()
    assert "'=HYPERLINK(1)" in body


def test_the_register_page_reads_in_few_queries(
    personas, version, sign_in, django_assert_max_num_queries
):
    SignOffFactory(version=version, user=personas.head)
    SignOffFactory(version=version, user=personas.hr)
    client = sign_in(personas.hr)
    client.get(reverse("compliance:signoffs"))
    for n in range(10):
        from schoolgate.people.tests.factories import RoleFactory

        RoleFactory(user=UserFactory(email=f"s{n}@larkspur.test"), school=personas.school)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("compliance:signoffs"))
    assert response.status_code == 200
    assert response.content.decode().count("Not signed") >= 10


# ---------------------------------------------------------------------------
# The head answers a query; HR finds people by name
# ---------------------------------------------------------------------------


def _query(personas, version):  # type: ignore[no-untyped-def]
    return signoff_query(version=version, actor=personas.teacher, question="May I use X?")


def test_the_head_answers_a_query_and_the_person_is_told_and_asked_to_sign(
    personas, version, sign_in, django_capture_on_commit_callbacks
):
    from schoolgate.audit.models import AuditEntry

    signoff = _query(personas, version)
    signoff_sign(version=version, actor=personas.head)
    client = sign_in(personas.head)
    listing = client.get(reverse("compliance:signoffs")).content.decode()
    url = reverse("compliance:query_reply", kwargs={"pk": signoff.pk})
    assert url in listing
    assert "May I use X?" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reply": "Only for class news, with approval."})
    assert response.status_code == 302
    assert mail.outbox[-1].to == [personas.teacher.email]
    assert "Only for class news" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(event="compliance.query_replied").count() == 1
    # The teacher now sees the answer and is asked to sign before anything else.
    teacher = sign_in(personas.teacher)
    redirected = teacher.get(reverse("web:dashboard"))
    assert redirected.status_code == 302 and reverse("compliance:sign") in redirected.url
    assert "Only for class news" in teacher.get(reverse("compliance:sign")).content.decode()


def test_a_query_is_answered_once_and_a_new_query_clears_the_answer(personas, version):
    from schoolgate.compliance.services import signoff_query_reply

    signoff = _query(personas, version)
    signoff_query_reply(signoff=signoff, reply="Yes.", actor=personas.head)
    with pytest.raises(ApplicationError, match="already been answered"):
        signoff_query_reply(signoff=signoff, reply="Again.", actor=personas.head)
    again = signoff_query(version=version, actor=personas.teacher, question="And Y?")
    assert (again.reply, again.replied_at) == ("", None)


def test_only_the_head_reads_a_query_and_others_find_nothing(personas, version, sign_in):
    signoff = _query(personas, version)
    url = reverse("compliance:query_reply", kwargs={"pk": signoff.pk})
    for name in ("head", "hr"):
        signoff_sign(version=version, actor=personas.users[name])
    for name in ("hr", "teacher", "outsider"):
        assert sign_in(personas.users[name]).get(url).status_code == 404
    signed = SignOffFactory(version=version, user=personas.office)
    missing = reverse("compliance:query_reply", kwargs={"pk": signed.pk})
    assert sign_in(personas.head).get(missing).status_code == 404


def test_hr_searches_the_sign_off_list_by_name(personas, version, sign_in):
    personas.teacher.first_name, personas.teacher.last_name = "Priya", "Okafor"
    personas.teacher.save()
    signoff_sign(version=version, actor=personas.hr)
    client = sign_in(personas.hr)
    page = client.get(reverse("compliance:signoffs"), {"q": "okafor"}).content.decode()
    assert personas.teacher.email in page and personas.office.email not in page
    csv_text = client.get(reverse("compliance:signoffs_csv"), {"q": "priya"}).content.decode()
    assert personas.teacher.email in csv_text and personas.office.email not in csv_text
    nobody = client.get(reverse("compliance:signoffs"), {"q": "zzz"}).content.decode()
    assert "Nobody on the staff list matches" in nobody


def test_no_reminder_while_a_query_waits_for_the_head_but_one_after_the_answer(personas, version):
    from schoolgate.compliance.services import signoff_query_reply

    signoff = _query(personas, version)
    signoff_reminders_send(school=personas.school)
    assert not Reminder.objects.filter(user=personas.teacher).exists()
    signoff_query_reply(signoff=signoff, reply="Yes.", actor=personas.head)
    signoff_reminders_send(school=personas.school)
    assert Reminder.objects.filter(user=personas.teacher).count() == 1


@pytest.mark.parametrize(("profile", "emailed"), [("stpeters", True), ("shire", False)])
def test_a_new_version_reaches_parents_where_the_policy_says_so(
    personas, sign_in, django_capture_on_commit_callbacks, profile, emailed
):
    from schoolgate.people.tests.factories import ParentFactory

    personas.school.profile = profile
    personas.school.save(update_fields=["profile"])
    ParentFactory(school=personas.school, email="jo.brook@example.test")
    ParentFactory(school=personas.school, email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(personas.head).post(
            reverse("compliance:version_publish"),
            {"approved_on": "2026-01-05", "signatory": "Ms Chair", "note": "New"},
            follow=True,
        )
    page = response.content.decode()
    assert [m.to for m in mail.outbox] == ([["jo.brook@example.test"]] if emailed else [])
    assert ("1 parents and carers have been emailed" in page) is emailed
    assert ("tell them in class" in page) is emailed


def test_a_parent_who_turned_policy_updates_off_is_not_emailed_a_new_version(
    personas, sign_in, django_capture_on_commit_callbacks
):
    from schoolgate.notifications.services import preferences_set
    from schoolgate.people.tests.factories import ParentFactory

    personas.school.profile = "stpeters"
    personas.school.save(update_fields=["profile"])
    ParentFactory(school=personas.school, email="jo.brook@example.test")
    ParentFactory(school=personas.school, email=personas.parent.email, user=personas.parent)
    preferences_set(user=personas.parent, choices={"compliance.policy_updated": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(personas.head).post(
            reverse("compliance:version_publish"),
            {"approved_on": "2026-01-05", "signatory": "Ms Chair", "note": "New"},
            follow=True,
        )
    assert [m.to for m in mail.outbox] == [["jo.brook@example.test"]]
    assert "1 parents and carers have been emailed" in response.content.decode()
