"""The 信息公开 column has a government site's standard parts; the annual report is near."""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
from sitefixture import TODAY, Rendered, html_pages

from admin.site.app import create_site_app

STANDARD_PARTS = ["政府信息公开指南", "政府信息公开制度", "法定主动公开内容", "政府信息公开年报"]


def _targets(url: str, text: str) -> set[str]:
    """Return the site URLs a page links to, as folder URLs (``…/index.html`` → ``…/``)."""
    document = html5lib.parse(text, namespaceHTMLElements=False)
    found = set()
    for link in document.iter("a"):
        href = urlsplit(link.get("href", ""))
        if href.scheme or href.netloc or not href.path:
            continue
        path = posixpath.normpath(posixpath.join(posixpath.dirname(url), href.path))
        found.add(path.removesuffix("index.html").rstrip("/") + "/")
    return found


def test_an_annual_report_is_two_clicks_from_the_home_page(
    rendered: dict[str, Rendered],
) -> None:
    pages = html_pages(rendered)
    one_click = _targets("/", pages["/"])
    two_clicks = {t for url in one_click if url in pages for t in _targets(url, pages[url])}
    reached = one_click | two_clicks
    assert "/reports/2025/" in reached


def _column(text: str) -> list[tuple[str, str, str | None]]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    for nav in document.iter("nav"):
        if nav.get("aria-label") == "政府信息公开栏目":
            return [(a.text or "", a.get("href", ""), a.get("aria-current")) for a in nav.iter("a")]
    return []


def test_the_column_shows_its_four_standard_parts(content_dir: Path) -> None:
    (content_dir / "pages" / "rules.md").write_text(
        '+++\ntitle = "政府信息公开制度"\n+++\n正文\n', encoding="utf-8"
    )
    client = create_site_app(content_dir, TODAY).test_client()
    expected = {
        "/info/": ("法定主动公开内容", "index.html"),
        "/info/year/2026/": ("法定主动公开内容", "../../index.html"),
        "/reports/": ("政府信息公开年报", "index.html"),
        "/reports/2025/": ("政府信息公开年报", "../index.html"),
        "/pages/guide/": ("政府信息公开指南", "index.html"),
        "/pages/rules/": ("政府信息公开制度", "index.html"),
    }
    for url, (current, href) in expected.items():
        column = _column(client.get(url).get_data(as_text=True))
        assert [label for label, _, _ in column] == STANDARD_PARTS, url
        assert [(label, link) for label, link, on in column if on] == [(current, href)], url
    assert _column(client.get("/pages/contact/").get_data(as_text=True)) == []


def _current_menu_entry(text: str) -> list[str]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    for nav in document.iter("nav"):
        if nav.get("aria-label") == "主栏目":
            return [a.text or "" for a in nav.iter("a") if a.get("aria-current")]
    return []


def test_the_menu_marks_the_information_column_on_each_of_its_parts(
    rendered: dict[str, Rendered],
) -> None:
    for url in ("/info/", "/reports/", "/reports/2025/", "/pages/guide/"):
        assert _current_menu_entry(rendered[url].text) == ["信息公开"], url
    assert _current_menu_entry(rendered["/pages/contact/"].text) == []


def test_the_catalogue_links_each_annual_report(rendered: dict[str, Rendered]) -> None:
    assert "/reports/2025/" in _targets("/info/", rendered["/info/"].text)
