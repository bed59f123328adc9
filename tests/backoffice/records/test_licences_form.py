"""The back office's 行政许可决定: form, preview, publish, 当前状态 change, review setting."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.content.store import read_record_file
from admin.demo import fictional
from admin.models import AuditEntry, Licence
from admin.models.db import db
from tests.backoffice.records.conftest import (
    DECIDED,
    PERSON_ID,
    PERSON_PHONE,
    TODAY,
    World,
    signed_in,
    submit,
    token_of,
)

TOWNSHIP_CODE = fictional.credit_code("11", "测试镇")


def licence_data(world: World, **overrides: Any) -> dict[str, Any]:
    return {
        "body_id": str(world.township),
        "party_kind": "自然人",
        "party_name": "张三",
        "id_type": "身份证",
        "id_number": PERSON_ID,
        "party_phone": PERSON_PHONE,
        "doc_name": "乡村建设规划许可决定书",
        "decision_no": f"测镇规许〔{DECIDED.year}〕1号",
        "licence_kind": "普通",
        "certificate_name": "乡村建设规划许可证",
        "licence_no": "乡字第0001号",
        "content": f"准予张三（电话{PERSON_PHONE}）新建住宅。",
        "decision_date": DECIDED.isoformat(),
        "valid_from": DECIDED.isoformat(),
        "valid_until": "",
        "authority": "测试镇人民政府",
        "authority_code": TOWNSHIP_CODE,
        **overrides,
    }


def _created(app: Flask) -> Licence:
    with app.app_context():
        return db.session.scalars(sa.select(Licence).order_by(Licence.id.desc())).first()


def _post(client: FlaskClient, page: str, action: str, **data: str):
    text = client.get(page).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', text)
    token = found.group(1) if found else token_of(text)
    return client.post(action, data={"csrf_token": token, **data})


def test_create_refuse_preview_publish_and_change_status(
    app: Flask, client: FlaskClient, world: World, content_dir: Path
) -> None:
    signed_in(client, "officer")
    refused = submit(client, "/licences/new", licence_data(world, licence_kind="随便"))
    assert refused.status_code == 422
    assert "许可类别：「随便」不是可选的值" in html.unescape(refused.get_data(as_text=True))
    created = submit(client, "/licences/new", licence_data(world))
    assert created.status_code == 302, html.unescape(created.get_data(as_text=True))[-2000:]
    licence = _created(app)
    assert licence.slug == f"{DECIDED.year}-0001" and licence.state == "草稿"
    with app.app_context():
        entry = db.session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity == "licence")
        ).first()
        assert entry is not None and PERSON_ID not in str(entry.detail)

    page = f"/records/licences/{licence.id}"
    detail = client.get(page).get_data(as_text=True)
    assert "无需审核" in detail and f"{page}/publish" in detail, detail[detail.find("可执行") :][
        :800
    ]
    preview = client.get(f"{page}/preview")
    assert preview.status_code == 200
    assert "张某" in preview.get_data(as_text=True)

    published = _post(client, page, f"{page}/publish", version=str(licence.version))
    assert published.status_code in (200, 302), published.get_data(as_text=True)[-1500:]
    record = read_record_file(content_dir, "licences", licence.slug)
    assert record is not None and record.meta["party_name"] == "张某"
    text = (content_dir / "licences" / f"{licence.slug}.md").read_text(encoding="utf-8")
    assert PERSON_ID not in text and PERSON_PHONE not in text

    licence = _created(app)
    detail = client.get(page).get_data(as_text=True)
    assert 'id="licence-status"' in detail
    version = re.search(r'id="licence-status".*?name="version" value="(\d+)"', detail, re.S)
    changed = _post(
        client,
        page,
        f"/licences/{licence.id}/status",
        current_status="注销",
        status_date=TODAY.isoformat(),
        version=version.group(1),
    )
    assert changed.status_code == 302
    meta = read_record_file(content_dir, "licences", licence.slug).meta
    assert meta["current_status"] == "注销" and meta["status_date"] == TODAY


def test_review_where_the_setting_asks_for_it(
    app: Flask, client: FlaskClient, world: World, content_dir: Path
) -> None:
    app.config["GONGSHI"]["LICENCE_REVIEW_REQUIRED"] = True
    signed_in(client, "officer")
    assert submit(client, "/licences/new", licence_data(world)).status_code == 302
    licence = _created(app)
    page = f"/records/licences/{licence.id}"
    detail = client.get(page).get_data(as_text=True)
    assert "须经审核后公示" in detail and "提交法制审核" in detail
    refused = _post(client, page, f"{page}/publish", version=str(licence.version))
    assert refused.status_code >= 400
    assert not (content_dir / "licences" / f"{licence.slug}.md").exists()
