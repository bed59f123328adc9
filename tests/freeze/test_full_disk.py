"""A build into a nearly full file system: a Chinese message with the room it needs, the old
site intact, and the next build with room succeeds (nothing half-written is read again).

The file system is a real tmpfs of a few megabytes, mounted for the test (root only; CI
runs as root, so there it must work).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from buildsupport import build, tree_bytes, write_content

from admin.domain.oserrors import MB
from admin.freeze import pipeline
from admin.freeze.incremental import state_dir


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs mounted for the test; resize it with ``resize(path, megabytes)``."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3M", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"cannot mount a tmpfs in CI: {done.stderr!r}")
        pytest.skip("mounting a tmpfs needs root")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def resize(mount: Path, kilobytes: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={kilobytes}k", str(mount)], check=True)


def used_kilobytes(mount: Path) -> int:
    return (shutil.disk_usage(mount).used + 1023) // 1024


def test_a_full_disk_is_named_and_the_old_site_stays(small_disk: Path, tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    out = small_disk / "site"

    first = build(content, out)
    assert first.returncode == 1
    message = first.stderr.strip().splitlines()[-1]
    assert message.startswith(f"错误：构建失败，{out} 未改动。磁盘空间不足：{small_disk}")
    assert "只剩" in message and "本次构建大约需要" in message and "MB" in message
    assert "内部错误" not in first.stderr and "Traceback" not in first.stderr
    assert not out.exists()

    resize(small_disk, 64 * 1024)
    good = build(content, out)
    assert good.returncode == 0, good.stderr
    before = tree_bytes(out)

    # Change a page and leave room for a little more than the state, not for a new tree.
    page = next((content / "pages").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\n新增一段。\n", encoding="utf-8")
    resize(small_disk, used_kilobytes(small_disk) + 300)
    full = build(content, out, "--full")
    assert full.returncode == 1 and "磁盘空间不足" in full.stderr, full.stderr
    assert tree_bytes(out) == before  # the old site is served, byte for byte

    resize(small_disk, 64 * 1024)
    for extra in ((), ("--full",)):
        again = build(content, out, *extra)
        assert again.returncode == 0, again.stderr  # no truncated cache or state is read
        assert "新增一段" in (out / "pages").resolve().joinpath(page.stem, "index.html").read_text(
            encoding="utf-8"
        )


def test_the_room_a_retry_needs_counts_the_state_folder_beside_the_site(tmp_path: Path) -> None:
    # The state folder holds the trees' states and the caches, the search copies among
    # them (2 KB a page): a retry writes those again beside the new tree.
    tree = tmp_path / ".site-v1"
    tree.mkdir()
    (tree / "index.html").write_bytes(b"x" * MB)
    out = tmp_path / "site"
    out.symlink_to(tree.name)
    folder = state_dir(out)
    folder.mkdir()
    (folder / "search-copies-penalties-2026.json").write_bytes(b"y" * 3 * MB)
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tree / "new.html"))
    message = pipeline._os_error_message(full, out, tmp_path / "content")
    assert message.endswith("本次构建大约需要 4.0 MB；请清理磁盘或换一个位置后重试"), message
