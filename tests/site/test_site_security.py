"""Nothing executable reaches a page: no inline script, no handlers, plain fields escaped.

Checked with parsers (html5lib, ElementTree, json, csv), not regular expressions.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import html5lib
import pytest
from sitefixture import TODAY, Rendered, html_pages, write_site

from admin.site.app import create_site_app, site_urls
from admin.site.views.helpers import SITE_KEY

#: SECURITY.md's corpus for plain fields: markup, handlers, schemes, breakouts, templates.
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)' x='",
    "javascript:alert(1)",
    "<svg onload=alert(1)><math><mi//xlink:href=javascript:alert(1)>",
    "</title><script>alert(1)</script>",
    "<iframe src=javascript:alert(1)></iframe><form action=x><meta http-equiv=refresh>",
    "<base href=//evil.example/>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "]]><x>&amp;{{ 7*7 }}{% raw %}",
    '=HYPERLINK("http://evil.example")',
)
#: Plain (non-Markdown) fields of each dataset that pages, feeds and data files show.
PLAIN_FIELDS = {
    "subjects": ("title", "name", "legal_basis", "supervisor", "complaint_channel", "phone"),
    "officers": ("name", "certificate_no", "category", "area"),
    "items": ("title", "name", "legal_basis", "procedure", "remedy", "code"),
    "penalties": (
        "title",
        "decision_no",
        "party_name",
        "legal_rep",
        "violation_type",
        "basis",
        "content",
        "remarks",
        "item_name",
        "notice_reason",
    ),
    "inspections": ("title", "party_name", "item_name", "follow_up"),
    "info": ("title", "summary", "index_no", "doc_no", "publisher", "notice_reason"),
    "pages": ("title", "summary"),
    "reports": ("title",),
}
EXECUTABLE_TAGS = {"script", "iframe", "object", "embed", "form", "base", "frame", "img"}
#: Every static script a page may load.
ALLOWED_SCRIPTS = {"elder.js", "search.js"}


def plant(payloads: tuple[str, ...]):
    """Return an ``overrides`` hook that puts a payload into every plain field."""
    counter = iter(range(10_000))

    def override(dataset: str, slug: str, meta: dict[str, Any]) -> None:
        for key in PLAIN_FIELDS.get(dataset, ()):
            if key in meta or key == "title":
                meta[key] = f"{key}{payloads[next(counter) % len(payloads)]}"

    return override


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every URL of a site whose plain fields all carry an XSS payload."""
    root = write_site(tmp_path_factory.mktemp("xss") / "content", overrides=plant(PAYLOADS))
    body = root / "penalties" / "2025-0001.md"
    body.write_text(
        body.read_text(encoding="utf-8")
        + '\n<script>alert(1)</script>[x](javascript:alert(1)){onclick="alert(1)"}\n',
        encoding="utf-8",
    )
    app = create_site_app(root, TODAY)
    client = app.test_client()
    answers = {}
    for url in site_urls(app.extensions[SITE_KEY]):
        response = client.get(url)
        assert response.status_code == 200, url
        answers[url] = Rendered(response.status_code, response.mimetype, response.data)
        response.close()
    return answers


def elements(text: str) -> Iterator[Any]:
    """Yield every element of an HTML document, parsed as a browser would."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    yield from parser.parse(text).iter()


def assert_nothing_executable(url: str, text: str) -> None:
    """Fail when the page has inline script, a handler, a script URL or an active tag."""
    for element in elements(text):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "script":
            source = element.get("src")
            assert source, f"{url}: inline <script>"
            assert source.split("?")[0].rsplit("/", 1)[-1] in ALLOWED_SCRIPTS, (url, source)
            assert not (element.text or "").strip(), f"{url}: script with content"
        if tag == "form":
            # The search page's own form is the only one (it submits to itself).
            assert (url, element.get("id"), element.get("action")) == (
                "/search/",
                "search-form",
                "index.html",
            )
        else:
            assert tag not in EXECUTABLE_TAGS - {"script"}, f"{url}: <{tag}>"
        assert tag not in {"svg", "math"} or element.get("class") in {"qr", "chart"}, url
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"{url}: {name}= on <{tag}>"
            if name in {"href", "src", "action", "formaction", "xlink:href"}:
                assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
        if tag == "meta" and element.get("http-equiv") is not None:
            # Only the base template's policy; never a refresh or a set-cookie.
            assert element.get("http-equiv") == "Content-Security-Policy", url
            assert element.get("content", "").startswith("default-src 'none';"), url


def test_no_inline_script_or_handler_on_any_page(rendered: dict[str, Rendered]) -> None:
    for url, text in html_pages(rendered).items():
        assert_nothing_executable(url, text)


def test_payloads_in_plain_fields_stay_text_in_html(hostile: dict[str, Rendered]) -> None:
    for url, text in html_pages(hostile).items():
        assert_nothing_executable(url, text)


def test_payloads_are_text_in_title_and_heading(hostile: dict[str, Rendered]) -> None:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    titles = []
    for url in ("/penalties/2025-0001/", "/info/2026-00001/", "/items/cf-0001/", "/pages/guide/"):
        document = parser.parse(hostile[url].text)
        title = document.find(".//title").text
        assert title.startswith("title"), url
        assert "".join(document.find(".//h1").itertext()) == title.rsplit(" - ", 1)[0], url
        titles.append(title)
    texts = "".join("".join(parser.parse(t).itertext()) for t in html_pages(hostile).values())
    # The payloads come out as the characters they are; nothing is evaluated.
    assert "<script>alert(1)</script>" in texts
    assert "{{ 7*7 }}" in texts


def test_payloads_leave_feed_and_sitemap_well_formed(hostile: dict[str, Rendered]) -> None:
    feed = ET.fromstring(hostile["/feed.xml"].data)
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed]
    assert any(t and t.startswith("【已撤回】title") for t in titles)
    for element in feed.iter():
        assert element.tag.startswith("{http://www.w3.org/2005/Atom}"), element.tag
    sitemap = ET.fromstring(hostile["/sitemap.xml"].data)
    assert all(e.tag.startswith("{http://www.sitemaps.org/") for e in sitemap.iter())


def test_payloads_round_trip_in_json_without_raw_markup(hostile: dict[str, Rendered]) -> None:
    for dataset in ("subjects", "officers", "items", "penalties", "inspections", "info"):
        text = hostile[f"/data/{dataset}.json"].text
        assert "<" not in text and ">" not in text
        rows = json.loads(text)["records"]
        values = [v for row in rows for v in row.values() if isinstance(v, str)]
        assert any(any(p in v for p in PAYLOADS) for v in values), dataset


def test_csv_cells_cannot_start_a_formula(hostile: dict[str, Rendered]) -> None:
    for dataset in ("subjects", "officers", "items", "penalties", "inspections", "info"):
        rows = list(csv.reader(io.StringIO(hostile[f"/data/{dataset}.csv"].text.lstrip("\ufeff"))))
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), (dataset, cell)


def test_formula_cell_is_quoted(tmp_path: Path) -> None:
    def formula(dataset: str, slug: str, meta: dict[str, Any]) -> None:
        if dataset == "officers":
            meta["area"] = "=1+1"

    root = write_site(tmp_path / "content", overrides=formula)
    text = create_site_app(root, TODAY).test_client().get("/data/officers.csv").data
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert rows[1][3] == "'=1+1"
