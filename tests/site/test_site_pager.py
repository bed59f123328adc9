"""Pager links: copied from one built link, they equal the links built one by one."""

from __future__ import annotations

import pytest
from flask import Flask, request

from admin.site.views.helpers import ABSOLUTE_LINKS, link_to
from admin.site.views.listing import Pager, page_window

PAGES = 30


def built_links(endpoint: str, values: dict[str, object]) -> list[str]:
    """Return the link to every page built through the URL map, one at a time."""
    first = [link_to(endpoint, **values)]
    return first + [link_to(endpoint + "_page", n=n, **values) for n in range(2, PAGES + 1)]


@pytest.mark.parametrize(
    ("path", "script_root", "endpoint", "values", "current"),
    [
        ("/penalties/", "", "penalties.index", {}, 1),
        ("/penalties/page/12/", "", "penalties.index", {}, 12),
        ("/penalties/page/2/", "", "penalties.index", {}, 2),
        ("/penalties/year/2025/page/3/", "", "penalties.year", {"year": 2025}, 3),
        ("/penalties/kind/fine/page/7/", "", "penalties.kind", {"kind": "fine"}, 7),
        # A sub-path whose folder name is also a page number.
        ("/penalties/page/5/", "/12", "penalties.index", {}, 5),
    ],
)
def test_pager_links_equal_links_built_one_by_one(
    site_app: Flask,
    path: str,
    script_root: str,
    endpoint: str,
    values: dict[str, object],
    current: int,
) -> None:
    with site_app.test_request_context(path, base_url="http://localhost" + script_root):
        pager = Pager(current, PAGES, endpoint, values)
        expected = built_links(endpoint, values)
        assert [pager.link(n) for n in range(1, PAGES + 1)] == expected
        numbered = pager.numbered_links()
    assert [n for n, _ in numbered] == page_window(current, PAGES)
    assert all(link == expected[n - 1] for n, link in numbered if n not in (None, current))
    assert (current, None) in numbered


def test_pager_links_are_absolute_on_the_not_found_page(site_app: Flask) -> None:
    with site_app.test_request_context("/404.html"):
        request.environ[ABSOLUTE_LINKS] = True  # as the not-found page sets it
        pager = Pager(1, PAGES, "penalties.index", {})
        links = [pager.link(n) for n in range(1, PAGES + 1)]
        assert links == built_links("penalties.index", {})
    assert all(link.startswith("http") for link in links)


@pytest.mark.parametrize(
    ("current", "pages", "shown"),
    [
        (1, 1, [1]),
        (3, 5, [1, 2, 3, 4, 5]),
        (1, 10, [1, 2, 3, None, 10]),
        (4, 10, [1, 2, 3, 4, 5, 6, None, 10]),
        (10, 10, [1, None, 8, 9, 10]),
        (6, 12, [1, None, 4, 5, 6, 7, 8, None, 12]),
        (300, 604, [1, None, 298, 299, 300, 301, 302, None, 604]),
    ],
)
def test_a_pager_shows_the_ends_and_the_neighbours_not_every_page(
    current: int, pages: int, shown: list[int | None]
) -> None:
    assert page_window(current, pages) == shown
