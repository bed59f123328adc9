"""Publishing is all or nothing across the database, the audit chain and content/ (issue 14).

The found bug: the record file was written, then the audit head could not be, so the page
answered HTTP 500, the database stayed 审核通过 and the next build published the file.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from admin.domain import vocab
from admin.models import AuditEntry, PenaltyDecision
from admin.models.db import db
from admin.publish.consistency import find_mismatches
from tests.backoffice.workflow.conftest import act, page_token, signed_in
from tests.backoffice.workflow.test_workflow_penalty import state_of, submit_and_approve


def audit_count(app: Flask) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def files_in(root: Path) -> list[str]:
    """Every file under content/, hidden temporaries included."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def approved(app, make_penalty) -> tuple[int, object]:
    """An approved decision and its officer's signed-in client."""
    decision_id = make_penalty()
    officer = signed_in(app.test_client(), "officer")
    submit_and_approve(app, officer, signed_in(app.test_client(), "reviewer"), decision_id)
    return decision_id, officer


def test_an_unwritable_audit_head_publishes_nothing(app, approved, content_dir) -> None:
    decision_id, officer = approved
    (content_dir / "audit-head.toml").mkdir()  # a folder where the file should be: refuses
    before_files, before_audit = files_in(content_dir), audit_count(app)
    answer = act(officer, "penalties", decision_id, "publish")
    assert answer.status_code == 409
    assert "数据库和公开内容均未改动" in answer.get_data(as_text=True)
    assert files_in(content_dir) == before_files  # no record file, no temporary left
    assert state_of(app, decision_id)[0] == vocab.STATE_APPROVED
    assert audit_count(app) == before_audit
    (content_dir / "audit-head.toml").rmdir()
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    assert (content_dir / "penalties" / "penalty-1.md").is_file()


def test_a_failed_commit_leaves_content_untouched(app, approved, content_dir, monkeypatch):
    decision_id, officer = approved
    before = files_in(content_dir)

    real_commit = sa.orm.Session.commit
    failures = []

    def refuse_once(self):
        if not failures:  # the publish's commit; the session store's own commit succeeds
            failures.append(True)
            raise sa.exc.OperationalError("COMMIT", {}, Exception("disk I/O error"))
        return real_commit(self)

    page = f"/records/penalties/{decision_id}"
    token, version = page_token(officer, page)  # before the fault: the page's GET commits too
    monkeypatch.setattr(sa.orm.Session, "commit", refuse_once)
    answer = officer.post(f"{page}/publish", data={"csrf_token": token, "version": version})
    monkeypatch.undo()
    assert answer.status_code == 409
    assert "数据库保存失败" in answer.get_data(as_text=True)
    assert files_in(content_dir) == before
    assert state_of(app, decision_id)[0] == vocab.STATE_APPROVED


def test_a_failed_rename_after_the_commit_is_told_and_found(
    app, approved, content_dir, monkeypatch
) -> None:
    """The database leads content/, never the reverse; check content names the gap."""
    decision_id, officer = approved
    calls = []
    real_replace = os.replace

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the record file goes in, the audit head does not
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", second_fails)
    answer = act(officer, "penalties", decision_id, "publish")
    monkeypatch.undo()
    assert answer.status_code == 302  # not a 500: a Chinese message on the record page
    page = officer.get(answer.headers["Location"]).get_data(as_text=True)
    assert "未能写入 content/" in page and "audit-head.toml" in page
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    assert not [name for name in files_in(content_dir) if name.endswith(".tmp")]
    with app.app_context():
        assert find_mismatches(db.session, content_dir) == []  # the record file is in place


def test_a_failed_rename_of_the_record_file_is_a_reported_mismatch(
    app, approved, content_dir, monkeypatch
) -> None:
    decision_id, officer = approved
    monkeypatch.setattr(os, "replace", lambda src, dst: (_ for _ in ()).throw(OSError(5, "EIO")))
    answer = act(officer, "penalties", decision_id, "publish")
    monkeypatch.undo()
    assert answer.status_code == 302
    assert not (content_dir / "penalties" / "penalty-1.md").exists()  # nothing went public
    with app.app_context():
        found = find_mismatches(db.session, content_dir)
    assert [(m.file, "没有该文件" in m.what) for m in found] == [("penalties/penalty-1.md", True)]


def test_withdraw_is_all_or_nothing(app, approved, content_dir) -> None:
    decision_id, officer = approved
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    published = (content_dir / "penalties" / "penalty-1.md").read_bytes()
    head = content_dir / "audit-head.toml"
    head.unlink()
    head.mkdir()
    answer = act(officer, "penalties", decision_id, "withdraw", reason="复议决定撤销原处罚决定")
    assert answer.status_code == 409
    assert (content_dir / "penalties" / "penalty-1.md").read_bytes() == published
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED


def test_the_anchor_is_refreshed_on_every_publish(app, approved, content_dir) -> None:
    from admin.content.store import read_audit_head

    decision_id, officer = approved
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    count = audit_count(app)
    with app.app_context():
        last = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
        head = read_audit_head(content_dir)
        assert head["head"] == last.hash and head["entries"] == count
        assert db.session.get(PenaltyDecision, decision_id).state == vocab.STATE_PUBLISHED


def test_credit_repair_is_all_or_nothing(app, make_penalty, content_dir) -> None:
    decision_id = make_penalty(
        procedure=vocab.PROCEDURE_SUMMARY, review_required=False, severity="轻微", kinds=["警告"]
    )
    officer = signed_in(app.test_client(), "officer")
    assert act(officer, "penalties", decision_id, "publish").status_code == 302
    published = (content_dir / "penalties" / "penalty-1.md").read_bytes()
    head = content_dir / "audit-head.toml"
    head.unlink()
    head.mkdir()
    answer = act(officer, "penalties", decision_id, "repair", repair_ref="信修〔2026〕1号")
    assert answer.status_code == 409 and "数据库和公开内容均未改动" in answer.get_data(as_text=True)
    assert (content_dir / "penalties" / "penalty-1.md").read_bytes() == published
    assert state_of(app, decision_id)[0] == vocab.STATE_PUBLISHED
    with app.app_context():
        assert db.session.get(PenaltyDecision, decision_id).repaired_on is None
