"""Say in Chinese why a file operation failed, a full disk with how much room is left.

A build that fills the disk used to end with 「内部错误（OSError）」; the person on duty
needs the folder, the room left and roughly the room needed to fix it.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

#: Errors that mean the file system has no room (a quota counts as no room too).
NO_ROOM = frozenset({errno.ENOSPC, errno.EDQUOT})
MB = 1024 * 1024


def describe_os_error(exc: OSError) -> str:
    """Say in Chinese why a file could not be opened or written."""
    if isinstance(exc, FileNotFoundError):
        return "文件不存在"
    if isinstance(exc, IsADirectoryError):
        return "这是文件夹，不是文件"
    if isinstance(exc, PermissionError):
        return "没有访问权限"
    if exc.errno in NO_ROOM:
        return "磁盘空间不足"
    if exc.errno == errno.EROFS:
        return "文件系统只读"
    return exc.strerror or str(exc)


def is_disk_full(exc: OSError) -> bool:
    """Whether ``exc`` says the file system had no room left."""
    return exc.errno in NO_ROOM


def disk_full_message(folder: Path, needed_bytes: int | None) -> str:
    """Say where the disk is full, how much is free, and roughly how much a retry needs."""
    place = _existing(folder)
    free = shutil.disk_usage(place).free
    message = f"磁盘空间不足：{place} 所在的文件系统只剩 {_mb(free)}"
    if needed_bytes:
        message += f"，本次构建大约需要 {_mb(needed_bytes)}"
    return message + "；请清理磁盘或换一个位置后重试"


def tree_size(folder: Path) -> int:
    """Return the bytes of the files under ``folder`` (0 when it does not exist)."""
    if not folder.exists():
        return 0
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _existing(folder: Path) -> Path:
    folder = Path(folder).absolute()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder


def _mb(size: int) -> str:
    return f"{max(size, 0) / MB:.1f} MB"
