"""Every page declares the site icon with a link that works under a sub-path and from disk."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

import html5lib
from sitefixture import BASE_URL, Rendered, html_pages

from admin.site.app import STATIC_DIR


def _icons(text: str) -> list[str]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    return [link.get("href", "") for link in document.iter("link") if link.get("rel") == "icon"]


def test_every_page_declares_the_icon_by_a_relative_link(rendered: dict[str, Rendered]) -> None:
    # Browsers otherwise ask for /favicon.ico at the server's root: outside a column of
    # the county portal, and nowhere at all for a site opened from files on disk.
    for url, text in html_pages(rendered).items():
        if url == "/404.html":
            continue  # served at any depth: its links are absolute (tested below)
        [href] = _icons(text)
        assert urlsplit(href).scheme == "" and not href.startswith("/"), (url, href)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(url), urlsplit(href).path))
        assert target.startswith("/static/"), (url, href)
        assert (STATIC_DIR / target.removeprefix("/static/")).is_file()


def test_the_404_page_declares_the_icon_by_its_public_url(rendered: dict[str, Rendered]) -> None:
    [href] = _icons(rendered["/404.html"].text)
    assert href.startswith(BASE_URL + "static/share.png?v=")
