"""The pages: composer and live check panel, a post's page, channels, pause, the public blog."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from schoolgate.audit.models import AuditEntry
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing import services
from schoolgate.publishing.models import Channel, Post, PublishingPause

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _publish(make_post, personas, submit, **kwargs):
    post = make_post(author=personas.head, **kwargs)
    return submit(post, personas.head)


def test_the_check_panel_shows_the_childs_surname_finding_with_its_source(
    personas, sign_in, channels
):
    PupilFactory(school=personas.school, first_name="Jack", surname="Quillfeather")
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("publishing:check"),
        {
            "title": "Sports day",
            "body": "Well done Quillfeather!",
            "channels": [channels["blog"].pk],
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Jack&#x27;s surname appears: this school names children by first name only" in html
    assert "shire &quot;Primary Blogger&quot;" in html
    assert "cannot go out yet" in html


def test_the_composer_saves_a_draft_and_opens_its_photos(personas, sign_in, channels):
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("publishing:compose"),
        {
            "title": "Harvest festival",
            "body": "Thank you for the **donations**.",
            "channels": [channels["blog"].pk, channels["facebook"].pk],
            "audience": "public",
            "tags": "Harvest, Community",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    edit = reverse("publishing:edit", kwargs={"pk": post.pk})
    assert response["Location"] == edit + "#photos"
    assert sorted(post.tags.values_list("slug", flat=True)) == ["community", "harvest"]
    page = client.get(reverse("publishing:post", kwargs={"pk": post.pk})).content.decode()
    assert "<strong>donations</strong>" in page
    assert "Publish now to the school blog" in page


def test_a_private_post_needs_its_class(personas, sign_in, channels):
    client = sign_in(personas.teacher)
    response = client.post(
        reverse("publishing:compose"),
        {"title": "4B news", "body": "Hello", "audience": "class", "audience_value": ""},
    )
    assert response.status_code == 400
    assert not Post.objects.exists()


def test_the_post_page_shows_each_channels_status(make_post, personas, sign_in, submit):
    post = submit(make_post(), personas.teacher)
    page = sign_in(personas.teacher).get(reverse("publishing:post", kwargs={"pk": post.pk}))
    html = page.content.decode()
    assert "Larkspur on Facebook" in html
    assert "Posted as local-" in html


def test_the_head_approves_from_the_post_page(make_post, personas, sign_in):
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.approval", param="direct_publishers",
        value=["head"], set_by=personas.head,
    )  # fmt: skip
    post = services.post_submit(post=make_post(), actor=personas.teacher)
    client = sign_in(personas.head)
    page = client.get(reverse("publishing:post", kwargs={"pk": post.pk})).content.decode()
    assert "Approve version 1 and publish" in page
    client.post(
        reverse("publishing:approve", kwargs={"pk": post.pk}),
        {"content_hash": post.current.content_hash},
    )
    post.refresh_from_db()
    assert post.status == "published"


def test_only_the_head_sees_channel_settings_on_shire(personas, sign_in, channels):
    url = reverse("publishing:channel", kwargs={"pk": channels["facebook"].pk})
    assert sign_in(personas.head).get(url).status_code == 200
    assert sign_in(personas.deputy).get(url).status_code == 404


@pytest.mark.parametrize("is_active", ["on", ""])
def test_the_head_adds_a_channel_switched_on_or_off(personas, sign_in, is_active):
    client = sign_in(personas.head)
    data = {"kind": "facebook", "name": "Larkspur on Facebook", "audience": "public"}
    response = client.post(reverse("publishing:channels"), {**data, "is_active": is_active})
    assert response.status_code == 302
    assert Channel.objects.get(school=personas.school).is_active is bool(is_active)


def test_a_refused_channel_shows_the_page_again_with_the_reason(personas, sign_in, channels):
    client = sign_in(personas.head)
    data = {"kind": "blog", "name": "News", "audience": "public", "is_active": "on"}
    response = client.post(reverse("publishing:channels"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "already exists" in page
    assert "The school&#x27;s channels" in page or "The school's channels" in page


def test_stored_credentials_are_never_shown_back(personas, sign_in, channels):
    client = sign_in(personas.head)
    url = reverse("publishing:channel", kwargs={"pk": channels["facebook"].pk})
    client.post(url, {"access_token": "tok-123456"})
    assert Channel.objects.get(pk=channels["facebook"].pk).has_credentials
    assert "tok-123456" not in client.get(url).content.decode()


def test_the_head_pauses_and_resumes_publishing(personas, sign_in):
    client = sign_in(personas.head)
    client.post(reverse("publishing:pause"), {"reason": "Investigating a complaint"})
    assert PublishingPause.objects.get().school == personas.school
    client.post(reverse("publishing:pause"), {"resume": "1"})
    assert PublishingPause.objects.get().lifted_at is not None


def test_a_head_cannot_pause_the_whole_trust(personas, sign_in):
    client = sign_in(personas.head)
    response = client.post(reverse("publishing:pause"), {"reason": "x", "whole_trust": "on"})
    assert response.status_code == 403
    assert not PublishingPause.objects.exists()


# The public blog ------------------------------------------------------------


def test_the_news_list_pages_and_searches_in_few_queries(
    make_post, personas, submit, client, django_assert_max_num_queries
):
    for n in range(12):
        _publish(make_post, personas, submit, title=f"Story {n}", body=f"Item {n} about apples.")
    _publish(make_post, personas, submit, title="Pears", body="Nothing else.")
    url = reverse("blog:index", kwargs={"school": "larkspur"})
    with django_assert_max_num_queries(8):
        first = client.get(url)
    assert first.status_code == 200
    assert first.content.decode().count("<article>") == 10
    assert "Page 1 of 2" in first.content.decode()
    found = client.get(url, {"q": "pears"}).content.decode()
    assert found.count("<article>") == 1


def test_a_private_or_unpublished_post_is_not_on_the_blog(make_post, personas, submit, client):
    draft = make_post(title="Secret draft")
    private = _publish(make_post, personas, submit, title="For 4B", audience="class",
                       audience_value="4B")  # fmt: skip
    listing = client.get(reverse("blog:index", kwargs={"school": "larkspur"})).content.decode()
    assert "Secret draft" not in listing and "For 4B" not in listing
    for post in (draft, private):
        url = reverse("blog:post", kwargs={"school": "larkspur", "slug": post.slug})
        assert client.get(url).status_code == 404


def test_a_new_post_shows_at_once_despite_the_cache(make_post, personas, submit, client):
    url = reverse("blog:index", kwargs={"school": "larkspur"})
    assert "First" not in client.get(url).content.decode()
    _publish(make_post, personas, submit, title="First")
    assert "First" in client.get(url).content.decode()


def test_the_rss_and_atom_feeds_are_valid_xml_with_the_posts(make_post, personas, submit, client):
    _publish(make_post, personas, submit, title="Choir trip", tags=["music"])
    rss = client.get(reverse("blog:rss", kwargs={"school": "larkspur"}))
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")  # noqa: S314  our own output
    item = channel.find("item")
    assert item.findtext("title") == "Choir trip"
    assert item.findtext("category") == "music"
    assert item.findtext("link").endswith("/news/larkspur/choir-trip/")
    atom = client.get(reverse("blog:atom", kwargs={"school": "larkspur"}))
    entry = ET.fromstring(atom.content).find(f"{ATOM}entry")  # noqa: S314  our own output
    assert entry.findtext(f"{ATOM}title") == "Choir trip"


def test_the_sitemap_lists_the_posts(make_post, personas, submit, client):
    post = _publish(make_post, personas, submit, title="Sports day")
    response = client.get(reverse("blog:sitemap", kwargs={"school": "larkspur"}))
    root = ET.fromstring(response.content)  # noqa: S314  our own output
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith(f"/news/larkspur/{post.slug}/") for loc in locs)


def test_the_post_page_carries_the_one_way_notice(make_post, personas, submit, client):
    post = _publish(make_post, personas, submit, title="Sports day")
    page = client.get(reverse("blog:post", kwargs={"school": "larkspur", "slug": post.slug}))
    assert "please contact the school office" in page.content.decode()


# Private posts for a class ---------------------------------------------------


def _parent_of(personas, class_name, year_group="Year 4"):
    from schoolgate.people.tests.factories import ParentFactory, ParentLinkFactory

    child = PupilFactory(school=personas.school, class_name=class_name, year_group=year_group)
    parent = ParentFactory(school=personas.school, user=personas.parent)
    ParentLinkFactory(parent=parent, pupil=child)
    return personas.parent


def test_a_class_post_is_read_by_that_classs_parents_only(make_post, personas, submit, sign_in):
    post = _publish(make_post, personas, submit, title="4B trip", audience="class",
                    audience_value="4B")  # fmt: skip
    url = reverse("blog:private_post", kwargs={"school": "larkspur", "slug": post.slug})
    client = sign_in(_parent_of(personas, "3A"))
    assert client.get(url).status_code == 404
    _parent_of(personas, "4B")
    assert client.get(url).status_code == 200
    listing = client.get(reverse("blog:private_index", kwargs={"school": "larkspur"}))
    assert "4B trip" in listing.content.decode()


def test_a_key_stage_post_is_read_by_parents_of_any_year_in_it(
    make_post, personas, submit, sign_in
):
    post = _publish(make_post, personas, submit, title="KS2 sports", audience="key_stage",
                    audience_value="KS2")  # fmt: skip
    url = reverse("blog:private_post", kwargs={"school": "larkspur", "slug": post.slug})
    client = sign_in(_parent_of(personas, "2C", year_group="Year 2"))
    assert client.get(url).status_code == 404
    _parent_of(personas, "5A", year_group="Year 5")
    assert client.get(url).status_code == 200


def test_a_post_titled_like_a_blog_path_gets_a_slug_that_does_not_shadow_it(make_post):
    assert make_post(title="RSS").slug == "rss-news"


def test_the_posts_page_and_review_queue_take_a_bounded_number_of_queries(
    make_post, personas, sign_in, django_assert_max_num_queries
):
    from schoolgate.policy.models import ParameterOverride

    ParameterOverride.objects.create(
        school=personas.school, rule="publishing.approval", param="direct_publishers",
        value=["head"], set_by=personas.head,
    )  # fmt: skip
    for n in range(8):
        services.post_submit(post=make_post(title=f"Post {n}"), actor=personas.teacher)
    client = sign_in(personas.head)
    url = reverse("publishing:posts")
    client.get(url)
    # Paging counts the posts, and the author filter reads the authors' names.
    # One of them is the user's schools, for the strictest second factor and
    # idle limit (security floors), read once a request.
    with django_assert_max_num_queries(18):
        response = client.get(url)
    assert response.content.decode().count("publishing/") >= 8
    assert "Waiting for your approval" in response.content.decode()


# The news posts list: paging, filters, search -------------------------------


def _set_status(post, status):
    published_at = timezone.now() if status == "published" else None
    Post.objects.filter(pk=post.pk).update(status=status, published_at=published_at)


def _list(client, **params):
    return client.get(reverse("publishing:posts"), params).content.decode()


ROW = '<tr><td data-label="Title"><a'  # one post in the list


def test_the_posts_list_pages_so_old_posts_are_never_lost(make_post, personas, sign_in):
    oldest = make_post(title="The very first post")
    Post.objects.bulk_create(
        Post(school=personas.school, author=personas.teacher, slug=f"later-{n}") for n in range(55)
    )
    client = sign_in(personas.teacher)
    first = _list(client)
    assert first.count(ROW) == 50
    assert "Page 1 of 2 (56 in all)" in first
    assert "The very first post" not in first
    second = _list(client, page=2)
    assert second.count(ROW) == 6
    assert "The very first post" in second
    assert reverse("publishing:post", kwargs={"pk": oldest.pk}) in second


def test_the_posts_list_filters_by_status(make_post, personas, sign_in):
    for status in ("draft", "submitted", "rejected", "published", "withdrawn"):
        _set_status(make_post(title=f"Post {status}"), status)
    client = sign_in(personas.teacher)
    page = _list(client)
    for label in ("Draft", "Waiting for approval", "Sent back", "Published", "Withdrawn"):
        assert '<option value="' in page and f">{label}</option>" in page
    sent_back = _list(client, status="rejected")
    assert "Post rejected" in sent_back
    assert "Post draft" not in sent_back and "Post published" not in sent_back
    withdrawn = _list(client, status="withdrawn")
    assert "Post withdrawn" in withdrawn and "Post submitted" not in withdrawn


def test_a_reviewer_filters_by_author_and_an_author_sees_no_such_filter(
    make_post, personas, sign_in
):
    make_post(title="By the teacher", author=personas.teacher)
    make_post(title="By the deputy", author=personas.deputy)
    _set_status(Post.objects.get(current__title="By the teacher"), "published")
    _set_status(Post.objects.get(current__title="By the deputy"), "published")
    head = sign_in(personas.head)
    assert 'name="author"' in _list(head)
    page = _list(head, author=personas.deputy.pk)
    assert "By the deputy" in page
    assert "By the teacher" not in page
    teacher = sign_in(personas.teacher)
    assert 'name="author"' not in _list(teacher)


def test_the_posts_list_searches_titles_and_text(make_post, personas, sign_in):
    make_post(title="Sports day", body="Races on the field.")
    make_post(title="Harvest festival", body="Thank you for the tins.")
    make_post(title="Choir", body="The choir sang at the harvest supper.")
    client = sign_in(personas.teacher)
    page = _list(client, q="harvest")
    assert "Harvest festival" in page and "Choir" in page
    assert "Sports day" not in page
    page = _list(client, q="HARVEST tins")
    assert "Harvest festival" in page and "Choir" not in page


def test_a_search_that_finds_nothing_says_so_and_offers_to_clear_it(make_post, personas, sign_in):
    make_post(title="Sports day")
    client = sign_in(personas.teacher)
    page = _list(client, q="zebra", status="published")
    assert "No posts match the search “zebra” and the status “Published”" in page
    assert f'<a href="{reverse("publishing:posts")}">Clear the search and filters</a>' in page
    assert "No posts yet" not in page


def test_with_no_posts_at_all_the_list_invites_the_first(personas, sign_in):
    page = _list(sign_in(personas.teacher))
    assert "No posts yet" in page
    assert "No posts match" not in page


def test_the_posts_list_takes_as_many_queries_for_many_posts_as_for_few(
    make_post, personas, sign_in
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_post(title="One", author=personas.deputy)
    _set_status(make_post(title="Two"), "submitted")
    client = sign_in(personas.head)
    client.get(reverse("publishing:posts"))
    with CaptureQueriesContext(connection) as few:
        _list(client, q="o")
    for n in range(12):
        _set_status(make_post(title=f"More {n}", author=personas.deputy), "published")
    with CaptureQueriesContext(connection) as many:
        _list(client, q="o")
    assert len(many.captured_queries) == len(few.captured_queries)


# The composer's wording and channel names -----------------------------------


def test_the_composer_says_how_to_format_the_text_and_when_the_class_is_needed(personas, sign_in):
    page = sign_in(personas.teacher).get(reverse("publishing:compose")).content.decode()
    assert "Markdown" not in page
    assert "leave a blank line for a new paragraph" in page
    assert "**bold**" in page
    assert "Class or key stage (private posts only)" in page
    assert "publishing/compose.js" in page


def test_a_channel_names_its_kind_once(personas):
    def shown(kind, name):
        return str(Channel(school=personas.school, kind=kind, name=name))

    assert shown("blog", "Larkspur Primary") == "School blog: Larkspur Primary"
    assert shown("blog", "Larkspur Primary School blog") == "Larkspur Primary School blog"
    assert shown("facebook", "Larkspur Primary") == "Facebook Page: Larkspur Primary"
    assert shown("facebook", "Larkspur on Facebook") == "Larkspur on Facebook"
    assert shown("x", "Larkspur on X") == "Larkspur on X"
    assert shown("x", "Year 6 class news") == "X (Twitter): Year 6 class news"


def test_the_posts_list_downloads_as_csv_with_its_search_and_filters(make_post, personas, sign_in):
    _set_status(make_post(title="Sports day", body="Races."), "published")
    make_post(title="Sports kit", body="Bring it.")
    make_post(title="Harvest", body="Tins.")
    client = sign_in(personas.teacher)
    page = _list(client, q="sports")
    assert f'href="{reverse("publishing:posts_export")}?q=sports"' in page
    response = client.get(reverse("publishing:posts_export"), {"q": "sports", "status": "draft"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert lines[0] == "Title,Author,Status,Audience,Changed,Published"
    assert len(lines) == 2
    assert lines[1].startswith(f"Sports kit,{personas.teacher},Draft,Everyone (public),")
    entry = AuditEntry.objects.get(event="publishing.posts_exported")
    assert entry.extra["rows"] == 1
