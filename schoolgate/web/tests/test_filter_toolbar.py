"""The filter toolbar shared by the list pages: a search landmark, a label on each
field, a way back to the whole list, and downloads that keep the list's filters."""

import re

from django.urls import reverse

TOOLBAR = re.compile(r'<form method="get" class="toolbar" role="search"[^>]*>.*?</form>', re.S)


def _toolbar(html):
    return TOOLBAR.search(html)


def test_a_filtered_list_downloads_what_it_shows_and_clears_back(personas, sign_in):
    url = reverse("people:pupils")
    html = sign_in(personas.head).get(url, {"q": "ann", "class_name": "", "page": "1"}).text
    toolbar = _toolbar(html).group(0)
    for field, label in (("id_q", "Search"), ("id_class_name", "Class"), ("id_status", "On roll")):
        assert f'<label for="{field}">{label}</label>' in toolbar
    export = reverse("people:pupils_export")
    # The filters go with the download; the page number does not.
    assert f'href="{export}?q=ann&amp;class_name=">Download as CSV</a>' in toolbar
    assert f'<a href="{url}">Clear</a>' in toolbar


def test_the_do_not_post_list_is_found_by_name_and_shown_whole_again(personas, sign_in):
    url = reverse("consent:do_not_post")
    html = sign_in(personas.teacher).get(url, {"q": "Jack"}).text
    toolbar = _toolbar(html).group(0)
    assert 'aria-label="Find a class or a child on the list"' in toolbar
    assert f'<a href="{url}">Show the whole list</a>' in toolbar
    assert "Download as CSV" not in toolbar


def test_a_register_offers_its_whole_downloads(personas, sign_in):
    html = sign_in(personas.head).get(reverse("registers:accounts"), {"q": "x"}).text
    toolbar = _toolbar(html).group(0)
    # A register's downloads hold the whole register, whatever the filters.
    assert f'href="{reverse("registers:accounts_csv")}">Download as CSV</a>' in toolbar
    assert f'href="{reverse("registers:accounts_pdf")}">Download as PDF</a>' in toolbar
