"""A shard indexed again reads only its changed pages: the others' copies are remembered."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from buildsupport import tree_bytes, write_content

from admin.freeze import search
from admin.freeze.copycache import COPY_CACHE_PREFIX, copy_cache_path
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
    real = search._searchable

    def logged(root: Path, member: search.Candidate) -> search.SearchPage | None:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(member.path + "\n")
        return real(root, member)

    monkeypatch.setattr(search, "_searchable", logged)
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


def test_damaged_or_foreign_copies_are_made_again(tmp_path: Path, reads: Path) -> None:
    content, out = _built_twice(tmp_path)
    remembered = sorted(state_dir(out).glob(f"{COPY_CACHE_PREFIX}*.json"))
    assert remembered
    for n, path in enumerate(remembered):
        stored = json.loads(path.read_text(encoding="utf-8"))
        if n % 2:
            path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
        else:  # another version of the code made them: what they say is not used
            stored["version"] = "other"
            for entry in stored["payload"].values():
                entry[1] = "<p>一段从未发布的文字</p>" if entry[1] is not None else None
            path.write_text(json.dumps(stored, ensure_ascii=False), encoding="utf-8")
    reads.write_text("", encoding="utf-8")
    _edit(content)
    build_site(content, out, TODAY, QUIET)
    fresh = tmp_path / "fresh" / "build"
    build_site(content, fresh, TODAY, QUIET, incremental=False)
    assert _index(current_tree(out)) == _index(current_tree(fresh))
    assert "一段从未发布的文字" not in json.dumps(
        {name: data.decode("latin-1") for name, data in _index(current_tree(out)).items()}
    )


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
