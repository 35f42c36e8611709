"""The header navigation: only what the person may open, grouped into menus."""

from django.urls import reverse

from schoolgate.web import navigation
from schoolgate.web.navigation import NavItem, group_of


def _nav(client):
    html = client.get(reverse("web:dashboard")).content.decode()
    return html[html.index("<nav") : html.index("</nav>")]


def test_a_menu_lists_only_pages_the_person_may_open(personas, sign_in):
    teacher_nav = _nav(sign_in(personas.teacher))
    assert reverse("people:pupils") in teacher_nav
    assert reverse("policy:override") not in teacher_nav


def test_areas_with_several_pages_become_menus_and_single_pages_stay_links(personas, sign_in):
    head_nav = _nav(sign_in(personas.head))
    assert "<summary>People</summary>" in head_nav
    assert '<a href="/dashboard/" aria-current="page">Dashboard</a>' in head_nav


def test_an_entry_is_grouped_by_its_url_namespace_unless_told(monkeypatch):
    assert group_of(NavItem("Pupils", "people:pupils", "people.view")) == "People"
    assert group_of(NavItem("Home", "web:dashboard", "web.dashboard")) is None
    assert group_of(NavItem("X", "newapp:list", "x", group="Registers")) == "Registers"
    assert navigation.GROUPS.get("newapp") is None
    assert group_of(NavItem("X", "newapp:list", "x")) == "More"
