"""Read and write ``content/``: record files, ``site.toml`` and the audit head.

Every path comes from :mod:`admin.domain.safepath`; every write is atomic (a temporary
file in the same folder, fsync, ``os.replace``) so a reader or a build never sees half a
file, and is skipped when the bytes would not change, so file times and git stay quiet.
Inside :func:`staged_writes` the rename waits: the caller commits its database transaction
first and then applies the staged files, so a failure before the commit leaves nothing
public (issue 14).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from admin.content.parsecache import parse_file
from admin.content.write import (
    ContentStoreError,
    StagedFiles,
    after_placed,
    current_stage,
    deferred_sync,
    staged_writes,
    write_bytes_atomic,
)
from admin.domain.contentfile import (
    DATASET_KEYS,
    NOTICE_KEYS,
    ContentFormatError,
    serialize_content_file,
)
from admin.domain.safepath import check_dataset, content_path, root_file_path, slug_of

__all__ = [
    "ContentStoreError",
    "StagedFiles",
    "after_placed",
    "deferred_sync",
    "staged_writes",
    "write_bytes_atomic",
]

SITE_FILE = "site.toml"
AUDIT_HEAD_FILE = "audit-head.toml"

#: What site.toml may leave out (docs/content-format.md); ``base_url`` is required.
SITE_DEFAULTS: dict[str, Any] = {
    "name": "",
    "sponsor": "",
    "contact": "",
    "address": "",
    "site_code": "",
    "icp": "",
    "police_filing": "",
    "region": "",
    "demo": False,
    "show_full_names": False,
    "court": "",
    "review_body": "",
}
_BOOLEAN_SITE_KEYS = ("demo", "show_full_names")


@dataclass(frozen=True)
class RecordFile:
    """One record file of a dataset as read from disk."""

    dataset: str
    slug: str
    path: Path
    meta: dict[str, Any]
    body: str


@dataclass(frozen=True)
class Written:
    """The outcome of a write: where, and whether the bytes on disk changed."""

    path: Path
    changed: bool


def write_record_file(
    root: str | Path,
    dataset: str,
    slug: str,
    meta: Mapping[str, Any],
    body: str,
    key_order: Iterable[str] | None = None,
) -> Written:
    """Write one record file atomically; leave it untouched when the bytes are the same.

    Keys follow the dataset's documented order (a notice's own order for a notice).
    """
    path = content_path(root, dataset, slug)
    if key_order is None:
        published = meta.get("status", "published") == "published"
        key_order = DATASET_KEYS.get(dataset) if published else NOTICE_KEYS
    data = serialize_content_file(meta, body, key_order).encode("utf-8")
    return Written(path, write_bytes_atomic(path, data))


def read_record_file(root: str | Path, dataset: str, slug: str) -> RecordFile | None:
    """Return one record file (as staged, inside :func:`staged_writes`), or None."""
    path = content_path(root, dataset, slug)
    staged = current_stage()
    if staged is not None and path in staged.pending:
        return _read(dataset, slug, path, staged.pending[path])
    if not path.is_file():
        return None
    return _read(dataset, slug, path)


def read_dataset(root: str | Path, dataset: str) -> list[RecordFile]:
    """Return every file of ``dataset``, sorted by slug (empty when the folder is missing)."""
    folder = Path(root) / check_dataset(dataset)
    if not folder.is_dir():
        return []
    # The folder is checked once (this refuses a folder that leads outside the root); a
    # plain file in it is then inside the root too, so only symlinks need resolving.
    content_path(root, dataset, "x")
    records = []
    with os.scandir(folder) as entries:
        found = sorted(entries, key=lambda entry: entry.name)
    for entry in found:
        # Hidden files are editors' and our own temporary files, never content.
        if entry.name.startswith(".") or not entry.is_file():
            continue
        path = folder / entry.name
        slug = slug_of(path)
        if slug is None:
            raise ContentStoreError(
                f"{path}：文件名不是有效的标识（应为小写字母、数字和连字符加 .md）"
            )
        if entry.is_symlink():
            path = content_path(root, dataset, slug)
        records.append(_read(dataset, slug, path))
    return records


def read_site_config(root: str | Path) -> dict[str, Any]:
    """Return ``site.toml`` merged over the defaults; refuse a missing ``base_url``."""
    path = root_file_path(root, SITE_FILE)
    if not path.is_file():
        raise ContentStoreError(f"{path}：网站配置文件不存在")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentStoreError(f"{path}：格式错误（{exc}）") from None
    site = {**SITE_DEFAULTS, **data}
    base_url = site.get("base_url")
    if not isinstance(base_url, str) or not base_url.strip():
        raise ContentStoreError(f"{path}：base_url：必须填写网站地址（二维码、站点地图和订阅要用）")
    base_url = base_url.strip()
    if not base_url.startswith(("https://", "http://")):
        raise ContentStoreError(f"{path}：base_url：必须以 https:// 或 http:// 开头")
    # Page URLs are joined onto it, so it always names a folder.
    site["base_url"] = base_url if base_url.endswith("/") else base_url + "/"
    for key in _BOOLEAN_SITE_KEYS:
        # A string "false" would be truthy and unmask every name: insist on a real boolean.
        if not isinstance(site[key], bool):
            raise ContentStoreError(f"{path}：{key}：必须是 true 或 false")
    return site


#: The order ``write_site_config`` writes keys in (docs/content-format.md); others follow, sorted.
SITE_KEY_ORDER = ("name", "base_url", *(key for key in SITE_DEFAULTS if key != "name"))


def write_site_config(root: str | Path, data: Mapping[str, Any]) -> Written:
    """Write ``site.toml`` atomically in the documented key order; refuse a bad base_url.

    The file's leading comment lines are kept (a hand-written header survives an edit).
    """
    path = root_file_path(root, SITE_FILE)
    base_url = data.get("base_url")
    if not isinstance(base_url, str) or not base_url.strip():
        raise ContentStoreError("base_url：必须填写网站地址（二维码、站点地图和订阅要用）")
    if not base_url.strip().startswith(("https://", "http://")):
        raise ContentStoreError("base_url：必须以 https:// 或 http:// 开头")
    for key in _BOOLEAN_SITE_KEYS:
        if key in data and not isinstance(data[key], bool):
            raise ContentStoreError(f"{key}：必须是 true 或 false")
    ordered = {key: data[key] for key in SITE_KEY_ORDER if key in data}
    ordered |= {key: data[key] for key in sorted(data) if key not in ordered}
    header = ""
    if path.is_file():
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        header = "".join(_leading_comments(lines))
    text = header + tomli_w.dumps(ordered)
    return Written(path, write_bytes_atomic(path, text.encode("utf-8")))


def _leading_comments(lines: list[str]) -> Iterator[str]:
    for line in lines:
        if not line.startswith("#"):
            return
        yield line if line.endswith("\n") else line + "\n"


def write_audit_head(
    root: str | Path, head: str, entries: int, at: dt.datetime | None = None
) -> Written:
    """Write ``audit-head.toml`` (chain head, entry count, time); skip it when unchanged."""
    path = root_file_path(root, AUDIT_HEAD_FILE)
    if at is None:
        at = dt.datetime.now(dt.UTC)
    data = tomli_w.dumps({"head": head, "entries": entries, "at": at.replace(microsecond=0)})
    return Written(path, write_bytes_atomic(path, data.encode("utf-8")))


def read_audit_head(root: str | Path) -> dict[str, Any] | None:
    """Return ``audit-head.toml`` as a dict, or None when there is none yet."""
    path = root_file_path(root, AUDIT_HEAD_FILE)
    if not path.is_file():
        return None
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentStoreError(f"{path}：格式错误（{exc}）") from None


def commit_content_file(root: str | Path, path: Path, *, author: str, message: str) -> bool:
    """Commit ``path`` (and the audit anchor beside it) when ``root`` is in a git work tree.

    Returns whether it committed. ``author`` is a display name (the officer); the email is
    derived, never personal. Other files, staged or not, are left alone: the commit names
    this path and ``audit-head.toml`` only. The anchor is added even where .gitignore
    lists it (the demo repository does, as its anchor differs on every machine), so a
    township's content history carries the chain head of every publish.
    """
    found = _git(Path(root), "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        return False
    top = Path(found.stdout.strip())
    relative = [str(path.resolve().relative_to(top.resolve()))]
    anchor = root_file_path(root, AUDIT_HEAD_FILE)
    if anchor.is_file():
        relative.append(str(anchor.resolve().relative_to(top.resolve())))
    _git(top, "add", "--force", "--", *relative, check=True)
    if _git(top, "diff", "--cached", "--quiet", "--", relative[0]).returncode == 0:
        return False  # nothing new for this file (an anchor alone is no publish)
    name = re.sub(r"[<>\n\r]", "", author).strip() or "gongshi"
    local = re.sub(r"[^A-Za-z0-9._-]", "", author) or "officer"
    _git(
        top,
        "commit",
        "--quiet",
        f"--author={name} <{local}@gongshi.invalid>",
        "-m",
        message,
        "--",
        *relative,
        check=True,
    )
    return True


def _git(cwd: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    # The program makes the commit (and a server account often has no git identity), so
    # the committer is gongshi unless the caller's environment names one; the author is
    # the officer.
    env.setdefault("GIT_COMMITTER_NAME", "gongshi")
    env.setdefault("GIT_COMMITTER_EMAIL", "gongshi@gongshi.invalid")
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ContentStoreError(f"git：无法运行（{exc}）") from None
    if check and result.returncode != 0:
        raise ContentStoreError(f"git {args[0]}：失败（{result.stderr.strip()}）")
    return result


def _read(dataset: str, slug: str, path: Path, source: Path | None = None) -> RecordFile:
    try:
        parsed = parse_file(source or path)
    except UnicodeDecodeError:
        raise ContentStoreError(f"{path}：不是 UTF-8 编码的文本") from None
    except ContentFormatError as exc:
        raise ContentStoreError(f"{path}：{exc.message}") from None
    return RecordFile(dataset=dataset, slug=slug, path=path, meta=parsed.meta, body=parsed.body)
