"""Name candidates in the preview: listed, publish refused, then 遮蔽 or 保留 and published."""

from __future__ import annotations

import html as htmllib

import pytest

from admin.domain import vocab
from admin.models import InfoItem, PenaltyDecision
from admin.models.db import db
from tests.backoffice.workflow.conftest import act, page_token, signed_in

# 虎生林 follows no role noun and jieba does not tag it: it is left for the officer.
FACTS = "经查，虎生林未办理相关手续在李家庄村口擅自施工，现场负责人纳福贵在场。"


@pytest.fixture
def decision(make_penalty) -> int:
    """A decision with one candidate that needs no review, so it publishes from the draft."""
    return make_penalty(procedure=vocab.PROCEDURE_SUMMARY, review_required=False, facts=FACTS)


def preview(client, dataset: str, record_id: int) -> str:
    answer = client.get(f"/records/{dataset}/{record_id}/preview")
    assert answer.status_code == 200
    return htmllib.unescape(answer.get_data(as_text=True))


def choose(client, dataset: str, record_id: int, op: str, text: str):
    path = f"/records/{dataset}/{record_id}/preview"
    token, version = page_token(client, path)
    data = {"csrf_token": token, "version": version, "op": op, "text": text}
    return client.post(path, data=data)


def test_the_preview_lists_the_candidate_with_mask_and_keep(app, decision) -> None:
    client = signed_in(app.test_client(), "officer")
    page = preview(client, "penalties", decision)
    assert "有 1 处疑似人名未确认" in page
    assert "疑似人名（未确认）" in page
    assert "<td>虎生林</td><td>虎某某</td>" in page
    assert 'value="candidate-mask">遮蔽</button>' in page
    assert 'value="candidate-keep">保留</button>' in page
    assert page.count('value="candidate-mask"') == 1  # 纳福贵 is masked, after its role noun
    assert "<td>纳福贵</td><td><mark>纳某某</mark></td>" in page
    reviewer = signed_in(app.test_client(), "reviewer")
    assert "待办案人员确认" in preview(reviewer, "penalties", decision)


def test_publish_is_refused_until_decided_then_masked(app, decision, content_dir) -> None:
    client = signed_in(app.test_client(), "officer")
    refused = act(client, "penalties", decision, "publish")
    assert refused.status_code == 409
    message = htmllib.unescape(refused.get_data(as_text=True))
    assert "违法事实：含未确认的疑似人名（虎某某）" in message
    assert "虎生林" not in message.split("违法事实：含未确认")[1][:40]
    assert not (content_dir / "penalties" / "penalty-1.md").exists()

    assert choose(client, "penalties", decision, "candidate-mask", "虎生林").status_code == 302
    page = preview(client, "penalties", decision)
    assert "疑似人名未确认" not in page and "<mark>虎某某</mark>" in page
    with app.app_context():
        assert db.session.get(PenaltyDecision, decision).masks == {"mask": ["虎生林"], "unmask": []}
    assert act(client, "penalties", decision, "publish").status_code == 302
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert "虎某某未办理" in text and "虎生林" not in text and "纳福贵" not in text


def test_keep_publishes_the_word_as_written(app, decision, content_dir) -> None:
    client = signed_in(app.test_client(), "officer")
    assert choose(client, "penalties", decision, "candidate-keep", "虎生林").status_code == 302
    assert "疑似人名未确认" not in preview(client, "penalties", decision)
    assert act(client, "penalties", decision, "publish").status_code == 302
    text = (content_dir / "penalties" / "penalty-1.md").read_text(encoding="utf-8")
    assert "经查，虎生林未办理" in text


def test_an_information_item_is_refused_until_decided(app, make_info, content_dir) -> None:
    record = make_info(body_md=FACTS)
    client = signed_in(app.test_client(), "officer")
    refused = act(client, "info", record, "publish")
    assert refused.status_code == 409
    assert "正文：含未确认的疑似人名（虎某某）" in htmllib.unescape(refused.get_data(as_text=True))
    assert choose(client, "info", record, "candidate-keep", "虎生林").status_code == 302
    assert act(client, "info", record, "publish").status_code == 302
    with app.app_context():
        assert db.session.get(InfoItem, record).state == vocab.STATE_PUBLISHED


def test_submit_is_refused_until_the_names_are_decided(app, make_penalty) -> None:
    # Deciding a name after approval would change the version and void the approval.
    record = make_penalty(facts=FACTS)  # 普通程序: reviewed before publishing
    client = signed_in(app.test_client(), "officer")
    refused = act(client, "penalties", record, "submit")
    assert refused.status_code == 409
    message = htmllib.unescape(refused.get_data(as_text=True))
    assert "违法事实：含未确认的疑似人名（虎某某）" in message and "再提交审核" in message
    with app.app_context():
        assert db.session.get(PenaltyDecision, record).state == vocab.STATE_DRAFT
    assert choose(client, "penalties", record, "candidate-mask", "虎生林").status_code == 302
    assert act(client, "penalties", record, "submit").status_code == 302
    with app.app_context():
        assert db.session.get(PenaltyDecision, record).state == vocab.STATE_IN_REVIEW
