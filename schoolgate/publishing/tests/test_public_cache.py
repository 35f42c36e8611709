"""The finished-page cache in front of the public blog (publishing.middleware)."""

from django.urls import reverse

from schoolgate.consent.tests.factories import PhotoConsentFactory
from schoolgate.people.tests.factories import PupilFactory
from schoolgate.publishing.takedowns import pupil_takedown


def _publish(make_post, personas, submit, **kwargs):
    post = make_post(author=personas.head, **kwargs)
    return submit(post, personas.head)


def _url(post):
    return reverse("blog:post", kwargs={"school": "larkspur", "slug": post.slug})


def test_a_repeat_visitor_gets_the_same_page_and_headers_without_the_view_running(
    make_post, personas, submit, client, django_assert_num_queries
):
    post = _publish(make_post, personas, submit, title="Harvest festival")
    first = client.get(_url(post))
    with django_assert_num_queries(0):
        again = client.get(_url(post))
    assert again.status_code == 200
    assert again.content == first.content
    for header in ("Content-Type", "X-Frame-Options", "Cache-Control", "Referrer-Policy"):
        assert again[header] == first[header], header


def test_a_withdrawn_post_is_gone_at_once_though_its_page_was_kept(
    make_post, personas, submit, client, django_capture_on_commit_callbacks
):
    jack = PupilFactory(school=personas.school, first_name="Jack")
    for use in ("blog", "social"):
        PhotoConsentFactory(pupil=jack, use=use)
    post = _publish(make_post, personas, submit, title="Harvest festival", pupils=[jack])
    assert client.get(_url(post)).status_code == 200
    client.get(_url(post))
    with django_capture_on_commit_callbacks(execute=True):
        pupil_takedown(pupil=jack, uses=["blog", "social"], reason="consent", actor=None)
    assert client.get(_url(post)).status_code == 404
    listing = client.get(reverse("blog:index", kwargs={"school": "larkspur"}))
    assert "Harvest festival" not in listing.content.decode()


def test_a_new_post_shows_at_once_on_a_kept_news_list(make_post, personas, submit, client):
    url = reverse("blog:index", kwargs={"school": "larkspur"})
    client.get(url)
    assert "Second" not in client.get(url).content.decode()
    _publish(make_post, personas, submit, title="Second")
    assert "Second" in client.get(url).content.decode()


def test_a_visitor_with_cookies_goes_through_the_whole_stack(make_post, personas, submit, client):
    post = _publish(make_post, personas, submit, title="Harvest festival")
    client.get(_url(post))
    client.cookies["sessionid"] = "someone"
    response = client.get(_url(post))
    assert response.status_code == 200
    assert "Harvest festival" in response.content.decode()
    # The whole stack ran: the unknown session was dropped, as Django does.
    assert "sessionid" in response.cookies


def test_signed_in_pages_are_never_served_from_it(personas, sign_in):
    client = sign_in(personas.teacher)
    first = client.get(reverse("web:dashboard"))
    assert first.status_code == 200
    other = sign_in(personas.head)
    assert "Teacher" not in other.get(reverse("web:dashboard")).content.decode().split("<main")[0]


def test_a_page_kept_for_one_host_name_is_not_given_to_another(
    make_post, personas, submit, client, settings
):
    settings.ALLOWED_HOSTS = ["news.larkspur.test", "other.test"]
    _publish(make_post, personas, submit, title="Harvest festival")
    url = reverse("blog:rss", kwargs={"school": "larkspur"})
    client.get(url, HTTP_HOST="news.larkspur.test")
    feed = client.get(url, HTTP_HOST="other.test").content.decode()
    assert "other.test" in feed and "news.larkspur.test" not in feed
    assert client.get(url, HTTP_HOST="evil.test").status_code == 400


def test_where_http_is_redirected_a_plain_http_visit_is_still_redirected(
    make_post, personas, submit, client, settings
):
    settings.SECURE_SSL_REDIRECT = True
    post = _publish(make_post, personas, submit, title="Harvest festival")
    client.get(_url(post), secure=True)
    client.get(_url(post), secure=True)
    response = client.get(_url(post))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get(_url(post), secure=True).status_code == 200
