"""Search shards: disjoint, chosen without reading pages, rebuilt only where pages changed."""

from __future__ import annotations

import hashlib
import json
import multiprocessing.pool
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsupport import TODAY, tree_bytes
from searchoracle import searchable

from admin.freeze.freeze import site_app, site_of
from admin.freeze.search import (
    INDEX_DIR,
    PAGEFIND_PROCESSES,
    _Slots,
    index_site,
    written_by_indexing,
)
from admin.freeze.shards import Candidate, shard_name, shards
from admin.freeze.workers import forked_pool
from admin.site.content import Site

CHANGED = "penalties/2025-0001/index.html"


@pytest.fixture(scope="module")
def site(built_site: Path) -> Site:
    return site_of(site_app(built_site.parent / "content", TODAY))


@pytest.fixture
def writers() -> Iterator[multiprocessing.pool.Pool]:
    with forked_pool(PAGEFIND_PROCESSES) as pool:
        yield pool


def _copy(built_site: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Copy the built tree; return it and every file's digest, as the render reports them."""
    tree = tmp_path / "tree"
    shutil.copytree(built_site.resolve(), tree)
    files = {
        path.relative_to(tree).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(tree.rglob("*"))
        if path.is_file()
    }
    return tree, files


def _listing(tree: Path) -> dict:
    return json.loads((tree / INDEX_DIR / "bundles.json").read_text(encoding="utf-8"))


def test_every_listed_page_is_in_exactly_one_shard(built_site: Path) -> None:
    listing = _listing(built_site.resolve())
    shards = listing["shards"]
    assert sum(shard["pages"] for shard in shards.values()) == len(searchable(built_site))
    assert {"penalties-2021", "penalties-2025", "info-2026", "items"} <= set(shards)
    for name, shard in shards.items():
        assert name == shard_name(shard["section"], shard["year"])
        assert (built_site / INDEX_DIR / name / "pagefind.js").is_file()
        # Filters are shards: Pagefind's own filter files are not deterministic.
        assert not (built_site / INDEX_DIR / name / "filter").exists()
    assert {s["id"] for s in listing["sections"]} == {s["section"] for s in shards.values()}
    assert set(listing["years"]) == {s["year"] for s in shards.values() if s["year"]}
    paths = [f"{INDEX_DIR}/{name}/" for name in shards]
    assert not [(a, b) for a in paths for b in paths if a != b and b.startswith(a)]


def test_a_changed_page_rebuilds_only_its_shard_without_reading_the_others(
    built_site: Path, site: Site, tmp_path: Path, writers: multiprocessing.pool.Pool
) -> None:
    tree, files = _copy(built_site, tmp_path)
    first = index_site(tree, site, files, writers=writers)
    before = tree_bytes(tree)
    # An unchanged shard's pages are never read: removing one from disk changes nothing.
    (tree / "info/2026-00001/index.html").unlink()
    page = tree / CHANGED
    page.write_text(page.read_text(encoding="utf-8").replace("长山头村", "短山尾村"), "utf-8")
    files[CHANGED] = hashlib.sha256(page.read_bytes()).hexdigest()
    second = index_site(tree, site, files, writers=writers, previous=first)
    assert {name for name in first if first[name] != second[name]} == {"penalties-2025"}
    after = tree_bytes(tree)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    prefix = f"{INDEX_DIR}/penalties-2025/"
    assert {name for name in changed if not name.startswith(prefix)} == {
        CHANGED,
        "info/2026-00001/index.html",
    }
    rewritten = {name for name in after if written_by_indexing(name, ["penalties-2025"])}
    assert {name for name in after if name in changed and name.startswith(prefix)} <= set(rewritten)
    assert f"{INDEX_DIR}/bundles.json" in rewritten
    assert all(name.startswith((prefix, f"{INDEX_DIR}/bundles.json")) for name in rewritten)


def test_shards_are_the_same_bytes_from_scratch_as_in_the_build_and_after_an_update(
    built_site: Path, site: Site, tmp_path: Path, writers: multiprocessing.pool.Pool
) -> None:
    tree, files = _copy(built_site, tmp_path)
    first = index_site(tree, site, files, writers=writers)
    assert tree_bytes(tree / INDEX_DIR) == tree_bytes(built_site / INDEX_DIR)
    page = tree / CHANGED
    page.write_text(page.read_text(encoding="utf-8").replace("长山头村", "短山尾村"), "utf-8")
    files[CHANGED] = hashlib.sha256(page.read_bytes()).hexdigest()
    updated = index_site(tree, site, files, writers=writers, previous=first)
    fresh = tmp_path / "fresh"
    shutil.copytree(tree, fresh)
    shutil.rmtree(fresh / INDEX_DIR)
    assert index_site(fresh, site, files, writers=writers) == updated
    assert tree_bytes(fresh / INDEX_DIR) == tree_bytes(tree / INDEX_DIR)


@pytest.mark.parametrize(
    ("limit", "sizes", "steps", "started"),
    [
        # Largest first; the next one that fits beside it; a too-large one waits.
        (100, {"a": 80, "b": 50, "c": 20}, ["take", "take", "give a", "take"], ["a", "c", "b"]),
        # A shard larger than the limit runs, but alone.
        (10, {"big": 50, "small": 5}, ["take", "give big", "take"], ["big", "small"]),
        # Two that fit together start together.
        (100, {"x": 40, "y": 40}, ["take", "take"], ["x", "y"]),
    ],
)
def test_slots_start_the_largest_shard_that_fits(
    limit: int, sizes: dict[str, int], steps: list[str], started: list[str]
) -> None:
    slots = _Slots(limit, sizes)
    taken = []
    for step in steps:
        if step == "take":
            taken.append(slots.take())
        else:
            slots.give(step.split()[1])
    assert taken == started


def _pages(section: str, year: str, quarters: str, months: str = "") -> list[Candidate]:
    """Pages of ``section`` in ``year``, one per character of ``quarters`` (and of
    ``months``, a month's last digit, when given)."""
    months = months or " " * len(quarters)
    return [
        Candidate(
            f"{section}/{year}-{i:04d}/index.html",
            section,
            year,
            quarter.strip(),
            f"0{month}" if month.strip() else "",
        )
        for i, (quarter, month) in enumerate(zip(quarters, months, strict=True))
    ]


@pytest.mark.parametrize(
    ("pages", "limit", "expected"),
    [
        # A small year is one shard; a yearless section is one shard.
        (
            _pages("penalties", "2025", "1234") + _pages("items", "", "    "),
            4,
            {
                "penalties-2025": 4,
                "items": 4,
            },
        ),
        # A year larger than the limit is cut by quarter; other years stay whole.
        (
            _pages("penalties", "2025", "11234") + _pages("penalties", "2024", "14"),
            4,
            {
                "penalties-2025-q1": 2,
                "penalties-2025-q2": 1,
                "penalties-2025-q3": 1,
                "penalties-2025-q4": 1,
                "penalties-2024": 2,
            },
        ),
        # A quarter larger than the limit is cut by month; other quarters stay whole.
        (
            _pages("penalties", "2026", "111112", "112334"),
            3,
            {
                "penalties-2026-m01": 2,
                "penalties-2026-m02": 1,
                "penalties-2026-m03": 2,
                "penalties-2026-q2": 1,
            },
        ),
        # Yearless sections are never cut.
        (_pages("items", "", "     "), 2, {"items": 5}),
    ],
)
def test_large_years_are_cut_into_quarters(
    pages: list[Candidate], limit: int, expected: dict[str, int]
) -> None:
    found = shards(pages, limit)
    assert {name: len(members) for name, members in found.items()} == expected
    assert sorted(page.path for members in found.values() for page in members) == sorted(
        page.path for page in pages
    )
