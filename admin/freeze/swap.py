"""Replace ``--out`` in one step: it is a symlink to a complete versioned tree beside it.

A reader (or a web server, or rsync) either sees the whole previous site or the whole new
one: the new tree is complete before the symlink is switched by an atomic ``rename(2)``.
Everything the build writes lives in ``--out``'s parent, so renames never cross a file
system: ``.<out>-staging-*`` while building, ``.<out>-v*`` once complete, and the lock
file ``.<out>.lock``.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from admin.errors import GongshiError
from admin.freeze.manifest import MANIFEST_NAME

_RENAME_EXCHANGE = 2  # linux/fs.h: swap two paths atomically, whatever their types
_AT_FDCWD = -100


class SwapError(GongshiError):
    """The output cannot be replaced; the message is for the user, in Chinese."""


class BuildLocked(SwapError):
    """Another build holds the lock on the same output."""


@contextmanager
def build_lock(out: Path) -> Iterator[Path]:
    """Hold the exclusive build lock of ``out`` for the duration, or refuse at once."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}.lock"
    # The file is never deleted: unlinking a lock file lets two builds lock two inodes.
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"另一个构建正在进行（锁文件 {path}），请等它结束后再试") from None
        yield path
    finally:
        os.close(fd)  # closing releases the lock, also when the process is killed


def new_staging_dir(out: Path) -> Path:
    """Create and return a fresh, empty staging folder beside ``out``."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = out.parent / f".{out.name}-staging-{secrets.token_hex(4)}"
    path.mkdir()
    return path


def remove_stale(out: Path) -> None:
    """Remove staging folders that killed builds left behind; call only under the lock."""
    for path in sorted(out.parent.glob(f".{out.name}-staging-*")):
        if re.fullmatch(r"[0-9a-f]{8}", path.name.rsplit("-", 1)[-1]):
            _remove(path)


def publish_tree(staging: Path, out: Path) -> Path:
    """Make the complete tree ``staging`` the new ``out`` atomically; return its final path.

    ``out`` may be missing, a symlink from an earlier build, or a real directory left by
    an older build (recognised by its ``manifest.json``); anything else is refused and
    left alone. After the switch the previous tree is kept, so a reader that resolved the
    old link a moment ago still finds its files; trees older than that are removed.
    """
    check_replaceable(out)
    previous = out.parent / os.readlink(out) if out.is_symlink() else None
    version = out.parent / f".{out.name}-v{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"
    os.rename(staging, version)
    link = out.parent / f".{out.name}-link-{secrets.token_hex(4)}"
    # A relative target keeps the checkout movable and works inside a container mount.
    os.symlink(version.name, link)
    if out.is_dir() and not out.is_symlink():
        previous = _exchange_directory(link, out)
    else:
        os.replace(link, out)
    _remove_old_versions(out, keep={version, previous})
    return version


def current_tree(out: Path) -> Path | None:
    """Return the versioned tree ``out`` links to, or None."""
    if not out.is_symlink():
        return None
    tree = out.parent / os.readlink(out)
    return tree if tree.is_dir() else None


def idle_tree(out: Path) -> Path | None:
    """Return the kept versioned tree ``out`` does not link to (the build before last)."""
    current = current_tree(out)
    if current is None:
        return None
    pattern = _version_pattern(out)
    others = [
        path
        for path in sorted(out.parent.glob(f".{out.name}-v*"))
        if pattern.fullmatch(path.name) and path != current and path.is_dir()
    ]
    return others[-1] if others else None


def switch_to(tree: Path, out: Path) -> None:
    """Point the symlink ``out`` at the complete existing ``tree`` in one atomic rename."""
    check_replaceable(out)
    previous = current_tree(out)
    link = out.parent / f".{out.name}-link-{secrets.token_hex(4)}"
    os.symlink(tree.name, link)
    os.replace(link, out)
    _remove_old_versions(out, keep={tree, previous})


def check_replaceable(out: Path) -> None:
    """Refuse to replace anything that is not an earlier build's output."""
    if out.is_symlink() or not out.exists():
        return
    if not out.is_dir():
        raise SwapError(f"输出目录 {out}：已存在且不是目录，拒绝覆盖")
    if any(out.iterdir()) and not (out / MANIFEST_NAME).is_file():
        raise SwapError(
            f"输出目录 {out}：已存在且不是 gongshi 构建的网站（没有 {MANIFEST_NAME}），拒绝覆盖"
        )


def _exchange_directory(link: Path, out: Path) -> Path:
    """Put the symlink ``link`` where the real directory ``out`` is, in one step if possible.

    ``rename(2)`` cannot replace a directory by a symlink, so Linux's ``renameat2`` with
    ``RENAME_EXCHANGE`` swaps the two; the old directory then sits at ``link``'s name and
    is kept as the previous tree. Where that call is missing, the old directory is first
    moved aside, leaving ``out`` absent for an instant but never half-written.
    """
    retired = out.parent / f".{out.name}-v0-retired-{secrets.token_hex(3)}"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        result = libc.renameat2(
            _AT_FDCWD, os.fsencode(link), _AT_FDCWD, os.fsencode(out), _RENAME_EXCHANGE
        )
        if result != 0:
            raise OSError(ctypes.get_errno(), "renameat2")
    except (AttributeError, OSError) as exc:
        if isinstance(exc, OSError) and exc.errno not in (errno.ENOSYS, errno.EINVAL):
            raise
        os.rename(out, retired)
        os.replace(link, out)
        return retired
    os.rename(link, retired)
    return retired


def _remove_old_versions(out: Path, keep: set[Path | None]) -> None:
    """Delete every versioned tree of ``out`` except those in ``keep``."""
    pattern = _version_pattern(out)
    for path in sorted(out.parent.glob(f".{out.name}-v*")):
        if path not in keep and pattern.fullmatch(path.name):
            _remove(path)
    for path in sorted(out.parent.glob(f".{out.name}-link-*")):
        _remove(path)


def _version_pattern(out: Path) -> re.Pattern[str]:
    """Return the pattern of the names of ``out``'s versioned trees."""
    return re.compile(rf"\.{re.escape(out.name)}-v(\d{{14}}|0-retired)-[0-9a-f]{{6}}")


def _remove(path: Path) -> None:
    """Delete a file, symlink or directory tree, whichever ``path`` is."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
