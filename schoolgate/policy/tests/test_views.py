"""The "Our policy" page and the override page."""

from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import school_policy
from schoolgate.policy.services import policy_override_set

OURS = "/policy/"
OVERRIDE = "/policy/override/"


def test_the_page_shows_the_schools_parameter_value_and_source(personas, sign_in):
    response = sign_in(personas.teacher).get(OURS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "How children may be named" in page
    assert "first_name_only" in page
    assert "shire &quot;Primary Blogger&quot;" in page


def test_the_page_follows_the_schools_own_profile(personas, sign_in):
    response = sign_in(personas.outsider).get(OURS)  # head at the brize school
    page = response.content.decode()
    assert "brize &quot;Privacy and Safeguarding&quot;" in page
    assert "shire &quot;Primary Blogger&quot;" not in page


def test_the_page_marks_a_parameter_the_school_changed(personas, sign_in):
    policy_override_set(
        school=personas.school,
        rule="consent.photo",
        param="expiry_months",
        value=12,
        reason="Renew every September.",
        actor=personas.head,
    )
    page = sign_in(personas.governor).get(OURS, {"q": "expiry_months"}).content.decode()
    assert "changed here</span></td>" in page
    assert "<td>12 <span" in page


def test_the_filter_keeps_only_matching_rules(personas, sign_in):
    page = sign_in(personas.dsl).get(OURS, {"q": "cyberbullying"}).content.decode()
    assert "Cyberbullying reports" in page
    assert "How children may be named" not in page


def test_a_filter_matching_nothing_shows_the_empty_state(personas, sign_in):
    page = sign_in(personas.dsl).get(OURS, {"q": "zebra crossing"}).content.decode()
    assert "No rule matches" in page
    assert '<h2 id="area-' not in page


def test_the_page_is_in_the_navigation_for_staff(personas, sign_in):
    page = sign_in(personas.office).get("/dashboard/").content.decode()
    assert 'href="/policy/"' in page


def test_a_head_overrides_a_parameter_through_the_form(personas, sign_in):
    client = sign_in(personas.head)
    response = client.post(
        OVERRIDE,
        {"target": "consent.photo:expiry_months", "value": "12", "reason": "Yearly renewal."},
    )
    assert response.status_code == 302
    assert school_policy(personas.school).param("consent.photo", "expiry_months") == 12


def test_a_bad_value_gets_a_form_error_and_changes_nothing(personas, sign_in):
    client = sign_in(personas.head)
    response = client.post(
        OVERRIDE,
        {"target": "publishing.child_naming:mode", "value": "nicknames", "reason": "Why not."},
    )
    assert response.status_code == 200
    assert "is not one of first_name_only, no_names, full_names" in response.content.decode()
    assert not ParameterOverride.objects.exists()


def test_an_unknown_role_in_a_list_gets_a_form_error(personas, sign_in):
    response = sign_in(personas.ceo).post(
        OVERRIDE,
        {"target": "channels.managers:roles", "value": "head, caretaker", "reason": "Cover."},
    )
    assert response.status_code == 200
    assert "a list drawn from" in response.content.decode()
    assert not ParameterOverride.objects.exists()


def test_the_override_page_lists_changes_with_a_remove_button(personas, sign_in):
    policy_override_set(
        school=personas.school,
        rule="moderation.praise",
        param="enabled",
        value=True,
        reason="We like praise.",
        actor=personas.head,
    )
    client = sign_in(personas.head)
    page = client.get(OVERRIDE).content.decode()
    assert "moderation.praise.enabled" in page and "We like praise." in page
    response = client.post(
        "/policy/override/remove/", {"rule": "moderation.praise", "param": "enabled"}
    )
    assert response.status_code == 302
    assert not ParameterOverride.objects.exists()
    assert school_policy(personas.school).enabled("moderation.praise") is False


def test_a_deputy_head_cannot_open_the_override_page(personas, sign_in):
    assert sign_in(personas.deputy).get(OVERRIDE).status_code == 403


def test_a_change_link_on_the_policy_page_preselects_the_parameter(personas, sign_in):
    client = sign_in(personas.head)
    page = client.get(OURS, {"q": "expiry_months"}).content.decode()
    assert "/policy/override/?rule=consent.photo&amp;param=expiry_months" in page
    form = client.get(OVERRIDE, {"rule": "consent.photo", "param": "expiry_months"})
    assert '<option value="consent.photo:expiry_months" selected>' in form.content.decode()


def test_a_teacher_sees_no_change_links(personas, sign_in):
    page = sign_in(personas.teacher).get(OURS).content.decode()
    assert "/policy/override/" not in page


def test_a_blank_reason_is_refused_on_the_form(personas, sign_in):
    response = sign_in(personas.head).post(
        OVERRIDE, {"target": "consent.photo:expiry_months", "value": "12", "reason": " "}
    )
    assert response.status_code == 200
    assert "Give a reason" in response.content.decode()
    assert not ParameterOverride.objects.exists()


def test_an_idle_limit_in_range_is_accepted(personas, sign_in):
    sign_in(personas.head).post(
        OVERRIDE, {"target": "security.session_idle:minutes", "value": "30", "reason": "Longer."}
    )
    assert ParameterOverride.objects.get().value == 30


def test_the_page_shows_a_statement_as_a_statement_not_as_enforced(personas, sign_in):
    page = sign_in(personas.teacher).get(OURS, {"q": "policy.explain"}).content.decode()
    assert '<span class="tag">statement</span>' in page
    assert "no single step enforces it" in page
    assert "Applied in:" not in page


def test_the_page_says_where_an_enforced_rule_is_applied(personas, sign_in):
    page = sign_in(personas.teacher).get(OURS, {"q": "moderation.approvers"}).content.decode()
    assert "Applied in: Approve or reject an ordinary comment." in page
    assert '<span class="tag">statement</span>' not in page
