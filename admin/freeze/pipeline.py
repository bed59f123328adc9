"""The build, step by step: lock, freeze, index, check, manifest, then swap ``--out``.

Every step works on a tree beside ``--out`` that readers do not see: a new staging folder
(full build) or the idle tree of the build before last (incremental build, its stored
state set aside before the first change). Only the last step touches ``--out``, in one
atomic rename of its symlink. The pages are frozen by Frozen-Flask, one freezer per
worker process (:mod:`admin.freeze.pagewriter`); an incremental build freezes only the
URLs whose inputs changed. Any failure leaves ``--out`` exactly as it was; a killed
build leaves a staging folder that the next build removes under the lock, or an idle
tree without state, which the next build replaces by a full build.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing.pool
import posixpath
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from flask import Flask

from admin import __version__
from admin.content.parsecache import remembering
from admin.content.store import ContentStoreError, read_site_config
from admin.domain.oserrors import describe_os_error, disk_full_message, is_disk_full, tree_size
from admin.errors import GongshiError
from admin.freeze import cbortexts
from admin.freeze.checks import links_of, run_checks, tree_files
from admin.freeze.conversions import forget_conversions, prepare_conversions
from admin.freeze.filecheck import FileReport, inspect_files
from admin.freeze.fragmentcache import forget_fragments, remember_fragments
from admin.freeze.freeze import render_into, site_app, site_of, site_url_list
from admin.freeze.incremental import (
    TreeState,
    adopt_digests,
    conversion_cache_path,
    disclosure_digests,
    load_state,
    parse_cache_path,
    prune_states,
    restore_state,
    save_state,
    site_key,
    state_dir,
    state_set_aside,
    url_inputs,
)
from admin.freeze.leakguard import public_numbers
from admin.freeze.links import PARSED_SUFFIXES
from admin.freeze.manifest import MANIFEST_NAME, write_manifest
from admin.freeze.pagewriter import url_to_path
from admin.freeze.progress import Progress
from admin.freeze.search import (
    BUNDLES_FILE,
    INDEX_DIR,
    PAGEFIND_PROCESSES,
    plan_index,
    written_by_indexing,
)
from admin.freeze.shards import prepare_candidates
from admin.freeze.swap import (
    build_lock,
    check_replaceable,
    idle_tree,
    new_staging_dir,
    publish_tree,
    remove_stale,
    switch_to,
)
from admin.freeze.workers import (
    collector_paused,
    computed_aside,
    forked_pool,
    give_back_free_memory,
)
from admin.site import qrcode
from admin.site.content import Site
from admin.site.keptfiles import keeping


class BuildError(GongshiError):
    """The build failed and ``--out`` is untouched; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    out: Path
    tree: Path
    pages: int
    files: int
    seconds: float
    #: How many files Frozen-Flask froze: every URL's, or only the changed ones (incremental).
    rendered: int = 0


def build_site(
    content_dir: Path,
    out: Path,
    today: dt.date,
    progress: Progress | None = None,
    *,
    incremental: bool = True,
    workers: int | None = None,
    search: bool = True,
) -> BuildResult:
    """Build the site of ``content_dir`` as of ``today`` into ``out``, or raise BuildError.

    With ``incremental``, the idle tree beside ``out`` (the one before the current) is
    brought up to date by freezing again only what changed (:mod:`admin.freeze.incremental`)
    and then switched in; without a usable idle tree, or without ``incremental``, the
    whole site is built into a fresh staging folder. ``search=False`` (benchmarks only)
    skips the search index and keeps no state.
    """
    progress = progress or Progress()
    started = time.monotonic()
    content_dir = Path(content_dir)
    out = Path(out).absolute()
    try:
        config = read_site_config(content_dir)  # refuses a missing base_url first of all
    except ContentStoreError as exc:
        raise BuildError(exc.message) from None
    try:
        with build_lock(out), _copy_writers(search) as writers, collector_paused():
            check_replaceable(out)  # before the work, not only at the swap
            remove_stale(out)
            progress.step(f"读取 {content_dir}（日期 {today.isoformat()}）")
            with remembering(parse_cache_path(out)):
                app = site_app(content_dir, today)
            give_back_free_memory()
            site = site_of(app)
            # The records' digests meanwhile on the other core: 1.3 s of a county's rebuild.
            with computed_aside(partial(disclosure_digests, site)) as digests:
                urls = site_url_list(app)
                key = site_key(site, content_dir)
                adopt_digests(site, digests())
            # A build without search keeps no state (benchmarks): nothing to update.
            idle = idle_tree(out) if incremental and search else None
            state, inputs = _state_and_inputs(out, idle, site, urls)
            job = _Job(
                content_dir,
                today,
                config["base_url"],
                app,
                urls,
                inputs,
                key,
                workers,
                search,
                writers,
            )
            # Officers' certificate numbers are public whatever they look like: the
            # guard in the freezing workers (forked inside) and the checks skip them.
            certificates = [str(r.get("certificate_no", "")) for r in site.all("officers")]
            kept = (qrcode.KEPT_KIND, cbortexts.KEPT_KIND)  # what segno and cbor2 made
            with public_numbers(certificates), keeping(out, kept):
                if idle is not None and state is not None and state.key == key:
                    tree, files, rendered = _update_tree(idle, state, job, out, progress)
                else:
                    tree, files, rendered = _build_fresh(job, out, progress)
            prune_states(out, [p for p in (tree, idle_tree(out)) if p is not None])
    except GongshiError as exc:
        raise BuildError(exc.message) from None
    except OSError as exc:
        raise BuildError(_os_error_message(exc, out, content_dir)) from None
    seconds = time.monotonic() - started
    return BuildResult(out, tree, len(urls), files, seconds, rendered)


def _state_and_inputs(
    out: Path, idle: Path | None, site: Site, urls: list[str]
) -> tuple[TreeState | None, dict[str, str]]:
    """Return the idle tree's stored state (None without one) and the URLs' inputs.

    With a state to load, the inputs are worked out on another core meanwhile: 1.3 s and
    1.7 s of a county's rebuild, one after the other (#16).
    """
    if idle is None:
        return None, url_inputs(site, urls)
    with computed_aside(partial(url_inputs, site, urls)) as inputs:
        state = load_state(out, idle)
        prepare_candidates(site)  # while the inputs are still being worked out
        return state, inputs()


#: Built site bytes per content byte, measured on the demo (281 KB → 5.8 MB, search included).
SITE_PER_CONTENT_BYTE = 25


def _os_error_message(exc: OSError, out: Path, content_dir: Path) -> str:
    """Say in Chinese what a failed write means: a full disk with the room a retry needs."""
    if is_disk_full(exc):
        # A build writes a whole new tree beside the current one, and a new state (the
        # search copies alone are 2 KB a page): the site's and the state folder's sizes
        # bound it from above; without a site, the content's size scaled.
        needed = tree_size(out.resolve()) if out.exists() else 0
        needed = needed and needed + tree_size(state_dir(out))
        needed = needed or tree_size(content_dir) * SITE_PER_CONTENT_BYTE
        return disk_full_message(Path(exc.filename or out).parent, needed)
    where = f" {exc.filename}" if exc.filename else ""
    return f"无法写入{where}：{describe_os_error(exc)}"


@dataclass(frozen=True)
class _Job:
    """What one build renders: the content, its app and URLs, and their input digests."""

    content_dir: Path
    today: dt.date
    base_url: str
    app: Flask
    urls: list[str]
    inputs: dict[str, str]
    key: str
    workers: int | None
    search: bool
    copy_writers: multiprocessing.pool.Pool | None


def _build_fresh(job: _Job, out: Path, progress: Progress) -> tuple[Path, int, int]:
    """Build everything into a new staging folder and switch ``out`` to it."""
    staging = new_staging_dir(out)
    try:
        _convert_bodies(job, out, progress)
        reports = _render(job, job.urls, staging, out, progress)
        frozen = len(reports)
        state = _complete(staging, job, reports, None, out, progress)
        progress.step(f"替换 {out}")
        tree = publish_tree(staging, out)
        if job.search:
            save_state(out, tree, state)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a good swap
    return tree, len(state.reports) + 1, frozen


def _update_tree(
    tree: Path, state: TreeState, job: _Job, out: Path, progress: Progress
) -> tuple[Path, int, int]:
    """Bring the idle ``tree`` from ``state`` up to date with ``job``, then switch to it."""
    # From here until the switch the tree is neither its old nor its new self.
    with state_set_aside(out, tree):
        changed = [url for url in job.urls if state.inputs.get(url) != job.inputs[url]]
        gone = sorted(set(state.inputs) - set(job.inputs))
        progress.step(f"增量构建：{len(changed)} 个页面需要重新生成，{len(gone)} 个页面删除")
        reports = dict(state.reports)
        for url in gone:
            _remove_file(tree, url_to_path(url))
            reports.pop(url_to_path(url), None)
        if changed:
            _convert_bodies(job, out, progress)
        frozen = _render(job, changed, tree, out, progress)
        reports.update(frozen)
        new_state = _complete(tree, job, reports, state, out, progress)
        progress.step(f"替换 {out}")
        switch_to(tree, out)
    if new_state == state:
        restore_state(out, tree)  # nothing changed in the tree: nor in its state
    else:
        save_state(out, tree, new_state, like=state)
    return tree, len(new_state.reports) + 1, len(frozen)


def _complete(
    tree: Path,
    job: _Job,
    reports: dict[str, FileReport],
    before: TreeState | None,
    out: Path,
    progress: Progress,
) -> TreeState:
    """Index, check and describe ``tree``, whose rendered files ``reports`` describes.

    ``before`` is the state the tree had when it last passed the checks (an idle tree's):
    its search indexes are kept unless their pages changed, and only the links that may
    have broken since are checked again. The files of rebuilt indexes, and any file
    without a report, are read once for their reports. The checks then run on the
    reports alone, and the manifest lists their digests.
    """
    site = site_of(job.app)
    bundles = before.bundles if before is not None else {}
    forget_conversions()  # the pages are rendered; Pagefind will want the memory
    stale: dict[str, FileReport] = {}
    if job.copy_writers is not None:  # a build with search
        digests = {name: report.digest for name, report in reports.items()}
        plan = plan_index(tree, site, digests, bundles, state_dir(out), before is not None)
        rebuilding = {f"{INDEX_DIR}/{name}" for name in plan.stale}
        with ThreadPoolExecutor(max_workers=1) as indexer:
            indexing = indexer.submit(plan.run, job.copy_writers, progress)
            # Pagefind writes the stale shards' folders and the bundles file alone, in
            # other processes: the rest of the tree is walked meanwhile (1.8 s of a
            # county's rebuild, #16), and those once it is done.
            files = [name for name in tree_files(tree, leave_out=rebuilding) if name != BUNDLES]
            # And a rebuild's link check its longest part (0.8 s, #16). A full build's
            # would add to its peak memory, which is while Pagefind runs.
            links = links_of(reports, files) if before is not None else None
            fresh = indexing.result()
        files += [BUNDLES, *_walked(tree, sorted(rebuilding))]
        # Rebuilt shards' files are read again; Pagefind names most of them by their
        # content, so those are mostly the same bytes and keep their reports.
        rebuilt = set(fresh) - plan.kept
        stale = {
            name: reports.pop(name) for name in list(reports) if written_by_indexing(name, rebuilt)
        }
        files.sort()
        bundles = fresh
    else:
        files = tree_files(tree)
        links = None
    reports.pop(MANIFEST_NAME, None)
    files = [name for name in files if name != MANIFEST_NAME]
    unknown = [name for name in files if name not in reports]
    progress.step(f"检查链接、页面与个人信息（读取 {len(unknown)} 个非页面文件）")
    reports.update(inspect_files(tree, unknown, job.base_url, stale, job.copy_writers))
    reports = {name: reports[name] for name in files}
    if any(posixpath.splitext(name)[1].lower() in PARSED_SUFFIXES for name in unknown):
        links = None  # files with links of their own, found by the walk or by Pagefind
    run_checks(reports, site, before.reports if before is not None else None, links)
    progress.step("写入 manifest.json")
    digests = {name: report.digest for name, report in reports.items()}
    write_manifest(tree, job.content_dir, job.today, f"gongshi {__version__}", digests)
    return TreeState(job.key, job.inputs, reports, bundles)


def _walked(tree: Path, folders: list[str]) -> list[str]:
    """Return the files under each of ``folders`` of ``tree`` (relative posix paths)."""
    return [
        f"{folder}/{name}"
        for folder in folders
        if (tree / folder).is_dir()
        for name in tree_files(tree / folder)
    ]


BUNDLES = f"{INDEX_DIR}/{BUNDLES_FILE}"


@contextmanager
def _copy_writers(search: bool) -> Iterator[multiprocessing.pool.Pool | None]:
    """Fork the processes that write the search copies, while this process is small.

    Forked after the content is loaded, each would carry the build's memory beside
    Pagefind's at the build's peak.
    """
    if not search:
        yield None
        return
    with forked_pool(PAGEFIND_PROCESSES) as pool:
        yield pool


def _convert_bodies(job: _Job, out: Path, progress: Progress) -> None:
    """Convert the records' Markdown once, on every core, before the pages need it."""
    progress.step("转换 Markdown 正文")
    prepare_conversions(site_of(job.app), conversion_cache_path(out), job.workers)


def _render(
    job: _Job, urls: list[str], tree: Path, out: Path, progress: Progress
) -> dict[str, FileReport]:
    """Freeze ``urls`` into ``tree``, the views using and keeping the records' entries."""
    if job.search:  # a build that keeps no state keeps no memo either
        remember_fragments(site_of(job.app), job.key, out)
    try:
        return render_into(job.app, urls, tree, progress, job.workers)
    finally:
        forget_fragments(site_of(job.app))


def _remove_file(root: Path, relative: str) -> None:
    """Delete ``root/relative`` and the folders it leaves empty."""
    path = root / relative
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == root or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()
