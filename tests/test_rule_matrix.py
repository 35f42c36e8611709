"""Every rule, under every profile: what a person would notice (issue 14, item 4).

Like the access matrix: each rule has a row. A row's probe asks the real
decision (the engine's checks, the permission layer's actions, a service)
at a school working under one of the five profiles, and states the outcome
under each profile's own setting. Its `flip` then changes one setting as a
school could on the policy page (another value, or the rule off) and states
the outcome that follows, the same under every profile. So a row shows both
that the profile's value is applied and that the setting is what decides.

A rule with no row fails `test_every_rule_has_a_row`, as a URL with no row
fails the access matrix. Rules whose row is not written yet are listed in
NO_ROW_YET, which that test prints, so the count stays honest; rules still
in `policy.enforcement.PENDING` (nothing applies them yet) are among them.
Statement rules get a row asserting the policy page shows them as statements.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from conftest import signed_in
from schoolgate.accounts.middleware import LAST_SEEN
from schoolgate.accounts.policy import second_factor_required
from schoolgate.checks.names import Person
from schoolgate.compliance.selectors import (
    classes_overdue,
    parents_session_overdue,
    review_due_on,
)
from schoolgate.compliance.selfcheck import CONTEXT as PERSONAL
from schoolgate.compliance.selfcheck import PersonalPost
from schoolgate.consent.selectors import photo_consent
from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.core.exceptions import ActionDenied, ApplicationError
from schoolgate.core.permissions import decide
from schoolgate.devices.checks import HAND_IN_CONTEXT, TRIP_PHONE_CONTEXT, HandInFacts, LoanFacts
from schoolgate.devices.services import staff_phone_record
from schoolgate.moderation.services import (
    commenter_block,
    parent_meeting_record,
    platform_report_record,
)
from schoolgate.moderation.tests.factories import held_comment, make_comment, published_post
from schoolgate.moderation.triaging import triage_for_school
from schoolgate.people.tests.factories import (
    PupilFactory,
    RoleFactory,
    SchoolFactory,
    UserFactory,
)
from schoolgate.policy import enforcement
from schoolgate.policy.engine import PROFILE_CODES, REGISTRY, PolicyError, evaluate
from schoolgate.policy.models import ParameterOverride
from schoolgate.policy.selectors import forget_school_policy, school_policy
from schoolgate.policy.services import policy_override_set
from schoolgate.publishing.checks import (
    PUBLISH,
    Draft,
    PhotoInfo,
    PictureFacts,
    Roster,
    TaggedPupil,
)
from schoolgate.registers.checks import ACCOUNT_CONTEXT, AccountFacts
from schoolgate.safeguarding.selectors import routes_for
from schoolgate.sanctions.services import sanction_create


@pytest.fixture(autouse=True)
def photo_store(settings, tmp_path):
    """Photos the rows render are kept in the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


NOTHING = "nothing"  # no finding of the rule: the draft or post goes ahead unremarked


@dataclass(frozen=True)
class Scenario:
    """One school under one profile, and a way to make people with roles there."""

    school: Any

    def person(self, role: str) -> Any:
        user = UserFactory()
        trust_wide = role in {"ceo", "deputy_ceo", "chair", "trustee", "executive_head"}
        if trust_wide:
            RoleFactory(user=user, school=None, trust=self.school.trust, role=role)
        else:
            RoleFactory(user=user, school=self.school, role=role)
        return user


Probe = Callable[[Scenario], Any]


@dataclass(frozen=True)
class Row:
    """A rule's observable effect: per profile, then with one setting changed."""

    probe: Probe
    outcomes: Mapping[str, Any]  # profile code -> outcome under its own setting
    flip: tuple[str, Any] | None = None  # (parameter or "enabled", value)
    flipped: Any = None  # the outcome with the flip, under every profile
    floor: bool = False  # no setting changes it: switching the rule off is refused

    def __post_init__(self) -> None:
        assert self.outcomes is None or set(self.outcomes) == set(PROFILE_CODES)


def every(outcome: Any) -> dict[str, Any]:
    return dict.fromkeys(PROFILE_CODES, outcome)


def per(**outcomes: Any) -> dict[str, Any]:
    return outcomes


# ---------------------------------------------------------------------------
# Probes: each asks the real decision, never the parameter.
# ---------------------------------------------------------------------------


def _worst(findings: Iterable[Any], rule_id: str) -> str:
    order = {"info": 0, "warn": 1, "approval": 2, "block": 3}
    mine = [f.severity for f in findings if f.rule == rule_id]
    return max(mine, key=order.__getitem__) if mine else NOTHING


def engine_check(rule_id: str, context: str, subject: Callable[[], Any]) -> Probe:
    """Return a probe: how hard the rule's engine check bites on the subject (or NOTHING)."""

    def probe(scenario: Scenario) -> str:
        decision = evaluate(school_policy(scenario.school), context, subject())
        return _worst(decision.findings, rule_id)

    return probe


def publishing(rule_id: str, **draft: Any) -> Probe:
    return engine_check(rule_id, PUBLISH, lambda: Draft(**draft))


def allowed_roles(action: str, rule_id: str, roles: Iterable[str]) -> Probe:
    """Return a probe: which of these roles the permission layer lets take the action.

    Only refusals that come from this rule count (the action's role list when
    it takes its roles from the rule, or the rule's own precondition), so
    conditions of other rules (sign-off, training) do not hide the answer.
    """
    candidates = tuple(roles)

    def probe(scenario: Scenario) -> frozenset[str]:
        allowed = set()
        for role in candidates:
            decision = decide(scenario.person(role), action, scenario.school)
            if not any(f.rule in {rule_id, f"access.{action}"} for f in decision.findings):
                allowed.add(role)
        return frozenset(allowed)

    return probe


def shown_as_statement(rule_id: str) -> Probe:
    """Return a probe: the "Our policy" page tags the rule as a statement, not as enforced."""

    def probe(scenario: Scenario) -> bool:
        from django.test import Client

        client = signed_in(Client(), scenario.person("teacher"))
        page = client.get("/policy/", {"q": rule_id}).content.decode()
        article = page.partition(f'id="rule-{rule_id.replace(".", "")}"')[2]
        return '<span class="tag">statement</span>' in article and "Applied in:" not in article

    return probe


def refused_by(action: str, rule_id: str, role: str) -> Probe:
    """Return a probe: does this rule refuse someone with the role the action ("refused")?"""

    def probe(scenario: Scenario) -> str:
        decision = decide(scenario.person(role), action, scenario.school)
        return "refused" if any(f.rule == rule_id for f in decision.findings) else "allowed"

    return probe


def held_for_head(text: str) -> Probe:
    """Return a probe: does comment triage send this comment to the head?"""

    def probe(scenario: Scenario) -> bool:
        return triage_for_school(scenario.school, [text])[0].needs_head

    return probe


def page_shows(path: str, role: str, text: str) -> Probe:
    """Return a probe: does the page, opened by someone with the role, show the text?"""

    def probe(scenario: Scenario) -> bool:
        from django.test import Client

        client = signed_in(Client(), scenario.person(role))
        response = client.get(path)
        assert response.status_code == 200, f"{role} could not open {path}"
        return text in response.content.decode()

    return probe


def routed_to(kind: str, rule_id: str) -> Probe:
    """Return a probe: the roles a new safeguarding record of the kind reaches through the rule."""

    def probe(scenario: Scenario) -> frozenset[str]:
        routes = routes_for(scenario.school, kind, [])
        return frozenset(role for role, rule in routes.items() if rule == rule_id)

    return probe


def attempt(action: Callable[[Scenario], Any], done: str) -> Probe:
    """Return a probe: the service call succeeds (`done`) or is refused ("refused")."""

    def probe(scenario: Scenario) -> str:
        try:
            action(scenario)
        except (ApplicationError, ActionDenied):
            return "refused"
        return done

    return probe


def _comment_on_a_post(scenario: Scenario) -> Any:
    slug = f"assembly-{UserFactory._meta.model.objects.count()}"  # a new post each time
    post = published_post(scenario.school, scenario.person("teacher"), slug=slug)
    return make_comment(post, "Lovely assembly, well done everyone!")


def _escalated_comment(scenario: Scenario) -> Any:
    return held_comment(scenario.school, scenario.person("teacher"), status="escalated")


def _block_commenter(scenario: Scenario) -> Any:
    comment = _escalated_comment(scenario)
    return commenter_block(comment=comment, reason="Abusive.", actor=scenario.person("head"))


def _report_under_13(scenario: Scenario) -> Any:
    return platform_report_record(
        comment=_escalated_comment(scenario),
        platform="facebook",
        reason="under_13",
        actor=scenario.person("head"),
    )


def _meet_the_parent(scenario: Scenario) -> Any:
    return parent_meeting_record(
        comment=_escalated_comment(scenario),
        meeting_at=SCHOOL_DAY,
        attendees="Head, parent",
        outcome="Agreed to take the comment down.",
        actor=scenario.person("head"),
    )


def _record_own_imei(scenario: Scenario) -> Any:
    teacher = scenario.person("teacher")
    return staff_phone_record(school=scenario.school, imei="490154203237518", actor=teacher)


def classes_behind(scenario: Scenario) -> tuple[str, ...]:
    """The classes the compliance page lists as owed an online-safety session."""
    PupilFactory(school=scenario.school, class_name="4B")
    return tuple(classes_overdue(scenario.school, SCHOOL_DAY.date()))


def parents_owed_a_session(scenario: Scenario) -> bool:
    return parents_session_overdue(scenario.school, SCHOOL_DAY.date())


def teacher_needs_second_factor(scenario: Scenario) -> bool:
    return second_factor_required(scenario.person("teacher"), [scenario.school])


def next_review(scenario: Scenario) -> Any:
    """The day the compliance pages say the policy is next reviewed."""
    return review_due_on(scenario.school)


def blog_consent_in_october(scenario: Scenario) -> bool:
    """A parent agreed to blog photos on 3 September 2025: may a photo go up on 1 October 2026?"""
    consent = PhotoConsentFactory(pupil=PupilFactory(school=scenario.school), use="blog")
    return photo_consent(consent.pupil, "blog", on=dt.date(2026, 10, 1)).allowed


def signed_out_after_40_idle_minutes(scenario: Scenario) -> bool:
    """A teacher comes back to a page after 40 minutes away: still signed in?"""
    from django.test import Client

    client = signed_in(Client(), scenario.person("teacher"))
    session = client.session
    session[LAST_SEEN] = time.time() - 40 * 60
    session.save()
    response = client.get("/policy/")
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def change_without_reason(scenario: Scenario) -> str:
    """A head changes a parameter on the policy page and gives no reason."""
    try:
        policy_override_set(
            school=scenario.school,
            rule="consent.photo",
            param="renewal_notice_days",
            value=21,
            reason="",
            actor=scenario.person("head"),
        )
    except ApplicationError:
        return "refused"
    return "saved"


def ict_ban_by_head(scenario: Scenario) -> str:
    """The head imposes an ICT ban on a pupil: imposed, or refused."""
    try:
        sanction_create(
            school=scenario.school,
            kind="ict_ban",
            starts_on=dt.date(2026, 3, 4),
            reason="Used a classmate's login.",
            actor=scenario.person("head"),
            pupil=PupilFactory(school=scenario.school),
        )
    except (ApplicationError, ActionDenied):
        return "refused"
    return "imposed"


# Small scenario builders for the publish checks.
PUPIL = Person(id="p1", role="pupil", first_name="Amelia", surname="Thornbury")


def roster() -> Roster:
    return Roster([PUPIL])


SCHOOL_DAY = dt.datetime(2026, 3, 4, 10, 40, tzinfo=dt.UTC)  # a Wednesday, mid-morning
TRIP_BACK = dt.datetime(2026, 3, 4, 17, 0, tzinfo=dt.UTC)

# Who is asked "may you?": school roles, and the executive head who works across the trust.
CANDIDATES = (
    "head",
    "deputy_head",
    "teacher",
    "office",
    "hr",
    "dsl",
    "ict",
    "governor",
    "executive_head",
)

# ---------------------------------------------------------------------------
# The rows.
# ---------------------------------------------------------------------------

ROWS: dict[str, Row] = {}


def row(
    rule_id: str,
    probe: Probe,
    outcomes: Mapping[str, Any],
    flip: tuple[str, Any] | None = None,
    flipped: Any = None,
) -> None:
    assert rule_id not in ROWS, f"{rule_id} has two rows"
    ROWS[rule_id] = Row(probe, outcomes, flip, flipped)


def floor_row(rule_id: str, probe: Probe, outcomes: Mapping[str, Any]) -> None:
    """Add the row of a rule no setting changes: switching it off is refused by a floor."""
    assert rule_id not in ROWS, f"{rule_id} has two rows"
    ROWS[rule_id] = Row(probe, outcomes, ("enabled", False), None, floor=True)


def heads(*roles: str) -> frozenset[str]:
    return frozenset(roles)


# C1 The policy itself
row("policy.explain", shown_as_statement("policy.explain"), every(True))
row("people.pupils", shown_as_statement("people.pupils"), every(True))

row(
    "policy.overrides",
    change_without_reason,
    every("refused"),  # every change is kept in the audit trail with its reason
    ("reason_required", False),
    "saved",
)

# C3 Publishing: the engine's checks before a post goes out
AMELIA = "Well done Amelia Thornbury for her poem."
row(
    "publishing.child_naming",
    publishing("publishing.child_naming", body=AMELIA, roster=roster()),
    every("block"),  # a full name: first names only (or none) under every profile
    ("mode", "full_names"),
    NOTHING,
)
row(
    "publishing.personal_data",
    publishing("publishing.personal_data", body="Tickets from Jo on 07700 900123 after school."),
    every("block"),
    ("kinds", ["email"]),
    NOTHING,
)
row(
    "publishing.content_standards",
    publishing("publishing.content_standards", body="What a load of shit this weather is."),
    every("block"),
    ("categories", ["extremist", "political"]),  # the floor: the law's two stay
    NOTHING,
)
row(
    "publishing.individual_matters",
    publishing(
        "publishing.individual_matters",
        body="Amelia Thornbury's parents have complained about her detention.",
        roster=roster(),
    ),
    every("block"),
    ("severity", "warn"),
    "warn",
)
row(
    "publishing.copyright",
    publishing(
        "publishing.copyright",
        body="Our trip to the museum.",
        photos=[PhotoInfo(file_name="found.jpg", third_party=True)],
    ),
    every("warn"),
    ("cite_sources", False),
    NOTHING,
)
row(
    "publishing.approval",
    publishing(
        "publishing.approval",
        body="Sports day is on Friday.",
        author_roles=frozenset({"teacher"}),
    ),
    # shire lets teachers publish to the blog directly; the others approve first.
    per(
        shire=NOTHING, jessons="approval", whmat="approval", stpeters="approval", brize="approval"
    ),
    ("direct_publishers", ["teacher"]),
    NOTHING,
)
row(
    "consent.photo_required",
    publishing(
        "consent.photo_required",
        body="Our class assembly.",
        tagged=[TaggedPupil(id="p1", first_name="Amelia", consent=False)],
    ),
    every("block"),
    ("severity", "warn"),
    "warn",
)
row(
    "consent.colleagues",
    publishing(
        "consent.colleagues",
        body="Our class assembly.",
        pictures=[PictureFacts(number=1, colleagues=("Ms Okafor has not agreed to appear.",))],
    ),
    every("warn"),
    ("severity", "block"),
    "block",
)
row(
    "devices.school_devices_only",
    publishing(
        "devices.school_devices_only",
        body="Our class assembly.",
        pictures=[PictureFacts(number=1, device="unknown", camera="a personal phone")],
    ),
    per(shire="block", jessons="warn", whmat="block", stpeters="warn", brize="warn"),
    ("unknown_device", "warn"),
    "warn",
)

# C5 Staff's own social media: the self-check's engine checks
row(
    "selfcheck.personal_profile",
    engine_check(
        "selfcheck.personal_profile",
        PERSONAL,
        lambda: PersonalPost(
            profile_text="Teacher at Larkspur Primary", post="Busy week in class with year 5."
        ),
    ),
    # whmat and stpeters ask for a disclaimer on a post about work.
    per(shire=NOTHING, jessons=NOTHING, whmat="warn", stpeters="warn", brize=NOTHING),
    ("enabled", False),
    NOTHING,
)
row(
    "selfcheck.working_hours",
    engine_check(
        "selfcheck.working_hours",
        PERSONAL,
        lambda: PersonalPost(post="Lovely walk.", posting_at=SCHOOL_DAY),
    ),
    # 10:40 falls in stpeters' morning break; jessons has no working-hours rule.
    per(shire="warn", jessons=NOTHING, whmat="warn", stpeters=NOTHING, brize="warn"),
    ("day_start", "11:00"),
    NOTHING,
)

# C8 Devices and phones
row(
    "devices.trip_phone",
    engine_check(
        "devices.trip_phone",
        TRIP_PHONE_CONTEXT,
        lambda: LoanFacts(
            expected_back_at=TRIP_BACK, now=TRIP_BACK + dt.timedelta(hours=30), returned=False
        ),
    ),
    per(shire="block", jessons=NOTHING, whmat=NOTHING, stpeters=NOTHING, brize=NOTHING),
    ("enabled", False),
    NOTHING,
)
row(
    "devices.pupil_phones",
    engine_check(
        "devices.pupil_phones", HAND_IN_CONTEXT, lambda: HandInFacts(failures=3, banned=False)
    ),
    per(shire="approval", jessons=NOTHING, whmat=NOTHING, stpeters=NOTHING, brize=NOTHING),
    ("enabled", False),
    NOTHING,
)

# Who may: the permission layer's actions whose roles a rule names. The flip
# names the office instead, so only the office may.
OFFICE = frozenset({"office"})
WHO_MAY = [
    (
        "channels.managers",
        "publishing.manage_channels",
        per(
            shire=heads("head"),
            jessons=heads("head", "deputy_head"),
            whmat=heads("head", "ict"),
            stpeters=heads("head", "ict", "executive_head"),
            brize=heads("head"),
        ),
    ),
    ("channels.staff_blog_accounts", "publishing.blog_accounts", every(heads("head"))),
    (
        "moderation.escalate_to",
        "moderation.decide_escalated",
        per(
            shire=heads("head"),
            jessons=heads("head"),
            whmat=heads("head"),
            stpeters=heads("head", "executive_head"),
            brize=heads("head"),
        ),
    ),
    ("registers.professional_accounts", "registers.approve_account", every(heads("head"))),
    ("registers.new_applications", "registers.decide_application", every(heads("head"))),
    (
        "registers.friend_requests",
        "registers.view_friend_requests",
        per(
            shire=heads("head"),
            jessons=heads("dsl"),
            whmat=heads("dsl"),
            stpeters=heads("head", "executive_head"),
            brize=heads("dsl"),
        ),
    ),
    (
        "registers.declarations",
        "registers.view_link_declarations",
        per(
            shire=heads("head"),
            jessons=heads("head"),
            whmat=heads("hr"),
            stpeters=heads("head"),
            brize=heads("head"),
        ),
    ),
    (
        "safeguarding.adult_disclosure",
        "safeguarding.record_adult_disclosure",
        per(
            shire=heads("head"),
            jessons=heads("head", "dsl"),
            whmat=heads("head", "dsl"),
            stpeters=heads("head", "dsl"),
            brize=heads("head", "dsl"),
        ),
    ),
    ("signoff.required", "compliance.signoffs_view", every(heads("head", "hr"))),
    ("sanctions.pupil_phone_ban", "sanctions.decide_pupil_phone_ban", every(heads("head"))),
    (
        "sanctions.parent_interaction",
        "sanctions.decide_parent_interaction",
        per(
            shire=heads("head"),
            jessons=heads("head"),
            whmat=heads("head"),
            stpeters=heads("executive_head"),
            brize=heads("head"),
        ),
    ),
    ("sanctions.commenter_block", "sanctions.decide_commenter_block", every(heads("head"))),
    ("people.roles", "people.grant_appointed_roles", every(heads("head", "executive_head"))),
]
PARAM_OF = {
    "channels.managers": "roles",
    "channels.staff_blog_accounts": "roles",
    "moderation.escalate_to": "roles",
    "registers.professional_accounts": "approvers",
    "registers.new_applications": "deciders",
    "registers.friend_requests": "report_to",
    "registers.declarations": "kept_by",
    "safeguarding.adult_disclosure": "recorded_by",
    "signoff.required": "tracked_by",
    "sanctions.pupil_phone_ban": "decided_by",
    "sanctions.parent_interaction": "decided_by",
    "sanctions.commenter_block": "decided_by",
    "people.roles": "appointed_by",
}
for rule_id, action, outcomes in WHO_MAY:
    row(
        rule_id,
        allowed_roles(action, rule_id, CANDIDATES),
        outcomes,
        (PARAM_OF[rule_id], ["office"]),
        OFFICE,
    )


# shire "Primary Blogger": any account holder approves comments (C4.1), which
# means staff with a blog account, not any staff role: an agency worker with
# an account approves there, and nowhere else.
def account_holder_approves(role: str) -> Probe:
    """Return a probe: may someone with the role and an open blog account approve comments?"""

    def probe(scenario: Scenario) -> bool:
        from schoolgate.publishing.models import BlogAccount

        person = scenario.person(role)
        BlogAccount.objects.create(school=scenario.school, user=person, created_by=person)
        decision = decide(person, "moderation.approve", scenario.school)
        return not any(
            f.rule in {"moderation.approvers", "access.moderation.approve"}
            for f in decision.findings
        )

    return probe


row(
    "moderation.approvers",
    account_holder_approves("agency"),
    per(shire=True, jessons=False, whmat=False, stpeters=False, brize=False),
    ("any_account_holder", False),
    False,
)
row(
    "moderation.praise",
    allowed_roles("moderation.praise", "moderation.praise", CANDIDATES),
    per(shire=heads(), jessons=heads(), whmat=heads(), stpeters=heads(), brize=heads("head")),
    ("enabled", False),
    heads(),
)
row(
    "training.staff",
    refused_by("publishing.publish", "training.staff", "teacher"),
    every("allowed"),  # no profile stops a teacher with no training record publishing
    ("blocks_publishing", True),
    "refused",
)
row(
    "moderation.triage",
    held_for_head("Someone saw a purple elephant by the gate."),
    every(False),
    ("phrases", ["purple elephant"]),
    True,
)
row(
    "sanctions.ict_ban",
    ict_ban_by_head,
    per(shire="imposed", jessons="refused", whmat="refused", stpeters="refused", brize="refused"),
    ("enabled", False),
    "refused",
)

# C3.9 and C3.10: what the channels page says every channel carries
row(
    "channels.one_way",
    page_shows("/publishing/channels/", "head", "These pages share school news only."),
    per(shire=True, jessons=False, whmat=False, stpeters=False, brize=False),
    ("enabled", False),
    False,
)
row(
    "channels.professional_label",
    page_shows(
        "/publishing/channels/", "head", "Official channel of the school, run by its staff."
    ),
    every(True),
    ("label", "School news, written by our staff."),
    False,
)

# C7 Safeguarding: who a new record about a pupil reaches, through each rule
DSL, HEAD = heads("dsl"), heads("head")
BOTH = heads("head", "dsl")
ROUTED = [
    (
        "safeguarding.cyberbullying",
        "cyberbullying",
        "report_to",
        per(shire=HEAD, jessons=BOTH, whmat=BOTH, stpeters=BOTH, brize=BOTH),
    ),
    (
        "safeguarding.prevent",
        "prevent",
        "report_to",
        per(
            shire=heads("head", "executive_head", "trustee"),
            jessons=DSL,
            whmat=DSL,
            stpeters=DSL,
            brize=DSL,
        ),
    ),
    # The sighting record follows report_to even where the rule is off (issue 15).
    ("safeguarding.sightings", "sighting", "report_to", every(DSL)),
    (
        "safeguarding.indecent_images",
        "indecent_images",
        "tell",
        per(shire=BOTH, jessons=HEAD, whmat=BOTH, stpeters=BOTH, brize=BOTH),
    ),
    ("safeguarding.breaches", "breach", "handled_by", every(heads("head", "hr"))),
    ("safeguarding.confidential_records", "pupil_disclosure", "viewers", every(HEAD)),
]
for rule_id, kind, param, outcomes in ROUTED:
    row(rule_id, routed_to(kind, rule_id), outcomes, (param, ["office"]), OFFICE)
# A concern about a pupil always reaches the DSL (a floor): the flip adds the office.
row(
    "safeguarding.routing",
    routed_to("pupil_disclosure", "safeguarding.routing"),
    every(DSL),
    ("pupil_concerns_to", ["dsl", "office"]),
    heads("dsl", "office"),
)

# C4 Comments
row(
    "moderation.hold_all",
    attempt(lambda sc: _comment_on_a_post(sc).status, "taken"),
    every("taken"),
    ("comments_open", False),
    "refused",
)
row(
    "moderation.negative_handling",
    attempt(_block_commenter, "blocked"),
    every("blocked"),
    ("block_allowed", False),
    "refused",
)
row(
    "moderation.under13_ban",
    attempt(_report_under_13, "reported"),
    # Only brize asks for under-age users to be reported to the platform.
    per(shire="refused", jessons="refused", whmat="refused", stpeters="refused", brize="reported"),
    ("enabled", False),
    "refused",
)
row(
    "moderation.parent_conduct",
    attempt(_meet_the_parent, "recorded"),
    per(shire="refused", jessons="refused", whmat="refused", stpeters="recorded", brize="refused"),
    ("enabled", False),
    "refused",
)

# C6 Training, C8 staff phones, access
row("training.pupils", classes_behind, every(("4B",)), ("frequency", "none"), ())
row(
    "training.parents",
    parents_owed_a_session,
    per(shire=False, jessons=False, whmat=False, stpeters=True, brize=False),
    ("enabled", False),
    False,
)
row(
    "devices.staff_imei",
    attempt(_record_own_imei, "recorded"),
    per(shire="refused", jessons="recorded", whmat="refused", stpeters="refused", brize="refused"),
    ("enabled", False),
    "refused",
)
row(
    "security.second_factor",
    teacher_needs_second_factor,
    every(True),
    ("required_for_staff", False),
    False,
)

# C1.4, C3.3 and C1.3: review dates, consent that lapses, the do-not-post sheet
row(
    "documents.review",
    next_review,
    # The profile's own review date, or its approval plus the interval.
    per(
        shire=dt.date(2020, 11, 1),
        jessons=dt.date(2019, 2, 1),
        whmat=dt.date(2020, 10, 18),
        stpeters=dt.date(2025, 7, 1),
        brize=dt.date(2022, 1, 1),
    ),
    ("enabled", False),
    None,
)
row(
    "consent.photo",
    blog_consent_in_october,
    # brize asks parents again every year; the others' consent lasts until withdrawn.
    per(shire=True, jessons=True, whmat=True, stpeters=True, brize=False),
    ("expiry_months", 0),
    True,
)
row(
    "consent.do_not_post_list",
    page_shows("/consent/do-not-post/", "head", "Keep in the staffroom safe,"),
    every(False),
    ("kept_at", "the staffroom safe"),
    True,
)

row(
    "policy.document",
    page_shows("/compliance/policy/", "teacher", "Legislation and guidance"),
    every(True),  # each profile lists the legislation it has regard to
    ("list_legislation", False),
    False,
)
row(
    "security.session_idle",
    signed_out_after_40_idle_minutes,
    every(True),  # no profile lets a session sit idle for 40 minutes
    ("minutes", 60),
    False,
)


# C3.2, C3.8-C3.10: publishing's channel rules (issue 15, section 2).
def cross_posted_to(kind: str) -> Probe:
    """Return a probe: does a published blog post go on to a channel of this kind?"""

    def probe(scenario: Scenario) -> str:
        from schoolgate.publishing.gate import cross_post_refusal
        from schoolgate.publishing.models import Channel, Post

        post = Post(school=scenario.school)
        channel = Channel(school=scenario.school, kind=kind, name="Matrix")
        return "held back" if cross_post_refusal(post, channel) else "sent"

    return probe


row(
    "channels.cross_post",
    cross_posted_to("mastodon"),
    per(shire="held back", jessons="sent", whmat="sent", stpeters="sent", brize="sent"),
    ("targets", ["facebook", "x", "mastodon"]),
    "sent",
)
row(
    "channels.private_by_default",
    publishing("channels.private_by_default", body="Open evening.", audience="public"),
    per(shire=NOTHING, jessons=NOTHING, whmat="block", stpeters=NOTHING, brize=NOTHING),
    ("enabled", False),
    NOTHING,
)
row(
    "publishing.speaking_for_school",
    publishing(
        "publishing.speaking_for_school",
        body="A statement on the roof repairs.",
        speaks_for_school=True,
        author_roles=frozenset({"teacher"}),
    ),
    every("approval"),  # every profile has the head, not a teacher, speak for the school
    ("approvers", ["teacher"]),
    NOTHING,
)
row(
    "publishing.press_enquiries",
    allowed_roles("publishing.press_enquiries", "publishing.press_enquiries", CANDIDATES),
    per(
        shire=heads("head"),
        jessons=heads("head"),
        whmat=heads(),  # whmat 6.12: the CEO (a trust role, not among the candidates)
        stpeters=heads("head"),
        brize=heads("head"),
    ),
    ("route_to", ["office"]),
    OFFICE,
)


# C9 Data: subject access and retention (issue 15, section 3)
def subject_access_deadline(scenario: Scenario) -> dt.date:
    """The day the DPO's dashboard says a request received on 2 March 2026 is due."""
    from schoolgate.dataprotection.services import due_on

    return due_on(scenario.school, dt.date(2026, 3, 2))


def evidence_after_400_days(scenario: Scenario) -> str:
    """A comment rejected 400 days ago: does the retention job delete its text now?"""
    from schoolgate.dataprotection.retention import expired

    comment = held_comment(scenario.school, scenario.person("teacher"))
    type(comment).objects.filter(pk=comment.pk).update(
        status="rejected",
        decided_by=scenario.person("head"),
        decided_at=SCHOOL_DAY - dt.timedelta(days=400),
    )
    found = expired(scenario.school, now=SCHOOL_DAY)["comment_evidence"]
    return "deleted" if found.filter(pk=comment.pk).exists() else "kept"


row(
    "data.protection",
    subject_access_deadline,
    every(dt.date(2026, 4, 1)),  # a month (UK GDPR art. 12(3))
    ("subject_access_days", 10),
    dt.date(2026, 3, 12),
)
row(
    "data.retention",
    evidence_after_400_days,
    every("deleted"),
    ("evidence_days", 730),
    "kept",
)


# C8.1, C2.1, C2.4, C3.3: the device register, the trust, staff identity, pupils' consent
def register_offers_cameras(scenario: Scenario) -> bool:
    """Does the device register's form offer a camera?"""
    from schoolgate.devices.selectors import register_kinds

    return "camera" in register_kinds(scenario.school)


def import_grants_executive_head(scenario: Scenario) -> str:
    """A school's staff import names someone executive head: granted, or refused?"""
    from schoolgate.people.services import unnamed_role_refusal

    return "refused" if unnamed_role_refusal(scenario.school, ["executive_head"]) else "granted"


def pupil_of_14_answers(scenario: Scenario) -> str:
    """A pupil aged 14 gives their own consent for blog photos."""
    from schoolgate.consent.services import GivenAnswer, record_answers

    pupil = PupilFactory(school=scenario.school, date_of_birth=dt.date(2011, 9, 1))
    given = GivenAnswer(
        uses=["blog"], answer="given", parent=None, method="paper",
        given_on=dt.date(2026, 3, 4), by_pupil=True,
    )  # fmt: skip
    try:
        record_answers(pupil=pupil, given=given, actor=scenario.person("office"))
    except (ApplicationError, ActionDenied):
        return "refused"
    return "recorded"


row(
    "devices.register",
    register_offers_cameras,
    every(True),
    ("kinds", ["tablet", "laptop"]),
    False,
)
row(
    "people.trust",
    import_grants_executive_head,
    every("refused"),  # the executive head is the trust's to appoint
    ("trust_roles", ["ceo"]),
    "granted",
)
row(
    "people.staff_identity",
    engine_check(
        "people.staff_identity",
        ACCOUNT_CONTEXT,
        lambda: AccountFacts("mrs.smith1980@gmail.com", frozenset({"larkspur.sch.uk"})),
    ),
    every("block"),
    ("school_email_only", False),
    NOTHING,
)
row(
    "consent.pupil_own",
    pupil_of_14_answers,
    per(shire="refused", jessons="refused", whmat="recorded", stpeters="refused", brize="refused"),
    ("from_age", 15),
    "refused",
)


# C4.6: a Mastodon channel's comments are fetched whatever the policy names
# (a floor); the channels page says when the policy does not name its platform.
def channels_page_names_mastodon_unmonitored(scenario: Scenario) -> bool:
    from schoolgate.publishing.models import Channel

    Channel.objects.get_or_create(school=scenario.school, kind="mastodon", name="Matrix toots")
    probe = page_shows(
        "/publishing/channels/", "head", "does not name Mastodon among the platforms it monitors"
    )
    return bool(probe(scenario))


row(
    "moderation.external_comments",
    channels_page_names_mastodon_unmonitored,
    every(True),
    ("platforms", ["facebook", "x", "mastodon"]),
    False,
)


# C5 and C1.6-C9.5: the smaller registers. Who reads every entry (or, for the
# event photos, who records them) under each profile; nobody where it is off.
NOBODY = heads()
LOGBOOK_ROWS = [
    (
        "registers.head_permissions",
        "registers.permissions_all",
        "granted_by",
        per(
            shire=HEAD,
            jessons=HEAD,
            whmat=NOBODY,
            stpeters=heads("executive_head"),
            brize=NOBODY,
        ),
    ),
    (
        "registers.account_reviews",
        "registers.account_reviews_all",
        "report_to",
        per(shire=NOBODY, jessons=NOBODY, whmat=HEAD, stpeters=NOBODY, brize=NOBODY),
    ),
    (
        "registers.low_level_concerns",
        "registers.low_level_concerns_all",
        "kept_by",
        per(
            shire=NOBODY,
            jessons=NOBODY,
            whmat=NOBODY,
            stpeters=heads("dsl", "head", "executive_head"),
            brize=NOBODY,
        ),
    ),
    (
        "registers.filtering_checks",
        "registers.filtering_checks_all",
        "report_to",
        per(
            shire=NOBODY,
            jessons=NOBODY,
            whmat=heads("head", "dsl"),
            stpeters=heads("executive_head", "head", "dsl"),
            brize=NOBODY,
        ),
    ),
    (
        "registers.policy_departures",
        "registers.departures_all",
        "report_to",
        per(
            shire=heads("head", "executive_head"),
            jessons=NOBODY,
            whmat=NOBODY,
            stpeters=NOBODY,
            brize=NOBODY,
        ),
    ),
    (
        "registers.event_photos",
        "registers.event_photos_add",
        "kept_by",
        per(
            shire=heads("head", "office"),
            jessons=NOBODY,
            whmat=NOBODY,
            stpeters=NOBODY,
            brize=NOBODY,
        ),
    ),
    (
        "registers.recruitment_screening",
        "registers.recruitment_reminder",
        "remind",
        per(shire=NOBODY, jessons=NOBODY, whmat=heads("hr"), stpeters=NOBODY, brize=NOBODY),
    ),
]
for rule_id, action, param, outcomes in LOGBOOK_ROWS:
    # The flip names the office: it is who reads where the register is kept.
    flipped = {code: OFFICE if outcomes[code] else NOBODY for code in PROFILE_CODES}
    row(
        rule_id, allowed_roles(action, rule_id, CANDIDATES), outcomes, (param, ["office"]), flipped
    )


def account_request_without_confirming(scenario: Scenario) -> str:
    """A teacher asks for a professional account without confirming professional use only."""
    from schoolgate.registers.services import account_request

    data = {"platform": "x", "handle": "Mrs Smith", "purpose": "Year 6 news", "audience": "Y6"}
    try:
        account_request(school=scenario.school, data=data, actor=scenario.person("teacher"))
    except (ApplicationError, ActionDenied):
        return "refused"
    return "requested"


row(
    "registers.personal_accounts_off_school_pages",
    account_request_without_confirming,
    per(
        shire="refused",
        jessons="requested",
        whmat="requested",
        stpeters="requested",
        brize="requested",
    ),
    ("enabled", False),
    "requested",
)


# Rules no setting changes: the outcome is the same under every profile, and
# switching the rule off is refused by its floor (the row's `floor`).
def audit_chain_holds(scenario: Scenario) -> bool:
    """A head blocks a commenter: is it in the chained log, and does the chain verify?"""
    from schoolgate.audit.models import AuditEntry
    from schoolgate.audit.services import audit_verify

    _block_commenter(scenario)
    logged = AuditEntry.objects.filter(
        school=scenario.school, event="moderation.commenter_blocked"
    ).exists()
    return logged and audit_verify().ok


def threat_goes_to_the_head_citing_respect(scenario: Scenario) -> bool:
    """A threat in a comment: does it wait for the head, citing moderation.respect?"""
    text = "I know where you live and I will be waiting for you outside the gates."
    triaged = triage_for_school(scenario.school, [text])[0]
    cites = any(f.get("policy_rule") == "moderation.respect" for f in triaged.findings)
    return triaged.needs_head and cites


floor_row("audit.trail", audit_chain_holds, every(True))
floor_row("moderation.respect", threat_goes_to_the_head_citing_respect, every(True))


# C3.6: what is published is a new copy, no larger than the policy says and
# with the camera's location and serial number gone.
def published_copy_of_a_1200px_photo(scenario: Scenario) -> tuple[int, bool]:
    """The longest side of the published copy, and whether it still says where it was taken."""
    from django.core.files.base import ContentFile
    from PIL import Image

    from schoolgate.photos.models import Photo
    from schoolgate.photos.services import photo_render
    from schoolgate.photos.tests.factories import group_photo

    teacher = scenario.person("teacher")
    slug = f"trip-{UserFactory._meta.model.objects.count()}"
    post = published_post(scenario.school, teacher, slug=slug, status="draft")
    photo = Photo(school=scenario.school, post=post, uploader=teacher, original_name="trip.jpg")
    photo.original.save("trip.jpg", ContentFile(group_photo(size=(1200, 800))), save=False)
    photo.status, photo.width, photo.height = Photo.Status.READY, 1200, 800
    photo.save()
    photo_render(photo.pk)
    photo.refresh_from_db()
    with photo.rendition.open("rb") as stream, Image.open(stream) as published:
        gps = published.getexif().get_ifd(0x8825)
        return max(published.size), bool(gps)


row(
    "devices.strip_metadata",
    published_copy_of_a_1200px_photo,
    every((1200, False)),
    ("max_edge_px", 800),
    (800, False),
)

# Every rule has a row now; a new rule's row may wait here while it is wired.
NO_ROW_YET: tuple[str, ...] = ()
STATEMENTS = {rule_id for rule_id, d in REGISTRY.items() if d.enforced.statement}

# ---------------------------------------------------------------------------
# The tests.
# ---------------------------------------------------------------------------


def test_every_rule_has_a_row():
    rules = set(REGISTRY)
    missing = sorted(rules - ROWS.keys() - set(NO_ROW_YET))
    assert not missing, f"Rules with no rule-matrix row: {missing}"
    assert not ROWS.keys() & set(NO_ROW_YET), "a rule is both in ROWS and NO_ROW_YET"
    stale = sorted((ROWS.keys() | set(NO_ROW_YET)) - rules)
    assert not stale, f"Rows for rules that no longer exist: {stale}"
    print(
        f"\nRule matrix: {len(ROWS)} of {len(rules)} rules have rows; "
        f"{len(NO_ROW_YET)} have none yet: {', '.join(NO_ROW_YET)}"
    )


def test_a_pending_rule_has_no_row_yet():
    pending = {entry for entry in enforcement.PENDING if ":" not in entry}
    assert pending <= set(NO_ROW_YET)


def test_every_statement_rule_has_a_statement_row():
    for rule_id in STATEMENTS:
        assert ROWS[rule_id].probe.__qualname__.startswith("shown_as_statement"), rule_id


def test_every_flip_changes_what_someone_notices():
    for rule_id, r in ROWS.items():
        if r.flip is None:
            assert rule_id in STATEMENTS, f"{rule_id}: a row needs a flip"
            continue
        if r.floor:
            assert REGISTRY[rule_id].floors, f"{rule_id}: a floor row needs a floor"
            continue
        flipped = r.flipped if isinstance(r.flipped, dict) else every(r.flipped)
        assert any(r.outcomes[c] != flipped[c] for c in PROFILE_CODES), (
            f"{rule_id}: the flip {r.flip} changes nothing, so the row proves nothing"
        )


CASES = [(rule_id, code) for rule_id in sorted(ROWS) for code in PROFILE_CODES]


@pytest.mark.parametrize(("rule_id", "profile"), CASES)
def test_rule_matrix(db, rule_id, profile):
    r = ROWS[rule_id]
    school = SchoolFactory(profile=profile)
    got = r.probe(Scenario(school))
    assert got == r.outcomes[profile], f"{rule_id} under {profile}: {got!r}"
    if r.flip is None:
        return
    name, value = r.flip
    if r.floor:
        # No setting changes it: switching it off is refused, and it still holds.
        with pytest.raises(PolicyError, match="cannot be off"):
            school_policy(school).with_overrides([(rule_id, name, value)])
        assert r.probe(Scenario(school)) == r.outcomes[profile]
        return
    # The flip must be a value a school could set (in range, above every floor).
    school_policy(school).with_overrides([(rule_id, name, value)])
    ParameterOverride.objects.create(
        school=school, rule=rule_id, param=name, value=value, reason="matrix", set_by=UserFactory()
    )
    forget_school_policy(school)
    expected = r.flipped[profile] if isinstance(r.flipped, dict) else r.flipped
    got = r.probe(Scenario(school))
    assert got == expected, f"{rule_id} under {profile} with {name}={value!r}: {got!r}"
