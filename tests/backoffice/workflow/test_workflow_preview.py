"""The preview: the public page as it will be, masks highlighted, manual mask and unmask."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
import sqlalchemy as sa

from admin.domain import vocab
from admin.models import AuditEntry, PenaltyDecision
from admin.models.db import db
from tests.backoffice.workflow.conftest import ID_NUMBER, PARTY, act, page_token, signed_in


@pytest.fixture
def decision(make_penalty) -> int:
    """A decision that needs no review, so it publishes straight from the draft."""
    return make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False)


def preview_of(client, decision_id: int) -> str:
    answer = client.get(f"/records/penalties/{decision_id}/preview")
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def public_of(client, decision_id: int) -> str:
    start = client.get(f"/records/penalties/{decision_id}/public/")
    assert start.status_code == 302
    answer = client.get(start.headers["Location"])
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    return answer.get_data(as_text=True)


def change_masks(client, decision_id: int, op: str, text: str, version: str | None = None):
    path = f"/records/penalties/{decision_id}/preview"
    token, seen = page_token(client, path)
    data = {"csrf_token": token, "version": version or seen, "op": op, "text": text}
    return client.post(path, data=data)


def test_preview_highlights_masks_and_never_shows_the_id_number(app, decision) -> None:
    client = signed_in(app.test_client(), "reviewer")
    html = preview_of(client, decision)
    assert "<mark>王某某</mark>" in html and "<mark>张某某</mark>" in html
    assert re.search(r"当事人名称.*?<mark>王某某</mark>", html, re.S)
    assert ID_NUMBER not in html
    assert "在李家庄村口占道经营" in html
    assert 'name="op"' not in html  # reviewers see the masks, only officers change them


def test_public_page_uses_the_site_templates_with_masks(app, decision) -> None:
    client = signed_in(app.test_client(), "officer")
    html = public_of(client, decision)
    assert "示范综执罚〔2026〕1号" in html and "王某某" in html
    assert PARTY not in html and ID_NUMBER not in html and "张大山" not in html
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"?]+)', html).group(1)
    assert stylesheet.startswith("../../static/")
    base = f"/records/penalties/{decision}/public/penalties/penalty-1/"
    css = client.get(urljoin(base, stylesheet))  # as a browser resolves it
    assert css.status_code == 200 and css.mimetype == "text/css"


def test_mask_and_unmask_change_the_preview_and_the_published_file(
    app, decision, content_dir
) -> None:
    client = signed_in(app.test_client(), "officer")
    assert change_masks(client, decision, "mask", "李家庄").status_code == 302
    assert change_masks(client, decision, "unmask", "张大山").status_code == 302
    html = preview_of(client, decision)
    assert "<mark>李某某</mark>" in html and "证人张大山在场" in html
    public = public_of(client, decision)
    assert "李家庄" not in public and "张大山" in public
    with app.app_context():
        record = db.session.get(PenaltyDecision, decision)
        assert record.masks == {"mask": ["李家庄"], "unmask": ["张大山"]}
        entries = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "masks"))
        assert [e.detail["op"] for e in entries] == ["mask", "unmask"]
    assert act(client, "penalties", decision, "publish").status_code == 302
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert "李家庄" not in text and "李某某" in text and "张大山" in text
    # Taken out of the list again, the string is shown as the masker alone decides.
    assert change_masks(client, decision, "mask-remove", "李家庄").status_code == 302
    assert "在李家庄村口" in public_of(client, decision)


@pytest.mark.parametrize(
    ("op", "text", "status", "message"),
    [
        ("mask", "", 400, "遮蔽内容：必须填写"),
        ("mask", "长" * 51, 400, "遮蔽内容：必须填写，最长 50 个字符"),
        ("hide", "李家庄", 400, "操作：未知的遮蔽操作"),
        ("mask", "李家庄", 409, "版本：该记录已被他人修改"),
    ],
)
def test_bad_mask_changes_are_refused(app, decision, op, text, status, message) -> None:
    client = signed_in(app.test_client(), "officer")
    version = "0" if status == 409 else None
    answer = change_masks(client, decision, op, text, version=version)
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    with app.app_context():
        assert not db.session.get(PenaltyDecision, decision).masks


def test_a_minor_is_never_previewed_as_publishable(app, make_penalty) -> None:
    from tests.backoffice.workflow.conftest import id_number

    minor = id_number("11010520150101123")
    decision = make_penalty(id_number=minor, facts="当事人在村口占道经营。")
    client = signed_in(app.test_client(), "officer")
    assert "未成年人的行政处罚决定不予公示" in preview_of(client, decision)
    assert client.get(f"/records/penalties/{decision}/public/").status_code == 409
