"""The "publish" checks: text findings become policy findings with reasons and sources."""

import pytest

from schoolgate.checks.names import Person
from schoolgate.policy.engine import load_profile
from schoolgate.publishing.checks import Draft, PhotoInfo, Roster, TaggedPupil, check_draft

ROSTER = Roster(
    [
        Person("pupil:1", "pupil", "Jack", "Quillfeather"),
        Person("pupil:2", "pupil", "Amara", "Bramblecott", preferred_name="Mara"),
        Person("staff:1", "staff", "Jane", "Staffer", title="Mrs"),
    ]
)


def _decide(body, profile="shire", **kwargs):
    return check_draft(load_profile(profile), Draft(body, roster=ROSTER, **kwargs))


def test_a_surname_blocks_with_the_childs_name_the_rule_and_its_source():
    decision = _decide("Well done to Quillfeather on sports day.")
    assert decision.outcome == "block"
    [finding] = decision.findings
    assert finding.rule == "publishing.child_naming"
    assert finding.kind == "surname"
    assert finding.reason == (
        "Jack's surname appears: this school names children by first name only"
    )
    assert finding.source == 'shire "Primary Blogger"'
    assert finding.span == (13, 25)


def test_a_full_name_in_a_photos_file_name_is_found_without_a_span():
    decision = _decide("Sports day!", photos=[PhotoInfo(file_name="jack_quillfeather.jpg")])
    [finding] = decision.findings
    assert finding.kind == "full_name"
    assert "in photo 1's file name" in finding.reason
    assert finding.span is None


def test_a_first_name_alone_is_only_a_reminder_on_shire():
    decision = _decide("Jack ran the fastest lap.")
    assert decision.outcome == "allow"
    assert [f.severity for f in decision.findings] == ["info"]


def test_brize_names_no_child_in_a_post_with_photos():
    decision = _decide("Jack ran the fastest lap.", "brize", photos=[PhotoInfo("track.jpg")])
    assert decision.outcome == "block"
    assert decision.findings[0].reason.startswith("Jack is named")
    assert "does not name children in posts with photos" in decision.findings[0].reason


def test_a_preferred_name_is_used_in_the_reason():
    decision = _decide("Mara Bramblecott sang beautifully.")
    assert decision.findings[0].reason.startswith("Mara's full name appears")


def test_personal_data_blocks_and_says_what_it_is():
    decision = _decide("Ring 07700 900123 or email office@example.com for tickets.")
    kinds = sorted(f.kind for f in decision.findings)
    assert kinds == ["email", "phone"]
    assert decision.outcome == "block"
    assert all(f.rule == "publishing.personal_data" for f in decision.findings)


def test_a_pupil_without_consent_blocks_and_unknown_consent_warns():
    tagged = [TaggedPupil("pupil:1", "Jack", False, "No parent has given consent for blog.")]
    assert _decide("Trip photos", tagged=tagged).outcome == "block"
    unknown = _decide("Trip photos", tagged=[TaggedPupil("pupil:1", "Jack", None)])
    assert unknown.outcome == "allow"
    assert unknown.findings[0].kind == "consent"
    assert unknown.findings[0].severity == "warn"


def test_a_third_party_image_without_a_source_warns_on_shire():
    photo = PhotoInfo(file_name="logo.png", third_party=True)
    decision = _decide("Our partners", photos=[photo])
    assert [(f.rule, f.severity) for f in decision.findings] == [("publishing.copyright", "warn")]
    credited = PhotoInfo(file_name="logo.png", third_party=True, source="Wikimedia, CC-BY")
    assert _decide("Our partners", photos=[credited]).findings == ()


def test_an_author_who_may_not_publish_directly_needs_approval_on_brize():
    draft = Draft("A lovely day at the farm.", roster=ROSTER, author_roles=frozenset({"teacher"}))
    assert check_draft(load_profile("brize"), draft).outcome == "needs_approval"
    head = Draft("A lovely day at the farm.", roster=ROSTER, author_roles=frozenset({"head"}))
    assert check_draft(load_profile("brize"), head).outcome == "allow"


def test_individual_matters_block():
    decision = _decide("Mrs Staffer shouted at the children and was rude.")
    assert "individual_matter" in {f.kind for f in decision.findings}
    assert decision.outcome == "block"


@pytest.mark.parametrize("profile", ["shire", "brize", "whmat", "jessons", "stpeters"])
def test_a_clean_draft_is_allowed_on_every_profile(profile):
    assert _decide("A lovely afternoon of music in the hall.", profile).outcome == "allow"


CONTENT_DRAFTS = {
    "extremist": "Join Islamic State and fight for the cause.",
    "sexual": "Watch adult videos free at the link in our bio.",
    "commercial": "My own business is open! Use code SHOP20 for 20% off.",
    "political": "Please vote for Councillor Jane Smith on Thursday.",
    "defamatory": "Sunny Coaches Ltd are crooks and cheats.",
    "discriminatory": "No travellers allowed at the summer fair.",
}


@pytest.mark.parametrize("profile", ["shire", "brize", "whmat", "jessons", "stpeters"])
@pytest.mark.parametrize(("kind", "body"), CONTENT_DRAFTS.items())
def test_refused_content_blocks_on_every_profile_with_its_reason(profile, kind, body):
    decision = _decide(body, profile)
    finding = next(f for f in decision.findings if f.kind == kind)
    assert decision.outcome == "block"
    assert finding.rule == "publishing.content_standards"
    assert finding.source.startswith(profile) or finding.source == "Schoolgate default"


@pytest.mark.parametrize("profile", ["shire", "brize", "whmat", "jessons", "stpeters"])
def test_a_teachers_own_business_in_new_wording_blocks_and_a_pta_cake_sale_passes(profile):
    selling = _decide(
        "Miss Lowe now does gel nails from home on Saturdays, message her on Facebook "
        "to get booked in before Christmas.",
        profile,
    )
    [finding] = [f for f in selling.findings if f.kind == "commercial"]
    assert selling.outcome == "block"
    assert finding.rule == "publishing.content_standards"
    assert "do not promote anyone's own business" in finding.reason
    cake_sale = _decide(
        "The PTA cake sale is on Friday after school, all money raised goes towards new "
        "books for the library.",
        profile,
    )
    assert cake_sale.findings == ()


def test_a_colleagues_suspension_is_an_individual_matter_that_blocks():
    decision = _decide("Mr Barnes has been suspended pending a disciplinary hearing.")
    [finding] = [f for f in decision.findings if f.kind == "staff_matter"]
    assert decision.outcome == "block"
    assert finding.rule == "publishing.individual_matters"
    assert "private matter" in finding.reason


def test_refused_content_in_a_caption_says_which_photo():
    decision = _decide("Sports day!", photos=[PhotoInfo(caption="Vote Labour on Thursday")])
    [finding] = [f for f in decision.findings if f.kind == "political"]
    assert "photo 1's caption" in finding.reason


def test_a_school_that_drops_a_category_lets_it_through_but_its_own_phrases_count():
    rule = "publishing.content_standards"
    profile = load_profile("shire").with_overrides(
        [
            (rule, "categories", ["offensive", "sexual", "extremist", "political"]),
            (rule, "phrases", ["commercial: tupperware party"]),
        ]
    )
    allowed = check_draft(profile, Draft("Use my discount code JONES10 at my Etsy shop"))
    assert "commercial" not in {f.kind for f in allowed.findings}
    refused = check_draft(profile, Draft("Come to my Tupperware party on Friday!"))
    assert refused.outcome == "block"


def test_a_public_draft_needs_a_reason_only_where_the_profile_asks():
    public = {"audience": "public", "author_roles": frozenset({"head"})}
    whmat = _decide("Open evening on Thursday.", "whmat", **public)
    assert whmat.outcome == "block"
    assert {f.rule for f in whmat.blocking} == {"channels.private_by_default"}
    reasoned = _decide("Open evening.", "whmat", public_reason="For new families.", **public)
    assert reasoned.outcome == "allow"
    assert _decide("Open evening on Thursday.", "shire", **public).outcome == "allow"
