"""The dashboard's publishing panels: posts waiting for my approval, and my own
drafts and posts sent back."""

from django.urls import reverse

from schoolgate.publishing.models import Post

APPROVAL = "Posts waiting for your approval"
OWN = "Your drafts and posts sent back"


def _waiting(make_post, n, **kwargs):
    posts = [make_post(title=f"Outing {i}", **kwargs) for i in range(n)]
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(status=Post.Status.SUBMITTED)
    return posts


def _dashboard(client):
    return client.get(reverse("web:dashboard")).content.decode()


def test_the_head_sees_each_post_waiting_for_approval_as_a_link(make_post, personas, sign_in):
    post = _waiting(make_post, 1)[0]
    page = _dashboard(sign_in(personas.head))
    assert f"{APPROVAL} (1)" in page
    assert f'<a href="{reverse("publishing:post", args=[post.pk])}">Outing 0</a>' in page


def test_the_approval_list_is_capped_and_links_to_all_of_them(make_post, personas, sign_in):
    _waiting(make_post, 7)
    page = _dashboard(sign_in(personas.head))
    assert f"{APPROVAL} (7)" in page
    assert page.count(">Outing ") == 5
    assert "See all 7 posts waiting for your approval" in page


def test_an_approver_with_nothing_waiting_is_told_so(personas, sign_in):
    assert "Nothing waiting: no post needs your approval." in _dashboard(sign_in(personas.head))


def test_nobody_is_shown_a_post_they_may_not_approve(make_post, personas, sign_in):
    _waiting(make_post, 1, author=personas.head)  # four eyes: not the head's to approve
    head_page = _dashboard(sign_in(personas.head))
    assert "no post needs your approval" in head_page and "Outing 0</a> by" not in head_page
    assert APPROVAL not in _dashboard(sign_in(personas.teacher))


def test_a_teacher_sees_posts_sent_back_first_then_drafts(make_post, personas, sign_in):
    sent_back = make_post(title="Harvest festival")
    make_post(title="Sports day")
    Post.objects.filter(pk=sent_back.pk).update(status=Post.Status.REJECTED)
    make_post(title="Someone else's", author=personas.deputy)
    page = _dashboard(sign_in(personas.teacher))
    assert f"{OWN} (2)" in page
    assert (
        page.index("Sent back:</strong>") < page.index("Harvest festival") < page.index("Draft: ")
    )
    assert f'href="{reverse("publishing:post", args=[sent_back.pk])}"' in page
    assert "Someone else" not in page


def test_a_teacher_with_no_drafts_is_offered_to_write_one(personas, sign_in):
    page = _dashboard(sign_in(personas.teacher))
    assert "you have no drafts and no posts sent back" in page
    assert f'href="{reverse("publishing:compose")}"' in page


def test_own_drafts_are_capped_with_a_link_to_all(make_post, personas, sign_in):
    for n in range(6):
        make_post(title=f"Draft {n}")
    page = _dashboard(sign_in(personas.teacher))
    assert f"{OWN} (6)" in page and page.count("Draft: <a") == 5
    assert "See all your posts" in page
