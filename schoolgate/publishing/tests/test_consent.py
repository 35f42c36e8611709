"""Tagged pupils: the photo-consent register decides, per kind of channel."""

import pytest
from django.core.exceptions import ValidationError

from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing import selectors, services

consent_factories = pytest.importorskip("schoolgate.consent.tests.factories")


@pytest.fixture
def jack(personas):
    return PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")


def test_consent_for_the_blog_only_keeps_the_post_off_social_media(
    make_post, personas, jack, submit
):
    consent_factories.PhotoConsentFactory(pupil=jack, use="blog")
    post = make_post(pupils=[jack])
    decision = selectors.check_post(post)
    [finding] = decision.findings
    assert finding.rule == "consent.photo_required"
    assert finding.kind == "consent"
    assert finding.reason.startswith(
        "Not sent to social media, only to the blog: Jack is tagged in a photo but has no "
        "consent for social media"
    )
    assert finding.severity == "warn"
    post = submit(post, personas.teacher)
    assert post.status == "published"
    assert not post.outbox.exists()  # not one social channel


def test_no_consent_at_all_blocks_the_whole_post(make_post, personas, jack):
    post = make_post(pupils=[jack])
    with pytest.raises(ValidationError, match="no consent for the school blog"):
        services.post_submit(post=post, actor=personas.teacher)


def test_consent_for_every_use_lets_the_post_through(make_post, personas, jack):
    consent_factories.PhotoConsentFactory(pupil=jack, use="blog")
    consent_factories.PhotoConsentFactory(pupil=jack, use="social")
    post = make_post(pupils=[jack])
    assert selectors.check_post(post).outcome == "allow"


def test_a_refusal_blocks_even_a_blog_only_post(make_post, personas, jack, channels):
    consent_factories.PhotoConsentFactory(pupil=jack, use="blog", answer="refused")
    post = make_post(pupils=[jack], channels=[channels["blog"]])
    decision = selectors.check_post(post)
    assert decision.outcome == "block"
    assert "no consent for the school blog" in decision.findings[0].reason
