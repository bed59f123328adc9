"""Archive pages stay put: a publish or an expiry rewrites only the pages it reaches.

Built with the real freezer on generated content (205 decisions), rebuilt incrementally
after one change, and compared with what a full build writes; the archive pages a change
cannot reach keep their bytes and their modification time.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

from test_incremental import (
    QUIET,
    _full,
    _generator,
    _notice,
    _prime,
    _published,
    _rebuild,
    _rewrite,
)

from admin.content.store import read_dataset
from admin.domain.contentfile import parse_content_file, serialize_content_file
from admin.freeze.incremental import url_inputs
from admin.freeze.pipeline import build_site
from admin.freeze.swap import idle_tree
from admin.site.app import site_urls
from admin.site.content import load_site
from admin.site.views.urls import list_archive, list_folders

TODAY = dt.date(2026, 11, 1)
PAGER = re.compile(r'<nav class="pager".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"(?: rel="[a-z]+")?>(较早|较新|最新|最早)</a>')


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    _generator().generate(content, decisions=205, seed=5, live=True)
    return content


def _archive_files(tree: Path) -> dict[str, tuple[bytes, int]]:
    """Return every archive page of ``tree`` with its bytes and modification time."""
    return {
        p.relative_to(tree).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in tree.rglob("index.html")
        if "/page/" in p.as_posix()
    }


def _rebuilt(content: Path, out: Path) -> tuple[set[str], set[str], set[str]]:
    """Rebuild; return the archive pages changed, touched, and gone (the idle tree's)."""
    tree = idle_tree(out)
    assert tree is not None
    before = _archive_files(tree)
    build_site(content, out, TODAY, QUIET)
    assert out.resolve() == tree.resolve()
    after = _archive_files(tree)
    changed = {p for p in before.keys() & after.keys() if before[p][0] != after[p][0]}
    touched = {p for p in before.keys() & after.keys() if before[p][1] != after[p][1]}
    return changed | (after.keys() - before.keys()), touched, before.keys() - after.keys()


def _pages_of(content: Path, slug: str) -> set[str]:
    """Return the archive page files whose block holds record ``slug``, in every list."""
    site = load_site(content, TODAY)
    pages = set()
    for folder, _, records in list_folders(site):
        for block in list_archive(site, folder, records).blocks:
            if any(r.slug == slug for r in block.records):
                pages.add(f"{folder.strip('/')}/page/{block.number}/index.html")
    return pages


def test_a_publish_changes_the_inputs_of_few_pages_and_no_reference_page(
    tmp_path: Path,
) -> None:
    content = _content(tmp_path)
    before = load_site(content, TODAY)
    urls = list(site_urls(before))
    old = url_inputs(before, urls)
    slug = _publish_one(content)
    after = load_site(content, TODAY)
    new = url_inputs(after, list(site_urls(after)))
    changed = {url for url in new if old.get(url) != new[url]}
    archived = {u for u in changed if "/page/" in u}
    assert {f"/{p.removesuffix('index.html')}" for p in _pages_of(content, slug)} == archived
    assert not [u for u in changed if u.startswith(("/items/", "/officers/", "/pages/"))]
    assert f"/penalties/{slug}/" in changed and len(changed) < 80 < len(urls)


def _publish_one(content: Path) -> str:
    """Publish a decision dated like the newest one (a copy of it); return its slug."""
    newest = max(
        (f for f in read_dataset(content, "penalties") if f.meta.get("status") == "published"),
        key=lambda f: (f.meta["decision_date"], f.slug),
    )
    meta = {**newest.meta, "decision_no": "中宁大战场综执罚〔2026〕9999号"}
    meta["title"] = meta["decision_no"]
    (content / "penalties" / "2026-9999.md").write_text(
        serialize_content_file(meta, newest.body), encoding="utf-8"
    )
    return "2026-9999"


def test_one_publish_rewrites_only_the_newest_block_of_each_list(tmp_path: Path) -> None:
    content = _content(tmp_path)
    out = tmp_path / "site" / "build"
    _prime(content, out, TODAY)
    _publish_one(content)
    changed, touched, gone = _rebuilt(content, out)
    reached = _pages_of(content, "2026-9999")
    assert reached, "the new decision is on archive pages"
    # The new decision's own blocks change; no other archive page is rewritten.
    assert reached <= changed
    assert changed == touched == reached and not gone
    unchanged = _archive_files(out.resolve()).keys() - changed
    assert len(reached) >= 4 and len(unchanged) > 10 * len(reached)  # main, year, kind, body
    assert _archive_files(out.resolve()).keys() == {
        p for p in _full(content, tmp_path, TODAY) if "/page/" in p and p.endswith(".html")
    }


def test_the_expiry_of_the_oldest_decision_moves_only_pages_of_its_month(
    tmp_path: Path,
) -> None:
    content = _content(tmp_path)
    out = tmp_path / "site" / "build"
    _prime(content, out, TODAY)
    oldest = min(
        _published(content, "penalties"),
        key=lambda p: (parse_content_file(p.read_text("utf-8")).meta["decision_date"], p.stem),
    )
    day = parse_content_file(oldest.read_text("utf-8")).meta["decision_date"]
    assert _pages_of(content, oldest.stem)
    _rewrite(oldest, _notice("expired", "公示期满"))
    changed, touched, gone = _rebuilt(content, out)
    assert changed | gone, "the expiry changed nothing"
    assert changed == touched
    # Pages of its own month (packed from the 1st on) or year, and where a page went, the
    # one that linked it as 较早 (the list's new oldest page).
    month, year = f"{day.year}{day.month:02d}", str(day.year)
    allowed = _oldest_pages(content) if gone else set()
    for page in changed | gone:
        number = page.split("/")[-2]
        assert number.startswith(month) or number == year or page in allowed, page
    for page in changed:
        assert oldest.stem not in (out.resolve() / page).read_text("utf-8")
    assert len(_archive_files(out.resolve())) > 5 * len(changed | gone)


def _oldest_pages(content: Path) -> set[str]:
    """Return the oldest archive page of every list."""
    site = load_site(content, TODAY)
    found = set()
    for folder, _, records in list_folders(site):
        for block in list_archive(site, folder, records).blocks[:1]:
            found.add(f"{folder.strip('/')}/page/{block.number}/index.html")
    return found


def test_every_record_is_reachable_from_the_folder_and_no_pager_link_is_dead(
    tmp_path: Path,
) -> None:
    content = _content(tmp_path)
    out = tmp_path / "site" / "build"
    build_site(content, out, TODAY, QUIET, incremental=False)
    tree = out.resolve()
    site = load_site(content, TODAY)
    for folder, dataset, records in list_folders(site):
        page: Path | None = tree / folder.strip("/") / "index.html"
        seen: set[str] = set()
        visited: set[Path] = set()
        while page is not None:
            assert page not in visited, page
            visited.add(page)
            text = page.read_text("utf-8")
            for href in re.findall(r'href="([^"#?]+)"', text):
                target = (page.parent / href).resolve()
                if target.is_relative_to(tree / dataset):
                    seen.add(target.relative_to(tree / dataset).parts[0])
            nav = PAGER.search(text)
            older = None
            for href, name in LINK.findall(nav.group(0) if nav else ""):
                assert (page.parent / href).resolve().is_file(), (page, href)
                if name == "较早":
                    older = (page.parent / href).resolve()
            page = older
        assert len(visited) > 1 or len(records) <= 20
        missing = [r.slug for r in records if r.slug not in seen]
        assert not missing, (folder, missing[:5])
    shutil.rmtree(tmp_path / "site")


def test_rebuilds_after_changes_that_move_records_between_blocks_equal_full_builds(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    _generator().generate(content, decisions=60, seed=5, live=True)
    out = tmp_path / "site" / "build"
    _prime(content, out, TODAY)
    decisions = _published(content, "penalties")
    source = parse_content_file(decisions[0].read_text("utf-8"))

    def add(slug: str, day: dt.date) -> None:
        meta = {**source.meta, "decision_no": f"中宁大战场综执罚〔2026〕{slug}号"}
        meta |= {"title": meta["decision_no"], "decision_date": day}
        path = content / "penalties" / f"2026-{slug}.md"
        path.write_text(serialize_content_file(meta, source.body), encoding="utf-8")

    def setting(**fields: object):
        return lambda meta, body: ({**meta, **fields}, body)

    def busy_day_and_a_late_year() -> None:
        for n in range(45):
            add(f"7{n:03d}", dt.date(2026, 3, 3))
        add("8001", dt.date(2019, 2, 28))  # a year of its own, published late

    def moved_and_given_a_kind() -> None:
        _rewrite(decisions[3], setting(decision_date=dt.date(2026, 1, 15)))  # another block
        _rewrite(decisions[5], setting(kinds=["警告", "没收违法所得"]))  # a kind list more

    changes = [
        busy_day_and_a_late_year,
        lambda: _rewrite(decisions[4], setting(party_name="中宁县改名商贸有限公司")),
        moved_and_given_a_kind,
        lambda: _rewrite(content / "penalties" / "2026-7000.md", _notice("withdrawn", "撤回")),
    ]
    for step, change in enumerate(changes):
        change()
        assert _rebuild(content, out, TODAY) == _full(content, tmp_path, TODAY), step
