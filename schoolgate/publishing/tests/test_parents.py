"""The parents' view: consents and published items per child; withdrawing
consent for one item or for all; the school is told."""

import pytest
from django.core import mail
from django.urls import reverse

from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory, PupilFactory
from schoolgate.publishing.models import Post

consent_factories = pytest.importorskip("schoolgate.consent.tests.factories")


@pytest.fixture
def child(personas):
    pupil = PupilFactory(school=personas.school, first_name="Maisie", surname="Thornbury")
    parent = ParentFactory(school=personas.school, user=personas.parent)
    ParentLinkFactory(parent=parent, pupil=pupil)
    for use in ("blog", "social"):
        consent_factories.PhotoConsentFactory(pupil=pupil, use=use)
    return pupil


@pytest.fixture
def two_posts(make_post, personas, child, submit):
    return [
        submit(make_post(title=title, pupils=[child]), personas.teacher)
        for title in ("Sports day", "Harvest festival")
    ]


def test_a_parent_sees_consents_and_each_published_item(two_posts, child, personas, sign_in):
    page = sign_in(personas.parent).get(reverse("publishing:my_children")).content.decode()
    assert "Maisie Thornbury" in page
    assert "Sports day" in page and "Harvest festival" in page
    assert "Withdraw consent for this item" in page


def test_withdrawing_for_one_item_takes_only_that_down_and_tells_the_school(
    two_posts, child, personas, sign_in, django_capture_on_commit_callbacks
):
    sports, harvest = two_posts
    client = sign_in(personas.parent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("publishing:child_withdraw_item", args=[child.pk, sports.pk]))
    assert Post.objects.get(pk=sports.pk).status == Post.Status.WITHDRAWN
    assert Post.objects.get(pk=harvest.pk).status == Post.Status.PUBLISHED
    told = [m for m in mail.outbox if "withdrew photo consent" in m.subject]
    # The office and the head each get their own email.
    assert sorted(m.to for m in told) == sorted([[personas.office.email], [personas.head.email]])
    assert all("Sports day" in m.body for m in told)


def test_withdrawing_for_all_updates_the_register_and_takes_everything_down(
    two_posts, child, personas, sign_in, django_capture_on_commit_callbacks
):
    from schoolgate.consent.selectors import photo_consent

    client = sign_in(personas.parent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("publishing:child_withdraw", args=[child.pk]), {"uses": ["blog", "social"]}
        )
    assert not photo_consent(child, "blog").allowed
    assert {p.status for p in Post.objects.filter(pk__in=[p.pk for p in two_posts])} == {
        Post.Status.WITHDRAWN
    }


def test_another_parents_child_is_not_found(two_posts, personas, sign_in):
    stranger = PupilFactory(school=personas.school)
    client = sign_in(personas.parent)
    response = client.post(reverse("publishing:child_withdraw", args=[stranger.pk]))
    assert response.status_code == 404


def test_withdrawing_asks_first_which_uses_and_says_what_follows(
    two_posts, child, personas, sign_in
):
    from schoolgate.consent.selectors import photo_consent

    client = sign_in(personas.parent)
    listing = client.get(reverse("publishing:my_children")).content.decode()
    url = reverse("publishing:child_withdraw", args=[child.pk])
    assert f'<a class="button secondary" href="{url}">Withdraw photo consent for Maisie' in listing
    page = client.get(url).content.decode()
    assert "<legend>Withdraw consent for</legend>" in page
    assert 'type="checkbox" name="uses" value="blog"' in page
    assert 'value="social"' in page
    assert "checked" not in page[page.index("<legend>") : page.index("</fieldset>")]
    assert "are taken down" in page and "give consent again later" in page
    assert photo_consent(child, "blog").allowed


def test_withdrawing_with_no_use_ticked_changes_nothing(two_posts, child, personas, sign_in):
    from schoolgate.consent.selectors import photo_consent

    response = sign_in(personas.parent).post(reverse("publishing:child_withdraw", args=[child.pk]))
    assert response.status_code == 200
    assert "Tick at least one use to withdraw consent for." in response.content.decode()
    assert photo_consent(child, "blog").allowed and photo_consent(child, "social").allowed


def test_withdrawing_one_use_keeps_the_others_and_says_how_to_give_it_again(
    two_posts, child, personas, sign_in, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from schoolgate.consent.selectors import photo_consent

    client = sign_in(personas.parent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("publishing:child_withdraw", args=[child.pk]),
            {"uses": ["social"]},
            follow=True,
        )
    assert not photo_consent(child, "social").allowed
    assert photo_consent(child, "blog").allowed
    today = timezone.localdate()
    page = response.content.decode()
    assert (
        f"<strong>Withdrawn on {today.day} {today:%b %Y} for social media.</strong> "
        "To give consent again, change your answers below."
    ) in page
    told = [m for m in mail.outbox if "withdrew photo consent" in m.subject]
    assert told and all("for social media" in m.body for m in told)
    form = client.get(reverse("publishing:child_withdraw", args=[child.pk])).content.decode()
    assert 'value="blog"' in form and 'value="social"' not in form


def test_the_withdraw_link_goes_once_nothing_is_left_to_withdraw(child, personas, sign_in):
    from schoolgate.consent.selectors import consent_answers

    client = sign_in(personas.parent)
    uses = list(consent_answers(personas.school, [child])[child.pk])
    client.post(reverse("publishing:child_withdraw", args=[child.pk]), {"uses": uses})
    page = client.get(reverse("publishing:my_children")).content.decode()
    assert "Withdraw photo consent for Maisie" not in page
    assert "To give consent again, change your answers below." in page
    assert reverse("consent:answer", args=[child.pk]) in page
