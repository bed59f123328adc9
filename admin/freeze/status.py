"""Is the public site up to date? When it was last built, and whether a record is live yet.

After 公示 the officer sees 已公示 while citizens see nothing until a build runs; the
back-office says when the site was last switched in and whether a record's page there
already shows its current file. Read from the files alone (no Flask, no database).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

LIVE, PENDING, ABSENT, NOT_BUILT = "live", "pending", "absent", "not-built"
LIVE_LABELS = {
    LIVE: "已在公开网站上",
    PENDING: "已写入 content/，等待下次网站构建后上线",
    ABSENT: "公开网站上还没有这条记录，等待下次网站构建",
    NOT_BUILT: "公开网站尚未构建过",
}
#: Where ``gongshi serve --rebuild`` says how its last build went.
REBUILD_STATUS_FILE = "rebuild-status.json"


@dataclass(frozen=True)
class SiteStatus:
    """When the site in ``BUILD_DIR`` went live (local time) and for which build date."""

    built_at: dt.datetime | None
    build_date: str = ""


@dataclass(frozen=True)
class RebuildStatus:
    """How the last automatic build went: running, ok or failed, when, and why it failed."""

    state: str
    at: dt.datetime | None
    message: str = ""


def site_status(build_dir: Path, zone: str) -> SiteStatus:
    """Return when the site was last switched in: the ``--out`` symlink changes at each swap."""
    build_dir = Path(build_dir)
    try:
        stamp = build_dir.lstat().st_mtime
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return SiteStatus(None)
    when = dt.datetime.fromtimestamp(stamp, ZoneInfo(zone))
    return SiteStatus(when, str(manifest.get("today", "")))


def record_live_state(build_dir: Path, content_dir: Path, dataset: str, slug: str) -> str:
    """Return whether the record's page on the built site shows its current content file."""
    build_dir, content_dir = Path(build_dir), Path(content_dir)
    try:
        switched = build_dir.lstat().st_mtime_ns
    except OSError:
        return NOT_BUILT
    page = build_dir / dataset / slug / "index.html"
    if not page.is_file():
        return ABSENT
    try:
        written = (content_dir / dataset / f"{slug}.md").stat().st_mtime_ns
    except OSError:
        return ABSENT
    # A file written after the site was switched in cannot be in it yet.
    return LIVE if written <= switched else PENDING


def read_rebuild_status(instance: Path, zone: str) -> RebuildStatus | None:
    """Return the automatic builder's last report, or None when it never ran."""
    try:
        data = json.loads((Path(instance) / REBUILD_STATUS_FILE).read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(data["at"]).astimezone(ZoneInfo(zone))
        return RebuildStatus(str(data["state"]), at, str(data.get("message", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_rebuild_status(instance: Path, state: str, message: str = "") -> None:
    """Record the automatic builder's state atomically (a reader never sees half of it)."""
    path = Path(instance) / REBUILD_STATUS_FILE
    data = {"state": state, "at": dt.datetime.now(dt.UTC).isoformat(), "message": message}
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, path)
