"""The search index's bytes do not depend on the machine's file system (issue 15, item 6)."""

from __future__ import annotations

import hashlib
import multiprocessing.pool
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsupport import TODAY, tree_bytes
from pagefind_bin import get_executable

from admin.freeze.freeze import site_app, site_of
from admin.freeze.pagefindservice import PagefindServiceError, index_pages
from admin.freeze.search import INDEX_DIR, PAGEFIND_PROCESSES, index_site
from admin.freeze.workers import forked_pool

#: A RAM-backed file system lists a folder in the order its files were made, unlike ext4
#: (a hash order): the build's output is on one or the other depending on the machine.
TMPFS = Path("/dev/shm")


@pytest.fixture
def writers() -> Iterator[multiprocessing.pool.Pool]:
    with forked_pool(PAGEFIND_PROCESSES) as pool:
        yield pool


def copy_tree(source: Path, tree: Path, *, reverse: bool) -> dict[str, str]:
    """Copy ``source`` file by file, in path order or reversed; return each file's digest."""
    paths = sorted(p for p in source.rglob("*") if p.is_file())
    files = {}
    for path in reversed(paths) if reverse else paths:
        relative = path.relative_to(source).as_posix()
        target = tree / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
        files[relative] = hashlib.sha256(target.read_bytes()).hexdigest()
    shutil.rmtree(tree / INDEX_DIR)
    return files


def test_the_index_is_the_same_bytes_whatever_order_the_files_were_made_in(
    built_site: Path, tmp_path: Path, writers: multiprocessing.pool.Pool
) -> None:
    # The same pages made in opposite orders, one tree on this disk and one on tmpfs where
    # there is one, each indexed as a build does. Pagefind
    # reading the copies from a folder numbered them as each file system listed them.
    source = built_site.resolve()
    site = site_of(site_app(built_site.parent / "content", TODAY))
    with tempfile.TemporaryDirectory(dir=TMPFS if TMPFS.is_dir() else tmp_path) as other:
        trees = {}
        for reverse, parent in ((False, tmp_path), (True, Path(other))):
            tree = parent / "tree"
            files = copy_tree(source, tree, reverse=reverse)
            index_site(tree, site, files, writers=writers)
            trees[reverse] = tree_bytes(tree / INDEX_DIR)
    assert trees[False] == trees[True]
    assert trees[False] == tree_bytes(source / INDEX_DIR)  # and the build's own index


def page(number: int) -> tuple[str, str]:
    html = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
        f"<main data-pagefind-body><p>罚 款 {number} 元 决定 {number % 7}</p></main></body></html>"
    )
    return f"penalties/{number:03d}/index.html", html


def indexed(pages: list[tuple[str, str]]) -> dict[str, bytes]:
    return index_pages(get_executable(), iter(pages))


def test_pagefind_numbers_pages_in_the_order_it_is_given_them() -> None:
    pages = [page(number) for number in range(40)]
    first = indexed(pages)
    assert indexed(pages) == first
    # The order is what decides, so the caller's fixed order is what makes it reproducible.
    assert indexed(pages[::-1]) != first
    assert sum(name.startswith("fragment/") for name in first) == 40
    assert "pagefind-entry.json" in first


def test_a_pagefind_that_stops_early_is_an_error() -> None:
    with pytest.raises(PagefindServiceError, match="提前退出"):
        index_pages(Path("/bin/true"), iter([page(1)]))


def test_a_pagefind_that_cannot_start_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PagefindServiceError, match="无法运行"):
        index_pages(tmp_path / "missing", iter([page(1)]))
