"""Attachments through the back-office: checked by content, private, downloadable, audited."""

from __future__ import annotations

import datetime as dt
import io
import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfWriter

from admin.backoffice.app import create_app
from admin.models import Attachment, AuditEntry, InfoItem, Inspection, PenaltyDecision
from admin.models.db import db
from admin.models.migrate import upgrade_database
from admin.site.app import create_site_app
from admin.store.accounts import create_user
from tests.backoffice.conftest import PASSWORD, csrf_token, login

MAX_BYTES = 64 * 1024


def _scan_pdf() -> bytes:
    """A one-page PDF as a scanner writes it (pypdf refuses files without an xref)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _scan_pdf()
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
HIDDEN_SCRIPT = zlib.compress(b"5 0 << /S /JavaScript /JS (app.alert(1)) >>")
ACTIVE_PDF = (
    PDF[:-6]
    + b"3 0 obj\n<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n"
    % len(HIDDEN_SCRIPT)
    + HIDDEN_SCRIPT
    + b"\nendstream\nendobj\n%%EOF\n"
)


@pytest.fixture
def app(instance_dir, content_dir: Path) -> Iterator[Flask]:
    """The back-office app with a small upload limit, so the limit is cheap to cross."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test",
            "CONTENT_DIR": str(content_dir),
            "UPLOAD_MAX_BYTES": MAX_BYTES,
        }
    )
    with app.app_context():
        upgrade_database(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def decision_id(app: Flask, demo) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.min(PenaltyDecision.id)))


def page(decision_id: int) -> str:
    return f"/records/penalties/{decision_id}/attachments"


def upload(client: FlaskClient, decision_id: int, data: bytes, name: str, kind: str = "证据"):
    token = csrf_token(client, page(decision_id))
    return client.post(
        page(decision_id),
        data={"csrf_token": token, "kind": kind, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def attachments(app: Flask) -> list[Attachment]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Attachment)))


def test_officer_uploads_and_a_colleague_downloads(app, client, decision_id, instance_dir) -> None:
    login(client, "officer")
    response = upload(client, decision_id, PDF, "决定书 扫描.pdf", kind="决定书扫描件")
    assert response.status_code == 303
    [row] = attachments(app)
    assert (row.kind, row.media_type, row.size) == ("决定书扫描件", "application/pdf", len(PDF))
    stored = instance_dir / "uploads" / row.stored_name
    assert stored.read_bytes() == PDF
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert "决定书 扫描" not in row.stored_name
    assert "决定书 扫描.pdf" in client.get(page(decision_id)).get_data(as_text=True)

    client.post("/logout", data={"csrf_token": csrf_token(client, page(decision_id))})
    login(client, "reviewer")
    download = client.get(f"/attachments/{row.id}")
    assert download.status_code == 200
    assert download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    download.close()
    with app.app_context():
        entry = db.session.scalar(
            sa.select(AuditEntry).where(AuditEntry.action == "attachment-upload")
        )
    assert (entry.actor, entry.entity, entry.entity_id) == ("officer", "penalties", decision_id)


@pytest.mark.parametrize(
    ("data", "name", "kind", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "scan.pdf", "证据", "文件：只接受 PDF、PNG"),
        (ACTIVE_PDF, "evidence.pdf", "证据", "文件：PDF 含有可执行或自动运行的内容"),
        (PNG + b"\x00" * MAX_BYTES, "photo.png", "证据", "文件：超过大小上限"),
        (b"", "empty.png", "证据", "文件："),
        (PNG, "photo.png", "公开材料", "类别：请选择"),
    ],
)
def test_refused_uploads_store_nothing(
    app, client, decision_id, instance_dir, data, name, kind, message
) -> None:
    login(client, "officer")
    response = upload(client, decision_id, data, name, kind=kind)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert attachments(app) == []
    folder = instance_dir / "uploads"
    assert not folder.exists() or list(folder.iterdir()) == []


def test_png_accepted_by_content_whatever_its_name(app, client, decision_id) -> None:
    login(client, "officer")
    assert upload(client, decision_id, PNG, "照片.pdf").status_code == 303
    assert attachments(app)[0].media_type == "image/png"


def test_officer_deletes_and_the_trail_keeps_it(app, client, decision_id, instance_dir) -> None:
    login(client, "officer")
    upload(client, decision_id, PDF, "a.pdf")
    [row] = attachments(app)
    token = csrf_token(client, page(decision_id))
    assert client.post(f"/attachments/{row.id}/delete", data={"csrf_token": token}).status_code
    assert attachments(app) == []
    assert not (instance_dir / "uploads" / row.stored_name).exists()
    with app.app_context():
        actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"attachment-upload", "attachment-delete"} <= actions


def test_roles_and_bodies(app, client, decision_id) -> None:
    login(client, "officer")
    upload(client, decision_id, PDF, "a.pdf")
    [row] = attachments(app)
    with app.app_context():
        create_user(db.session, "outsider", ["officer"], PASSWORD, actor="test", bodies=[])
        db.session.commit()
    client.post("/logout", data={"csrf_token": csrf_token(client, page(decision_id))})

    anonymous = client.get(f"/attachments/{row.id}")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]

    login(client, "reviewer")  # the record's body, but not an officer: read only
    assert client.get(page(decision_id)).status_code == 200
    assert upload(client, decision_id, PNG, "b.png").status_code == 403
    token = csrf_token(client, page(decision_id))
    assert client.post(f"/attachments/{row.id}/delete", data={"csrf_token": token}).status_code == (
        403
    )
    client.post("/logout", data={"csrf_token": token})

    login(client, "outsider")  # an officer of no body: the record does not exist for them
    assert client.get(f"/attachments/{row.id}").status_code == 404
    assert client.get(page(decision_id)).status_code == 404
    assert client.get(f"/records/penalties/{decision_id + 10_000}/attachments").status_code == 404
    assert client.get(f"/records/officers/{decision_id}/attachments").status_code == 404


@pytest.mark.parametrize(
    ("roles", "bodies"),
    [
        (["officer"], "all"),
        (["reviewer"], "all"),
        (["admin"], "all"),
        (["admin", "officer"], "all"),
        (["officer"], "none"),
        (["admin"], "none"),
    ],
)
def test_attachments_follow_the_record_pages_access(app, client, decision_id, roles, bodies):
    """Whatever the record page answers (200, 403 or 404), list and download answer too."""
    login(client, "officer")
    upload(client, decision_id, PDF, "a.pdf")
    [row] = attachments(app)
    client.post("/logout", data={"csrf_token": csrf_token(client, page(decision_id))})
    with app.app_context():
        scope = None if bodies == "all" else []
        create_user(db.session, "probe", roles, PASSWORD, actor="test", bodies=scope)
        db.session.commit()
    login(client, "probe")
    record_page = client.get(f"/records/penalties/{decision_id}").status_code
    listing = client.get(page(decision_id))
    download = client.get(f"/attachments/{row.id}")
    received = download.get_data()
    download.close()  # a sent file is streamed from an open handle
    assert (listing.status_code, download.status_code) == (record_page, record_page)
    assert (received == PDF) == (record_page == 200)
    assert (b"a.pdf" in listing.data) == (record_page == 200)


def test_attachment_routes_declare_the_record_pages_rule(app) -> None:
    from admin.backoffice.access import rule_of

    record_page = rule_of(app, "workflow.detail")
    assert rule_of(app, "uploads.index") == rule_of(app, "uploads.download") == record_page


def test_upload_without_csrf_token_is_refused(app, client, decision_id) -> None:
    login(client, "officer")
    response = client.post(
        page(decision_id),
        data={"kind": "证据", "file": (io.BytesIO(PDF), "a.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert attachments(app) == []


def test_attachments_never_reach_the_public_site(app, client, decision_id, content_dir) -> None:
    login(client, "officer")
    upload(client, decision_id, PNG + b"UNIQUE-EVIDENCE-MARKER", "marker.png")
    assert attachments(app)
    for path in content_dir.rglob("*"):
        assert not path.is_file() or b"UNIQUE-EVIDENCE-MARKER" not in path.read_bytes()
    site = create_site_app(content_dir, dt.date(2026, 11, 27))
    rules = [rule.rule for rule in site.url_map.iter_rules()]
    assert not [rule for rule in rules if "attachment" in rule or "upload" in rule]


def test_inspections_and_information_take_attachments_too(app, client, demo) -> None:
    with app.app_context():
        inspection = db.session.scalar(sa.select(sa.func.min(Inspection.id)))
        info = db.session.scalar(sa.select(sa.func.min(InfoItem.id)))
    login(client, "officer")
    for dataset, record_id in (("inspections", inspection), ("info", info)):
        path = f"/records/{dataset}/{record_id}/attachments"
        assert client.get(path).status_code == 200
        token = csrf_token(client, path)
        data = {"csrf_token": token, "kind": "全过程记录", "file": (io.BytesIO(PNG), "p.png")}
        assert client.post(path, data=data, content_type="multipart/form-data").status_code == 303
    assert sorted(a.record_type for a in attachments(app)) == ["info", "inspections"]
