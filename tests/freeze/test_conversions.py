"""Each body is converted once per build, and a rebuild converts only changed bodies."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsupport import TODAY, write_content

from admin.content.memofile import save_memo
from admin.domain import markdown_render as render
from admin.freeze import conversions
from admin.freeze.conversions import prepare_conversions
from admin.site.content import load_site


@pytest.fixture(autouse=True)
def _forget() -> Iterator[None]:
    render.reset()
    yield
    render.reset()


def _bodies(content: Path) -> set[str]:
    site = load_site(content, TODAY)
    return {r.body for d in ("penalties", "info", "pages") for r in site.all(d) if r.body}


def test_bodies_are_converted_once_and_pages_read_the_same(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    cache = tmp_path / "state" / "markdown-cache.json"
    expected = {r.slug: (r.html, r.plain) for r in load_site(content, TODAY).all("penalties")}
    render.reset()
    site = load_site(content, TODAY)
    converted = prepare_conversions(site, cache, workers=2)
    assert converted >= len(_bodies(content)) > 0
    assert {r.slug: (r.html, r.plain) for r in site.all("penalties")} == expected
    assert prepare_conversions(load_site(content, TODAY), cache) == 0  # all remembered


def test_a_rebuild_converts_only_the_changed_body(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    cache = tmp_path / "markdown-cache.json"
    prepare_conversions(load_site(content, TODAY), cache)
    path = sorted((content / "penalties").glob("*.md"))[0]
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明一段。\n", encoding="utf-8")
    assert prepare_conversions(load_site(content, TODAY), cache) == 1


def test_remembered_conversions_are_what_the_renderers_clean(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    site = load_site(content, TODAY)
    record = next(r for r in site.all("penalties") if r.body and not r.notice)
    key = hashlib.blake2b(record.body.encode(), digest_size=20).hexdigest()
    cache = tmp_path / "markdown-cache.json"
    planted = '<p>来自缓存</p><script>alert(1)</script><a href="javascript:x">链接</a>'
    save_memo(cache, conversions._VERSION, {key: planted})
    prepare_conversions(site, cache)
    assert record.plain == "来自缓存链接"
    assert "<script" not in record.html and "javascript" not in record.html
    assert "来自缓存" in record.html
