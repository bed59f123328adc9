"""A sitemap within 50,000 URLs is one file; above, an index of parts within the limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitefixture import BASE_URL, TODAY, write_site

from admin.freeze.incremental import state_dir, url_inputs
from admin.site import sitemaps
from admin.site.app import create_site_app, site_urls
from admin.site.content import load_site
from admin.site.views.helpers import SITE_KEY

LOC = re.compile(r"<loc>([^<]+)</loc>")


def _get(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_site_within_the_limit_has_one_sitemap_file(content_dir: Path) -> None:
    app = create_site_app(content_dir, TODAY)
    xml = _get(app.test_client(), "/sitemap.xml")
    assert "<urlset" in xml and "<sitemapindex" not in xml
    assert not [url for url in site_urls(app.extensions[SITE_KEY]) if "/sitemap-" in url]


def test_above_the_limit_the_sitemap_is_an_index_of_parts_each_within_it(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = LOC.findall(_get(create_site_app(content_dir, TODAY).test_client(), "/sitemap.xml"))
    monkeypatch.setattr(sitemaps, "SITEMAP_URLS", 20)
    app = create_site_app(content_dir, TODAY)
    client = app.test_client()
    index = _get(client, "/sitemap.xml")
    assert "<sitemapindex" in index and "<urlset" not in index
    named = LOC.findall(index)
    built = [url for url in site_urls(app.extensions[SITE_KEY]) if url.startswith("/sitemap-")]
    assert named == [BASE_URL + url.lstrip("/") for url in built] and len(built) > 2
    listed = []
    for url in built:
        locs = LOC.findall(_get(client, url))
        assert 0 < len(locs) <= 20, url
        listed += locs
    assert sorted(listed) == sorted(whole)  # every URL once, none lost
    assert any(url.startswith("/sitemap-penalties-2025") for url in built)
    assert client.get("/sitemap-nothing-1999.xml").status_code == 404


def test_a_new_decision_changes_its_year_part_the_index_and_the_site_part_alone(
    content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sitemaps, "SITEMAP_URLS", 20)

    def sitemap_inputs() -> dict[str, str]:
        site = load_site(content_dir, TODAY)
        urls = list(site_urls(site))
        return {u: d for u, d in url_inputs(site, urls).items() if "sitemap" in u}

    before = sitemap_inputs()
    newest = sorted((content_dir / "penalties").glob("2025-*.md"))[-1]
    text = newest.read_text(encoding="utf-8").replace(newest.stem, "2025-7777")
    (content_dir / "penalties" / "2025-7777.md").write_text(text, encoding="utf-8")
    after = sitemap_inputs()
    changed = {url for url in after if before.get(url) != after[url]}
    assert "/sitemap.xml" in changed
    # The site part lists the projects, made from every disclosure: it follows them all.
    allowed = ("/sitemap-penalties-2025", "/sitemap-site")
    assert all(url.startswith(allowed) for url in changed if url.startswith("/sitemap-"))
    assert [url for url in after if url.startswith("/sitemap-") and url not in changed]


def test_a_build_above_the_limit_passes_its_link_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from admin.freeze.pipeline import build_site
    from admin.freeze.progress import Progress

    monkeypatch.setattr(sitemaps, "SITEMAP_URLS", 20)
    content = write_site(tmp_path / "content")
    out = tmp_path / "site" / "build"
    build_site(content, out, TODAY, Progress(quiet=True))
    index = (out / "sitemap.xml").read_text(encoding="utf-8")
    parts = [loc.removeprefix(BASE_URL) for loc in LOC.findall(index)]
    assert parts and all((out / part).is_file() for part in parts)
    assert all("/" not in part for part in parts)  # beside sitemap.xml: below its folder
    # Each part of disclosures remembers its own entries (those of bodies, items and pages
    # are not remembered): parts sharing one memo would each save it with only their own,
    # and two render processes would write it at once.
    memos = {p.name for p in state_dir(out).glob("fragments-sitemap-*.json")}
    names = [part.removeprefix("sitemap-").removesuffix(".xml") for part in parts]
    expected = {f"fragments-sitemap-{n}.json" for n in names if not sitemaps.is_site_part(n)}
    assert memos == expected and len(expected) > 2
