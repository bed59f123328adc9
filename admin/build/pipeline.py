"""The build, step by step: lock, freeze, index, check, manifest, then swap ``--out``.

Every step works on a staging folder beside ``--out``; only the last one touches
``--out``, in one atomic rename. Any failure removes the staging folder and leaves
``--out`` exactly as it was; a killed build leaves a staging folder that the next build
removes under the lock.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from admin import __version__
from admin.build.checks import CheckFailed, run_checks
from admin.build.freeze import FreezeError, freeze, site_app, site_of
from admin.build.manifest import write_manifest
from admin.build.progress import Progress
from admin.build.search import SearchIndexError, index_site
from admin.build.swap import (
    SwapError,
    build_lock,
    check_replaceable,
    new_staging_dir,
    publish_tree,
    remove_stale,
)
from admin.contentstore import ContentStoreError, read_site_config


class BuildError(Exception):
    """The build failed and ``--out`` is untouched; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class BuildResult:
    """What a successful build produced."""

    out: Path
    tree: Path
    pages: int
    files: int
    seconds: float


def build_site(
    content_dir: Path, out: Path, today: dt.date, progress: Progress | None = None
) -> BuildResult:
    """Build the site of ``content_dir`` as of ``today`` into ``out``, or raise BuildError."""
    progress = progress or Progress()
    started = time.monotonic()
    content_dir = Path(content_dir)
    out = Path(out).absolute()
    try:
        config = read_site_config(content_dir)  # refuses a missing base_url first of all
    except ContentStoreError as exc:
        raise BuildError(str(exc)) from None
    try:
        with build_lock(out):
            check_replaceable(out)  # before the work, not only at the swap
            remove_stale(out)
            staging = new_staging_dir(out)
            try:
                pages = _build_into(staging, content_dir, today, config["base_url"], progress)
                files = sum(1 for path in staging.rglob("*") if path.is_file())
                progress.step(f"替换 {out}")
                tree = publish_tree(staging, out)
            finally:
                shutil.rmtree(staging, ignore_errors=True)  # gone already after a good swap
    except (SwapError, FreezeError, CheckFailed, SearchIndexError, ContentStoreError) as exc:
        raise BuildError(str(exc)) from None
    return BuildResult(out, tree, pages, files, time.monotonic() - started)


def _build_into(
    staging: Path, content_dir: Path, today: dt.date, base_url: str, progress: Progress
) -> int:
    """Freeze, index, check and describe the site in ``staging``; return the page count."""
    progress.step(f"读取 {content_dir}（日期 {today.isoformat()}）")
    app = site_app(content_dir, today)
    urls = freeze(app, staging, progress)
    # Index before checking, so the leak guard also reads the index's copy of every page.
    index_site(staging, site_of(app), progress)
    progress.step("检查链接、页面与个人信息")
    run_checks(staging, content_dir, base_url)
    progress.step("写入 manifest.json")
    write_manifest(staging, content_dir, today, f"gongshi {__version__}")
    return len(urls)
