"""``gongshi check content``: content/ against the database's published records (issue 14)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from admin.content.store import read_record_file, write_record_file
from admin.domain import vocab
from admin.models import InfoItem, PenaltyDecision
from admin.publish.consistency import find_mismatches


@pytest.fixture
def demo_content(gongshi, tmp_path: Path) -> Path:
    """The demo township in the database and published into tmp_path/content."""
    result = gongshi("init", "--demo")
    assert result.returncode == 0, result.stderr
    return tmp_path / "content"


def test_check_content_passes_then_names_each_mismatch(gongshi, demo_content: Path) -> None:
    ok = gongshi("check", "content")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout == ""
    penalties = sorted((demo_content / "penalties").glob("*.md"))
    missing = penalties[0]
    missing.unlink()
    stray = demo_content / "penalties" / "not-in-the-database.md"
    shutil.copyfile(penalties[1], demo_content / "info" / "not-in-the-database.md")
    shutil.copyfile(penalties[1], stray)
    result = gongshi("check", "content")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert f"penalties/{missing.name}\tmismatch\t" in result.stdout
    assert any(line.startswith("penalties/not-in-the-database.md\tmismatch\t") for line in lines)
    assert all(line.count("\t") == 2 and "\tmismatch\t" in line for line in lines)
    assert "不一致" in result.stderr


def test_find_mismatches_covers_status_and_slug(app, tmp_path: Path) -> None:
    """Status differs, a record published without its file, a file under another slug."""
    from admin.models import Body
    from admin.models.db import db

    root = tmp_path / "content"
    root.mkdir()
    (root / "site.toml").write_text('name = "示范"\nbase_url = "https://example.org/"\n')
    body = Body(slug="town", name="示范镇人民政府", kind="法定行政机关")
    info = InfoItem(
        body=body,
        slug="info-1",
        index_no="11640521MB00000001/2026-00001",
        title="通知",
        body_md="正文",
        topic="乡村振兴",
        publisher="示范镇人民政府",
        state=vocab.STATE_WITHDRAWN,
    )
    draft = InfoItem(
        body=body,
        slug="info-2",
        index_no="11640521MB00000001/2026-00002",
        title="草稿",
        body_md="正文",
        topic="乡村振兴",
        publisher="示范镇人民政府",
        state=vocab.STATE_DRAFT,
    )
    shown = InfoItem(
        body=body,
        slug="info-3",
        index_no="11640521MB00000001/2026-00003",
        title="已公示",
        body_md="正文",
        topic="乡村振兴",
        publisher="示范镇人民政府",
        state=vocab.STATE_PUBLISHED,
    )
    db.session.add_all([body, info, draft, shown])
    db.session.commit()
    meta = {"title": "通知", "status": "published", "index_no": info.index_no}
    write_record_file(root, "info", "info-1", meta, "正文")  # withdrawn in the database
    write_record_file(root, "info", "info-2", {**meta, "index_no": draft.index_no}, "正文")
    write_record_file(root, "info", "renamed", {**meta, "index_no": shown.index_no}, "正文")
    found = {m.file: m.what for m in find_mismatches(db.session, root)}
    assert "文件状态为「公示中」，数据库中为「已撤回」" in found["info/info-1.md"]
    assert "未公示" in found["info/info-2.md"]
    assert "没有该文件" in found["info/info-3.md"]
    assert "标识不符" in found["info/renamed.md"] and "info-3" in found["info/renamed.md"]
    assert read_record_file(root, "info", "info-1") is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PenaltyDecision)) == 0
