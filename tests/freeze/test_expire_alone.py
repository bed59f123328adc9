"""One bad record never keeps expired records online (issue 14, item 6).

A record that makes the build fail is named by the build (dataset, slug, field), and
``gongshi expire`` still rewrites the other expired records: with a record the build
refuses, and with a file that cannot even be read.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from buildsupport import TODAY, build, write_content

from admin.content.store import write_record_file
from admin.domain.contentfile import parse_content_file
from tests.conftest import run_gongshi

ID = "64052119850312123X"


def _expired_penalty(content: Path) -> Path:
    """Add a penalty whose 公示截止期 was the day before the fixture's date."""
    meta = {
        "title": "中宁大战场综执罚〔2020〕9号",
        "status": "published",
        "published": dt.date(2020, 5, 12),
        "updated": dt.date(2020, 5, 12),
        "decision_no": "中宁大战场综执罚〔2020〕9号",
        "party_name": "张某某",
        "decision_date": dt.date(2020, 5, 10),
        "publicity_until": TODAY - dt.timedelta(days=1),
    }
    return write_record_file(content, "penalties", "2020-0009", meta, "张某某在村道堆放杂物。").path


def _expire(content: Path, instance: Path) -> object:
    return run_gongshi(
        "expire",
        "--content",
        str(content),
        "--today",
        TODAY.isoformat(),
        env={"GONGSHI_INSTANCE_DIR": str(instance)},
    )


def test_a_record_the_build_refuses_is_named_and_expiry_still_runs(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    bad = content / "penalties" / "2025-0001.md"
    bad.write_text(bad.read_text("utf-8") + "\n当事人身份证号 6405**2119**850312123X\n")
    expired = _expired_penalty(content)

    done = build(content, tmp_path / "out")
    assert done.returncode == 1
    assert "记录 penalties/2025-0001（" in done.stderr  # the record, not only a file
    assert ID not in done.stderr

    expiry = _expire(content, tmp_path / "instance")
    assert expiry.returncode == 0, expiry.stderr
    assert "penalties/2020-0009.md" in expiry.stdout
    assert parse_content_file(expired.read_text("utf-8")).meta["status"] == "expired"


def test_an_unreadable_file_does_not_stop_the_others_from_expiring(tmp_path: Path) -> None:
    content = write_content(tmp_path / "content")
    broken = content / "penalties" / "2025-0002.md"
    broken.write_text('+++\ntitle = "未闭合\n+++\n', "utf-8")
    expired = _expired_penalty(content)

    expiry = _expire(content, tmp_path / "instance")
    assert expiry.returncode == 1
    assert "penalties/2020-0009.md" in expiry.stdout
    assert "2025-0002.md" in expiry.stderr and "Traceback" not in expiry.stderr
    assert parse_content_file(expired.read_text("utf-8")).meta["status"] == "expired"
