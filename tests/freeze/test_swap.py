"""Replacing ``--out``: a symlink switched atomically, old trees removed, others refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from admin.freeze.swap import (
    BuildLocked,
    SwapError,
    build_lock,
    new_staging_dir,
    publish_tree,
    remove_stale,
)


def _staged(out: Path, marker: str) -> Path:
    staging = new_staging_dir(out)
    (staging / "index.html").write_text(marker, encoding="utf-8")
    (staging / "manifest.json").write_text("{}\n", encoding="utf-8")
    return staging


def _trees(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}-"))


def test_out_becomes_a_relative_symlink_to_a_complete_tree(tmp_path: Path) -> None:
    out = tmp_path / "build"
    tree = publish_tree(_staged(out, "一"), out)
    assert out.is_symlink()
    assert os.readlink(out) == tree.name  # relative: the checkout can move
    assert (out / "index.html").read_text(encoding="utf-8") == "一"
    assert _trees(out) == [tree.name]


def test_each_build_keeps_only_the_previous_tree(tmp_path: Path) -> None:
    out = tmp_path / "build"
    first = publish_tree(_staged(out, "一"), out)
    second = publish_tree(_staged(out, "二"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "二"
    assert (first / "index.html").read_text(encoding="utf-8") == "一"  # for readers mid-page
    third = publish_tree(_staged(out, "三"), out)
    assert (out / "index.html").read_text(encoding="utf-8") == "三"
    assert _trees(out) == sorted([second.name, third.name])


def test_a_real_directory_from_an_older_build_is_swapped_out(tmp_path: Path) -> None:
    out = tmp_path / "build"
    out.mkdir()
    (out / "manifest.json").write_text("{}", encoding="utf-8")
    (out / "old.html").write_text("旧", encoding="utf-8")
    tree = publish_tree(_staged(out, "新"), out)
    assert out.is_symlink()
    assert (out / "index.html").read_text(encoding="utf-8") == "新"
    assert not (out / "old.html").exists()
    assert len(_trees(out)) == 2  # the new tree, and the old directory kept as the previous
    publish_tree(_staged(out, "再"), out)
    assert tree.name in _trees(out)
    assert not any("retired" in name for name in _trees(out))


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            lambda out: (out.mkdir(), (out / "notes.txt").write_text("mine")),
            "不是 gongshi 构建的网站",
        ),
        (lambda out: out.write_text("a file"), "不是目录"),
    ],
    ids=["foreign-directory", "plain-file"],
)
def test_anything_else_at_out_is_refused_and_kept(tmp_path: Path, setup, message: str) -> None:
    out = tmp_path / "build"
    setup(out)
    before = sorted(p.name for p in out.iterdir()) if out.is_dir() else out.read_text()
    staging = _staged(out, "新")
    with pytest.raises(SwapError, match=message):
        publish_tree(staging, out)
    after = sorted(p.name for p in out.iterdir()) if out.is_dir() else out.read_text()
    assert after == before
    assert not out.is_symlink()


def test_stale_staging_folders_are_removed_but_nothing_else(tmp_path: Path) -> None:
    out = tmp_path / "build"
    stale = new_staging_dir(out)
    (stale / "half.html").write_text("半", encoding="utf-8")
    keep = tmp_path / ".build-staging-notours"
    keep.mkdir()
    remove_stale(out)
    assert not stale.exists()
    assert keep.exists()


def test_a_second_lock_on_the_same_output_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "build"
    with build_lock(out), pytest.raises(BuildLocked, match="另一个构建正在进行"):  # noqa: SIM117
        with build_lock(out):
            pass
    with build_lock(out):  # released: the next build may run
        pass


def test_the_lock_is_released_when_its_holder_is_killed(tmp_path: Path) -> None:
    out = tmp_path / "build"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from admin.freeze.swap import build_lock\n"
            "with build_lock(Path(sys.argv[1])):\n print('locked', flush=True); time.sleep(60)",
            str(out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        with pytest.raises(BuildLocked), build_lock(out):
            pass
        holder.kill()
        holder.wait(timeout=10)
        with build_lock(out):
            pass
    finally:
        holder.kill()
        holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()


def test_readers_never_see_a_missing_or_partial_out(tmp_path: Path) -> None:
    """Swap repeatedly while another process reads: every read finds a complete tree."""
    out = tmp_path / "build"
    publish_tree(_staged(out, "0"), out)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import json, sys, time\nfrom pathlib import Path\nout = Path(sys.argv[1])\n"
            "bad = 0\nend = time.monotonic() + 3\nreads = 0\n"
            "while time.monotonic() < end:\n"
            "    try:\n"
            "        (out / 'manifest.json').read_text(); (out / 'index.html').read_text()\n"
            "    except OSError:\n"
            "        bad += 1\n"
            "    reads += 1\n"
            "    if Path(sys.argv[2]).exists(): break\n"
            "print(json.dumps([reads, bad]))",
            str(out),
            str(tmp_path / "stop"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    for number in range(1, 40):
        publish_tree(_staged(out, str(number)), out)
    (tmp_path / "stop").write_text("")
    output, _ = reader.communicate(timeout=30)
    reads, bad = json.loads(output)
    assert reads > 0
    assert bad == 0
