"""A shard indexed again reads only its changed pages: the others' copies are remembered."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
from pathlib import Path

import pytest
from buildsupport import tree_bytes, write_content

from admin.freeze import search
from admin.freeze.copycache import COPY_CACHE_PREFIX, copy_cache_path, load_copies
from admin.freeze.incremental import prune_states, state_dir
from admin.freeze.pipeline import build_site
from admin.freeze.progress import Progress
from admin.freeze.swap import current_tree

QUIET = Progress(quiet=True)
#: While the fixture's 2025 decisions are still public: one shard of twenty pages.
TODAY = dt.date(2025, 12, 1)


def _edit(content: Path, slug: str = "2025-0100") -> Path:
    path = content / "penalties" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n补充说明一条。\n", "utf-8")
    return path


def _index(tree: Path) -> dict[str, bytes]:
    return {
        name: data for name, data in tree_bytes(tree).items() if name.startswith("search/index/")
    }


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A file each page read for its search copy is appended to, by any process.

    The copy writers are forked when a build starts, after this patch.
    """
    log = tmp_path / "reads.txt"
    log.touch()
    real = search._parsed

    def logged(member: search.Candidate, data: bytes) -> search.SearchPage | None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(member.path + "\n")
        return real(member, data)

    monkeypatch.setattr(search, "_parsed", logged)
    return log


def _built_twice(tmp_path: Path) -> tuple[Path, Path]:
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    for _ in range(2):
        build_site(content, out, TODAY, QUIET)
    return content, out


def test_a_shard_indexed_again_reads_only_its_pages_that_changed(
    tmp_path: Path, reads: Path
) -> None:
    content, out = _built_twice(tmp_path)
    reads.write_text("", encoding="utf-8")
    edited = _edit(content)
    build_site(content, out, TODAY, QUIET)
    read = reads.read_text(encoding="utf-8").split()
    page = f"penalties/{edited.stem}/index.html"
    assert page in read
    # The decisions of the edited one's year are in its shard, which is indexed again;
    # none of the others is read again.
    year = sorted((content / "penalties").glob(f"{edited.stem[:4]}-*.md"))
    assert len(year) > 1
    assert [name for name in read if name.startswith("penalties/")] == [page]
    # What the rebuild indexed from remembered copies is what a full build indexes.
    fresh = tmp_path / "fresh" / "build"
    build_site(content, fresh, TODAY, QUIET, incremental=False)
    assert _index(current_tree(out)) == _index(current_tree(fresh))


PLANTED = "一段从未发布的文字"


def _planted(tree: Path) -> bool:
    """Tell whether any search file of ``tree`` holds :data:`PLANTED` (most are gzipped)."""
    for data in _index(tree).values():
        text = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
        if PLANTED.encode() in text:
            return True
    return False


def _fake(entry: list) -> list:
    return [entry[0], f"<p>{PLANTED}</p>" if entry[1] is not None else None]


@pytest.mark.parametrize(
    "damage",
    [
        lambda stored: "{" + json.dumps(stored, ensure_ascii=False)[:-20],
        lambda stored: {
            "version": "other",
            "payload": {p: _fake(e) for p, e in stored["payload"].items()},
        },
        lambda stored: {**stored, "payload": {p: [e[0]] for p, e in stored["payload"].items()}},
        lambda stored: {**stored, "payload": {p: [1, e[1]] for p, e in stored["payload"].items()}},
        lambda stored: {**stored, "payload": {p: [e[0], 7] for p, e in stored["payload"].items()}},
        lambda stored: {**stored, "payload": [1, 2]},
        # A lone surrogate, which json reads and orjson does not: it cannot go to Pagefind.
        lambda stored: {
            **stored,
            "payload": {p: [e[0], "\ud800"] for p, e in stored["payload"].items()},
        },
    ],
    ids=[
        "truncated",
        "other-code",
        "short",
        "digest-type",
        "copy-type",
        "not-a-table",
        "surrogate",
    ],
)
def test_damaged_or_foreign_copies_are_made_again(tmp_path: Path, damage) -> None:
    content, out = _built_twice(tmp_path)
    path = copy_cache_path(state_dir(out), "penalties-2025")
    damaged = damage(json.loads(path.read_text(encoding="utf-8")))
    text = damaged if isinstance(damaged, str) else json.dumps(damaged, ensure_ascii=True)
    path.write_text(text, encoding="utf-8")
    _edit(content)
    build_site(content, out, TODAY, QUIET)  # the shard of the damaged file is indexed again
    fresh = tmp_path / "fresh" / "build"
    build_site(content, fresh, TODAY, QUIET, incremental=False)
    assert _index(current_tree(out)) == _index(current_tree(fresh))
    assert not _planted(current_tree(out))


def test_a_full_build_makes_every_copy_again(tmp_path: Path) -> None:
    # Even copies that the code of this version remembered for these very bytes.
    content, out = _built_twice(tmp_path)
    path = copy_cache_path(state_dir(out), "penalties-2025")
    stored = json.loads(path.read_text(encoding="utf-8"))
    stored["payload"] = {page: _fake(entry) for page, entry in stored["payload"].items()}
    path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    build_site(content, out, TODAY, QUIET, incremental=False)
    assert not _planted(current_tree(out))
    fresh = tmp_path / "fresh" / "build"
    build_site(content, fresh, TODAY, QUIET, incremental=False)
    assert _index(current_tree(out)) == _index(current_tree(fresh))


def test_a_copy_is_remembered_with_the_digest_of_the_bytes_it_was_made_from(
    tmp_path: Path,
) -> None:
    # A page edited in the tree by hand, unlike its report, is indexed as it is, but its
    # copy never stands in for the page the report describes.
    from pagefind_bin import get_executable

    _, out = _built_twice(tmp_path)
    tree = current_tree(out)
    page = "penalties/2025-0100/index.html"
    honest = (tree / page).read_bytes()
    digest = hashlib.sha256(honest).hexdigest()
    (tree / page).write_bytes(honest.replace(b"</main>", f"<p>{PLANTED}</p></main>".encode()))
    member = search.Candidate(page, "penalties", "2025")
    memo = tmp_path / "copies.json"
    output = tmp_path / "index"
    search._index_shard(tree, [member], get_executable(), output, (memo, {page: digest}, True))
    remembered = load_copies(memo, search._COPY_VERSION)[page]
    assert remembered[0] == hashlib.sha256((tree / page).read_bytes()).hexdigest() != digest
    (tree / page).write_bytes(honest)
    again = tmp_path / "again"
    search._index_shard(tree, [member], get_executable(), again, (memo, {page: digest}, True))
    assert PLANTED not in (load_copies(memo, search._COPY_VERSION)[page][1] or "")


def test_copies_of_shards_gone_are_removed_and_the_states_pruning_keeps_the_others(
    tmp_path: Path,
) -> None:
    content, out = _built_twice(tmp_path)
    folder = state_dir(out)
    kept = sorted(path.name for path in folder.glob(f"{COPY_CACHE_PREFIX}*.json"))
    assert kept
    gone = copy_cache_path(folder, "penalties-1999")
    gone.write_text("{}", encoding="utf-8")
    prune_states(out, [current_tree(out)])
    assert gone.exists() and all((folder / name).exists() for name in kept)
    _edit(content)
    build_site(content, out, TODAY, QUIET)
    assert not gone.exists()
    assert sorted(path.name for path in folder.glob(f"{COPY_CACHE_PREFIX}*.json")) == kept
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]
