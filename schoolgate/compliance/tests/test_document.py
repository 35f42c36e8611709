"""The policy document: rendered from each profile, in Schoolgate's own words."""

import re
from pathlib import Path

import pytest

from schoolgate.compliance.document import (
    VersionFacts,
    at_a_glance,
    policy_digest,
    render_document,
    render_pdf,
)
from schoolgate.people.tests.factories import SchoolFactory
from schoolgate.policy.engine import PROFILE_CODES, load_profile

SEEDS = Path("/work/shared/seeds")


def _glance(code: str) -> dict[str, str]:
    return dict(at_a_glance(load_profile(code)))


def test_profiles_differ_on_how_children_are_named():
    naming = {code: _glance(code)["How children are named"] for code in PROFILE_CODES}
    assert "beside a photo, not at all" in naming["brize"]
    assert "beside a photo, by first name only" in naming["shire"]
    assert naming["brize"] != naming["shire"]


def test_profiles_differ_on_how_long_consent_lasts():
    lasts = {code: _glance(code)["How long photo consent lasts"] for code in PROFILE_CODES}
    assert lasts["brize"].startswith("12 months")
    assert lasts["shire"] == "Until it is withdrawn or the pupil leaves."
    assert lasts["whmat"] == lasts["shire"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", PROFILE_CODES)
def test_each_profiles_document_carries_its_version_signatory_and_lists(code):
    school = SchoolFactory(profile=code)
    profile = load_profile(code)
    html = render_document(school, profile, VersionFacts(3, None, "Ms Ada Chair"))
    assert "Ms Ada Chair" in html
    assert "<dd>3</dd>" in html
    for law in profile.meta.get("legislation", []):
        assert law.replace("'", "&#x27;") in html
    for related in profile.meta.get("related_policies", []):
        assert related.replace("'", "&#x27;") in html


@pytest.mark.django_db
def test_the_pdfs_of_two_profiles_differ_and_are_pdfs():
    pdfs = {}
    for code in ("shire", "brize"):
        school = SchoolFactory(profile=code)
        html = render_document(
            school, load_profile(code), VersionFacts(1, None, "A Signatory"), standalone=True
        )
        pdfs[code] = render_pdf(html)
    assert all(pdf.startswith(b"%PDF") for pdf in pdfs.values())
    assert pdfs["shire"] != pdfs["brize"]


@pytest.mark.django_db
@pytest.mark.skipif(not SEEDS.exists(), reason="the seed policies are not on this machine")
def test_the_document_copies_no_long_passage_of_any_seed_policy():
    seed_text = " ".join(p.read_text(errors="ignore") for p in SEEDS.rglob("*") if p.is_file())
    seed = re.sub(r"\s+", " ", seed_text.lower())
    for code in PROFILE_CODES:
        html = render_document(
            SchoolFactory(profile=code), load_profile(code), VersionFacts(1, None, "")
        )
        words = re.sub(r"<[^>]+>", " ", html).lower().split()
        runs = {" ".join(words[i : i + 12]) for i in range(len(words) - 12)}
        copied = [run for run in runs if run in seed]
        assert not copied, f"{code}: {copied[:2]}"


def test_the_digest_changes_when_an_override_changes_a_rule():
    profile = load_profile("shire")
    changed = profile.with_overrides([("consent.photo", "expiry_months", 12)])
    assert policy_digest(profile) != policy_digest(changed)
    assert policy_digest(profile) == policy_digest(load_profile("shire"))


def test_rendering_a_pdf_leaves_pillows_truncated_image_guard_alone(monkeypatch):
    import sys

    from PIL import ImageFile

    # Forget WeasyPrint entirely, so that its import (and side effect) runs again.
    for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", False)
    render_pdf("<p>x</p>")
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_at_a_glance_and_the_versions_page_give_one_review_date():
    # whmat reviews 24 months after approval: the glance follows the version shown.
    profile = load_profile("whmat")
    from datetime import date

    from schoolgate.compliance.document import next_review_on, review_cycle

    approved = date(2027, 3, 5)
    assert next_review_on(profile, approved) == date(2029, 3, 5)
    glance = dict(at_a_glance(profile, approved))["When the policy is reviewed"]
    assert glance == review_cycle(profile, approved)
    assert glance.startswith("Every 24 months; next on 5 March 2029, by: ")


def test_a_named_review_date_keeps_its_capital_letters():
    # brize names January 2022; before any version is approved it is the date shown.
    glance = _glance("brize")["When the policy is reviewed"]
    assert "next on 1 January 2022" in glance


@pytest.mark.django_db
def test_the_demo_signatory_holds_the_role_the_document_names():
    from schoolgate.compliance.models import PolicyVersion
    from schoolgate.people import demo
    from schoolgate.people.models import RoleAssignment, School

    demo.demo_load()
    school = School.objects.get(profile="shire")  # signed by the chair
    version = PolicyVersion.objects.get(school=school)
    chair = RoleAssignment.objects.get(role="chair").user
    head = RoleAssignment.objects.get(role="head", school=school).user
    assert version.signatory == chair.get_full_name() != head.get_full_name()
    assert f"{chair.get_full_name()} (Chair of trustees)" in version.text
