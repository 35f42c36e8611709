"""A school's own warning phrases (`moderation.triage`) reach every triage path alike."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse

from schoolgate.audit.models import AuditEntry
from schoolgate.moderation.models import Comment
from schoolgate.moderation.tests.factories import published_post
from schoolgate.moderation.triaging import school_triage_inputs, triage_for_school

PHRASE = "meet me at the gates"
TEXT = "Tell that teacher to meet me at the gates tomorrow afternoon."


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _add_phrase(client) -> None:
    response = client.post(
        reverse("policy:override"),
        {
            "target": "moderation.triage:phrases",
            "value": f"{PHRASE}, wait for * outside",
            "reason": "A parent used these words before an incident at pick-up.",
        },
    )
    assert response.status_code == 302


def _cli(capsys, tmp_path, school) -> dict:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "c1", "text": TEXT}) + "\n", encoding="utf-8")
    call_command("triage", school=school.slug, input=str(source))
    [line] = capsys.readouterr().out.splitlines()
    return json.loads(line)


def test_the_phrase_is_not_a_warning_until_the_school_adds_it(personas, capsys, tmp_path):
    [triaged] = triage_for_school(personas.school, [TEXT])
    assert not triaged.needs_head
    assert _cli(capsys, tmp_path, personas.school)["action"] != "escalate"


def test_a_phrase_the_head_adds_escalates_in_the_queue_and_on_the_command_line(
    personas, sign_in, client, capsys, tmp_path
):
    _add_phrase(sign_in(personas.head))
    assert AuditEntry.objects.filter(event="policy.override_set").exists()
    post = published_post(personas.school, personas.teacher)

    client.logout()
    client.post(
        reverse("moderation:comment_form", args=[post.school.slug, post.slug]),
        {"name": "Sam", "email": "sam@example.org", "relationship": "parent", "text": TEXT},
    )
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.ESCALATED
    assert "threat" in comment.labels
    assert any(PHRASE in f["reason"].lower() for f in comment.findings)

    out = _cli(capsys, tmp_path, personas.school)
    assert out["id"] == "c1" and out["action"] == "escalate"
    assert "threat" in out["labels"]


def test_a_wildcard_phrase_matches_words_between(personas, sign_in):
    _add_phrase(sign_in(personas.head))
    [triaged] = triage_for_school(personas.school, ["I'll wait for your son outside."])
    assert triaged.needs_head


def test_web_and_command_line_get_the_same_inputs(personas, sign_in):
    _add_phrase(sign_in(personas.head))
    from schoolgate.moderation.management.commands.triage import school_triage_settings

    web, cli = school_triage_inputs(personas.school), school_triage_settings(personas.school)
    assert web.phrases is cli.phrases  # compiled once, shared
    assert web.thresholds == cli.thresholds
    assert [h.category for h in web.phrases.find(TEXT)] == ["threat"]


def test_another_school_does_not_get_the_phrase(personas, sign_in):
    _add_phrase(sign_in(personas.head))
    [triaged] = triage_for_school(personas.other_school, [TEXT])
    assert not triaged.needs_head
