"""Build states and caches run no code, read back exactly; a damaged one means a full build."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
from pathlib import Path

import pytest
from buildsupport import BASE_URL, build, tree_bytes, write_content

from admin.content import parsecache
from admin.content.datapickle import _framed, _key, load_data
from admin.freeze import statefile
from admin.freeze.incremental import (
    CHANGES_SUFFIX,
    CONVERSION_CACHE_NAME,
    PARSE_CACHE_NAME,
    RULE_VERSION,
    load_state,
    state_dir,
)
from admin.freeze.pipeline import build_site
from admin.freeze.progress import Progress
from admin.freeze.statefile import decode_state, encode_state
from admin.freeze.swap import current_tree, idle_tree

QUIET = Progress(quiet=True)
TODAY = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Fixture content built three times: both trees and their states exist."""
    base = tmp_path_factory.mktemp("state")
    content = write_content(base / "content")
    out = base / "site" / "build"
    out.parent.mkdir()
    for _ in range(3):
        done = build(content, out)
        assert done.returncode == 0, done.stderr
    assert "（重新生成 0 个）" in done.stdout
    return content, out


def test_a_state_reads_back_equal_through_json(primed) -> None:
    _, out = primed
    state = load_state(out, idle_tree(out))
    assert state is not None and state.reports
    assert any(report.facts and report.facts.links for report in state.reports.values())
    payload = json.loads(json.dumps(encode_state(*_fields(state))))
    assert decode_state(payload) == _fields(state)


def _fields(state):
    return state.key, state.inputs, state.reports, state.bundles


def test_states_and_caches_are_json_or_plain_data_never_a_pickle_of_code(primed) -> None:
    _, out = primed
    files = sorted(state_dir(out).iterdir())
    assert {PARSE_CACHE_NAME, CONVERSION_CACHE_NAME} <= {path.name for path in files}
    for path in files:
        if path.name == PARSE_CACHE_NAME:
            # Read back by the unpickler that refuses every global but dates and times.
            stored = load_data(path, parsecache._PARSER_VERSION)
            assert isinstance(stored, dict) and len(stored) > 10 and stored["files"]
        else:
            assert path.suffix == ".json"
            json.loads(path.read_text(encoding="utf-8"))


def _exploit(marker: Path) -> bytes:
    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    return pickle.dumps(("3", Exploit()))


def _headed(pickled: bytes) -> bytes:
    """``pickled`` with the header, version and signature the parse cache's reader wants."""
    return _framed(_key(), parsecache._PARSER_VERSION, pickled)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text, _: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text, _: "", id="empty"),
        pytest.param(lambda text, marker: _exploit(marker), id="a pickle"),
        pytest.param(lambda text, marker: _headed(_exploit(marker)), id="a pickle, headed"),
        pytest.param(lambda text, _: text.replace('"links":[[', '"links":[[7,'), id="bad link"),
        pytest.param(lambda text, _: text.replace('"reports":{', '"reports":{"x":[1],'), id="row"),
        pytest.param(lambda text, _: json.dumps({"version": "3", "payload": []}), id="shape"),
    ],
)
def test_a_damaged_state_or_cache_means_a_full_build_never_an_error(
    primed, tmp_path: Path, damage
) -> None:
    content, out = primed
    marker = tmp_path / "pwned"
    idle, before = idle_tree(out), tree_bytes(out)
    for path in state_dir(out).iterdir():
        text = path.read_bytes().decode("utf-8", "replace")  # an earlier case left a pickle
        damaged = damage(text, marker)
        path.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode())
    assert load_state(out, idle) is None
    done = build(content, out)
    assert done.returncode == 0, done.stderr
    assert "重新生成" not in done.stdout  # a full build of the idle tree
    assert not marker.exists()
    assert tree_bytes(out) == before  # same content, same site


# A rebuild that changed few files writes only a changes file against the full state.


def _recomputed(content: Path, out: Path, tree: Path, today):
    """The state a full build of ``tree`` would store: its files' reports and URL inputs."""
    from admin.freeze.checks import tree_files
    from admin.freeze.filecheck import inspect_files
    from admin.freeze.incremental import url_inputs
    from admin.freeze.manifest import MANIFEST_NAME
    from admin.site.app import site_urls
    from admin.site.content import load_site

    site = load_site(content, today)
    names = [name for name in tree_files(tree) if name != MANIFEST_NAME]
    return inspect_files(tree, names, BASE_URL), url_inputs(site, list(site_urls(site)))


def _edit(content: Path, n: int) -> None:
    path = sorted((content / "penalties").glob("*.md"))[n]
    path.write_text(path.read_text(encoding="utf-8") + f"\n补充说明第 {n} 条。\n", "utf-8")


def test_rebuilds_store_their_changes_and_read_back_the_state_they_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statefile, "CHANGES_SHARE", 1)  # a changes file whatever its size
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    for _ in range(2):
        build_site(content, out, TODAY, QUIET)
    full_files = {}
    for n in range(4):  # each tree twice: the second time its changes file grows
        tree = idle_tree(out)
        full = state_dir(out) / f"{tree.name}.json"
        full_files.setdefault(tree.name, full.read_bytes())
        _edit(content, n)
        build_site(content, out, TODAY, QUIET)
        assert current_tree(out) == tree
        assert full.read_bytes() == full_files[tree.name]  # the full state as it was
        assert (state_dir(out) / f"{tree.name}{CHANGES_SUFFIX}").exists()
        state = load_state(out, tree)
        reports, inputs = _recomputed(content, out, tree, TODAY)
        assert state is not None and state.reports == reports and state.inputs == inputs
    # Too many changes for the share: the full state is written anew, the changes go.
    monkeypatch.setattr(statefile, "CHANGES_SHARE", 10**9)
    tree = idle_tree(out)
    _edit(content, 0)
    build_site(content, out, TODAY, QUIET)
    assert (state_dir(out) / f"{tree.name}.json").read_bytes() != full_files[tree.name]
    assert not (state_dir(out) / f"{tree.name}{CHANGES_SUFFIX}").exists()
    state = load_state(out, tree)
    assert state is not None and (state.reports, state.inputs) == _recomputed(
        content, out, tree, TODAY
    )


def test_an_unreadable_changes_file_means_a_full_build_and_a_foreign_one_is_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statefile, "CHANGES_SHARE", 1)
    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    for _ in range(2):
        build_site(content, out, TODAY, QUIET)
    base = load_state(out, idle_tree(out))
    assert base is not None
    changes = state_dir(out) / f"{idle_tree(out).name}{CHANGES_SUFFIX}"
    # Made against another full state (a full write was stopped before it removed them).
    changes.write_text(
        json.dumps(
            {
                "version": RULE_VERSION,
                "payload": {
                    "base": "another",
                    "key": "k",
                    "bundles": {},
                    "inputs": {},
                    "links": [],
                    "id_sets": [],
                    "reports": {"index.html": None},
                },
            }
        ),
        encoding="utf-8",
    )
    again = load_state(out, idle_tree(out))
    assert again is not None and (again.key, again.reports) == (base.key, base.reports)
    for damaged in ("{", json.dumps({"version": RULE_VERSION, "payload": {"base": 1}})):
        changes.write_text(damaged, encoding="utf-8")
        assert load_state(out, idle_tree(out)) is None
    _edit(content, 0)
    assert build_site(content, out, TODAY, QUIET).rendered == len(base.inputs)  # in full


def test_a_changes_file_that_keeps_growing_gives_way_to_a_full_state() -> None:
    # The same page re-rendered with new links at every rebuild (a sitemap, as records
    # come): its row stays one, but the table entries the changes file carries grow.
    from admin.freeze.filecheck import FileReport
    from admin.freeze.links import Link, PageFacts

    def page(links: int, start: int = 0) -> FileReport:
        found = tuple(Link(f"p{n}/", f"p{n}/index.html") for n in range(start, start + links))
        return FileReport(f"d{start}", (), PageFacts(frozenset({"main"}), found))

    reports = {f"f{n}.html": FileReport(f"d{n}") for n in range(100)}
    inputs = {f"/u{n}/": "x" for n in range(60)}
    full = encode_state("k", inputs, {**reports, "sitemap.xml": page(10)}, {}, "t")
    state, stored = statefile.read_state(json.loads(json.dumps(full)), None)
    for rounds in range(1, 50):  # without the bound the old count never stopped
        now = {**reports, "sitemap.xml": page(10, start=rounds * 10)}
        changes = statefile.encode_changes("k", inputs, now, {}, stored)
        if changes is None:
            break
        state, stored = statefile.read_state(
            json.loads(json.dumps(full)), json.loads(json.dumps(changes))
        )
        assert state[2] == now  # what was saved reads back
    # 161 entries, an eighth is 20: ten new links a round, the second round is one too many.
    assert rounds == 2


def _idle_shards(tmp_path: Path) -> tuple[Path, Path, Path, list[Path]]:
    """Build the fixture twice; return its content, out, idle tree and that tree's shards."""
    from admin.freeze.search import INDEX_DIR

    content = write_content(tmp_path / "content")
    out = tmp_path / "site" / "build"
    for _ in range(2):
        build_site(content, out, TODAY, QUIET)
    tree = idle_tree(out)
    return content, out, tree, sorted(p for p in (tree / INDEX_DIR).iterdir() if p.is_dir())


def test_a_search_shard_whose_folder_went_missing_is_rebuilt_and_its_files_are_reported(
    tmp_path: Path,
) -> None:
    # A kept shard's folder that is gone is rebuilt and its files read again.
    import shutil

    content, out, tree, shards = _idle_shards(tmp_path)
    shard = shards[0]
    shutil.rmtree(shard)
    _edit(content, 0)
    build_site(content, out, TODAY, QUIET)
    assert current_tree(out) == tree and shard.is_dir()
    state = load_state(out, tree)
    assert state is not None and (state.reports, state.inputs) == _recomputed(
        content, out, tree, TODAY
    )
    manifest = json.loads((tree / "manifest.json").read_text(encoding="utf-8"))
    listed = json.dumps(manifest, ensure_ascii=False)
    assert f"{shard.relative_to(tree).as_posix()}/pagefind-entry.json" in listed


def test_a_walk_leaves_out_the_folders_it_is_told_to(tmp_path: Path) -> None:
    from admin.freeze.checks import tree_files

    for name in ("a/x.html", "a/b/y.html", "a/bc/z.html", "c.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert tree_files(tmp_path, leave_out={"a/b"}) == ["a/bc/z.html", "a/x.html", "c.html"]
    assert tree_files(tmp_path / "a", leave_out={"b", "bc"}) == ["x.html"]


def test_a_walk_lists_what_os_walk_lists_links_included(tmp_path: Path) -> None:
    """A link to a file is listed; a link to a folder is neither listed nor followed."""
    from admin.freeze.checks import tree_files

    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "secret.html").write_text("x", encoding="utf-8")
    (outside / "deep" / "more.html").write_text("x", encoding="utf-8")
    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "b" / "page.html").write_text("x", encoding="utf-8")
    (tree / "index.html").write_text("x", encoding="utf-8")
    (tree / "a" / "to-file.html").symlink_to(outside / "secret.html")
    (tree / "a" / "to-folder").symlink_to(outside)
    (tree / "a" / "dangling.html").symlink_to(tmp_path / "nowhere")
    expected = sorted(
        str(Path(folder, name).relative_to(tree).as_posix())
        for folder, _, names in os.walk(tree)
        for name in names
    )
    assert tree_files(tree) == expected
    assert "a/to-file.html" in expected and "a/dangling.html" in expected
    assert not [name for name in expected if name.startswith("a/to-folder")]


def test_a_file_planted_in_a_kept_search_shard_is_still_read_by_the_leak_guard(
    tmp_path: Path,
) -> None:
    # The kept shards are walked while Pagefind rebuilds the others: a file the stored
    # state does not know is read and checked like any other.
    from admin.freeze.pipeline import BuildError

    content, out, _, shards = _idle_shards(tmp_path)
    for shard in shards:
        (shard / "planted.txt").write_text("身份证号 11010519491231002X\n", encoding="utf-8")
    _edit(content, 0)
    with pytest.raises(BuildError, match="个人信息检查未通过"):
        build_site(content, out, TODAY, QUIET)


def test_a_page_planted_in_a_kept_search_shard_has_its_links_checked(tmp_path: Path) -> None:
    # A rebuild gathers the walked pages' links from their stored reports while Pagefind
    # runs; a page found without one is read afterwards, and its links are judged too.
    from admin.freeze.pipeline import BuildError

    content, out, _, shards = _idle_shards(tmp_path)
    page = '<!DOCTYPE html><html lang="zh-CN"><title>t</title><a href="gone.html">x</a></html>'
    (shards[0] / "planted.html").write_text(page, encoding="utf-8")
    _edit(content, 0)
    with pytest.raises(BuildError, match="链接检查未通过") as failed:
        build_site(content, out, TODAY, QUIET)
    assert "planted.html" in str(failed.value) and "gone.html" in str(failed.value)
