"""The site's status for the back-office, and ``gongshi serve --rebuild``'s builder: after a
publish the site is rebuilt once the writes settle, a failure is reported and the old site
stays. Real builds into a temporary folder; no database needed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from admin.demo.dates import DEMO_TODAY
from admin.freeze.rebuilder import Rebuilder
from admin.freeze.status import (
    ABSENT,
    LIVE,
    NOT_BUILT,
    PENDING,
    read_rebuild_status,
    record_live_state,
    site_status,
)
from tests.conftest import run_gongshi
from tests.shipped import shipped_content

ZONE = "Asia/Shanghai"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped demo content (a copy) built once: (content, out)."""
    content = shipped_content(tmp_path / "content")
    out = tmp_path / "build"
    done = run_gongshi("build", "--content", str(content), "--out", str(out), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    return content, out


def wait_for(instance: Path, state: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while (status := read_rebuild_status(instance, ZONE)) is None or status.state != state:
        assert time.monotonic() < deadline, f"still {status} after {seconds} s"
        time.sleep(0.2)


def test_a_record_is_live_until_its_file_is_newer_than_the_site(site) -> None:
    content, out = site
    slug = sorted((content / "penalties").glob("*.md"))[-1].stem
    assert record_live_state(out, content, "penalties", slug) == LIVE
    assert site_status(out, ZONE).built_at is not None
    assert site_status(out, ZONE).build_date
    # Published again (or withdrawn) after the build: written, not yet on the site.
    path = content / "penalties" / f"{slug}.md"
    later = out.lstat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))
    assert record_live_state(out, content, "penalties", slug) == PENDING
    (content / "penalties" / "2099-0001.md").write_text("+++\n+++\n", encoding="utf-8")
    assert record_live_state(out, content, "penalties", "2099-0001") == ABSENT
    assert record_live_state(out.parent / "nowhere", content, "penalties", slug) == NOT_BUILT
    assert site_status(out.parent / "nowhere", ZONE).built_at is None


def test_the_builder_rebuilds_after_a_publish_and_reports_a_failure(site, tmp_path: Path) -> None:
    content, out = site
    instance = tmp_path / "instance"
    instance.mkdir()
    builder = Rebuilder(content, out, instance, poll=0.1, settle=0.5)
    builder.start()
    try:
        # A publish: a record file and the audit head written, as publishing does.
        page = content / "pages" / "apply.md"
        page.write_text(page.read_text(encoding="utf-8") + "\n自动构建的新段落。\n", "utf-8")
        head = content / "audit-head.toml"  # the shipped demo has none yet: a first publish
        head.write_text('head = "0"\nentries = 1\n', encoding="utf-8")
        wait_for(instance, "ok")
        built = (out / "pages" / "apply" / "index.html").read_text(encoding="utf-8")
        assert "自动构建的新段落" in built

        # A build that fails (a mobile number the guard refuses): reported, site unchanged.
        page.write_text(page.read_text(encoding="utf-8") + "\n电话 13912345678\n", "utf-8")
        head.write_text(head.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        wait_for(instance, "failed")
        status = read_rebuild_status(instance, ZONE)
        assert status is not None and status.message.startswith("错误：构建失败")
        assert (out / "pages" / "apply" / "index.html").read_text(encoding="utf-8") == built
    finally:
        builder.stop()
        builder.join(timeout=30)
    assert DEMO_TODAY  # the demo content builds on any day: its notices are dated
