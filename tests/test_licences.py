"""行政许可决定: the public form, publishing, 当前状态 changes, withdrawal (issue 18)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from admin.content.store import read_record_file
from admin.domain import vocab
from admin.models import Body, Licence
from admin.publish.licences import change_status, publish_licence
from admin.publish.publishing import PublishError, withdraw_record

SITE_TOML = """\
name = "大战场镇人民政府 行政执法与政务公开"
base_url = "https://dzc.example.gov.cn/gongshi/"
sponsor = "中宁县大战场镇人民政府"
region = "national"
"""
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
PERSON = "欧阳建国"
DECIDED = dt.date(2021, 5, 10)
TODAY = dt.date(2021, 5, 12)
TOWNSHIP = "中宁县大战场镇人民政府"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    root.mkdir()
    (root / "site.toml").write_text(SITE_TOML, encoding="utf-8")
    return root


@pytest.fixture
def township(session) -> Body:
    body = Body(slug="dzc", name=TOWNSHIP, kind="法定行政机关")
    session.add(body)
    session.flush()
    return body


def make_licence(session, body: Body, **fields) -> Licence:
    values = dict(
        slug="2021-0001",
        body=body,
        party_kind=vocab.PARTY_NATURAL,
        party_name=PERSON,
        id_type="身份证",
        id_number=ID_NUMBER,
        party_phone=PHONE,
        doc_name="乡村建设规划许可决定书",
        decision_no="中宁大战场规许〔2021〕3号",
        licence_kind="普通",
        certificate_name="乡村建设规划许可证",
        licence_no="乡字第640521202100003号",
        content=f"准予{PERSON}（身份证号{ID_NUMBER}，电话{PHONE}）在本村新建住宅一处。",
        decision_date=DECIDED,
        valid_from=DECIDED,
        valid_until=dt.date(2022, 5, 9),
        authority=TOWNSHIP,
        authority_code="11640521MB1234567X",
        current_status="有效",
    )
    values.update(fields)
    licence = Licence(**values)
    session.add(licence)
    session.flush()
    return licence


def publish(session, licence, content: Path, today: dt.date = TODAY) -> Path:
    return publish_licence(session, licence, actor="wang", today=today, content_root=content)


def test_a_natural_persons_licence_is_published_masked(session, township, content) -> None:
    path = publish(session, make_licence(session, township), content)

    assert path == content / "licences" / "2021-0001.md"
    text = path.read_text(encoding="utf-8")
    for private in (PERSON, ID_NUMBER, PHONE):
        assert private not in text
    meta = read_record_file(content, "licences", "2021-0001").meta
    assert meta["party_name"] == "欧阳某某"
    assert meta["title"] == "乡村建设规划许可决定书（中宁大战场规许〔2021〕3号）"
    assert meta["licence_kind"] == "普通" and meta["current_status"] == "有效"
    assert meta["valid_until"] == dt.date(2022, 5, 9)
    assert meta["on_time"] is True  # two working days after the decision
    assert not {"id_type", "id_number", "legal_rep_id_number"} & set(meta)


def test_an_organisation_is_named_with_its_codes(session, township, content) -> None:
    licence = make_licence(
        session,
        township,
        party_kind=vocab.PARTY_ORGANISATION,
        party_name="中宁县枸杞红农业发展有限公司",
        party_credit_code="91350100M000100Y43",
        legal_rep="马文军",
        legal_rep_id_type="身份证",
        legal_rep_id_number=ID_NUMBER,
        id_type="",
        id_number="",
        content="准予中宁县枸杞红农业发展有限公司在大战场镇设置户外广告。",
    )
    publish(session, licence, content)
    meta = read_record_file(content, "licences", "2021-0001").meta
    assert meta["party_name"] == "中宁县枸杞红农业发展有限公司"
    assert meta["party_credit_code"] == "91350100M000100Y43"
    assert meta["legal_rep"] == "马文军"
    assert ID_NUMBER not in (content / "licences" / "2021-0001.md").read_text(encoding="utf-8")


def test_a_late_licence_is_marked_not_on_time(session, township, content) -> None:
    publish(session, make_licence(session, township), content, today=dt.date(2021, 6, 30))
    assert read_record_file(content, "licences", "2021-0001").meta["on_time"] is False


def test_an_id_number_in_the_licence_number_is_refused(session, township, content) -> None:
    licence = make_licence(session, township, licence_no=f"许字{ID_NUMBER}")
    with pytest.raises(PublishError, match="许可编号"):
        publish(session, licence, content)
    assert not (content / "licences" / "2021-0001.md").exists()


def test_a_change_of_status_republishes_with_its_date(session, township, content) -> None:
    licence = make_licence(session, township)
    publish(session, licence, content)
    on = dt.date(2021, 8, 2)
    change_status(
        session,
        licence,
        status="注销",
        on=on,
        actor="wang",
        today=dt.date(2021, 8, 3),
        content_root=content,
    )
    meta = read_record_file(content, "licences", "2021-0001").meta
    assert meta["current_status"] == "注销" and meta["status_date"] == on
    assert meta["published"] == TODAY and meta["updated"] == dt.date(2021, 8, 3)
    with pytest.raises(PublishError, match="当前状态"):
        change_status(
            session,
            licence,
            status="作废了",
            on=on,
            actor="wang",
            today=on,
            content_root=content,
        )


def test_withdrawal_leaves_a_notice(session, township, content) -> None:
    licence = make_licence(session, township)
    publish(session, licence, content)
    withdraw_record(
        session,
        licence,
        reason="文书号录入错误",
        actor="wang",
        today=dt.date(2021, 5, 20),
        content_root=content,
    )
    record = read_record_file(content, "licences", "2021-0001")
    assert record.meta["status"] == "withdrawn"
    assert record.meta["decision_no"] == "中宁大战场规许〔2021〕3号"
    assert record.body == "" and "party_name" not in record.meta
    assert licence.state == vocab.STATE_WITHDRAWN


def test_review_when_the_setting_asks_for_it(app, session, township, content) -> None:
    app.config["GONGSHI"] = {**app.config.get("GONGSHI", {}), "LICENCE_REVIEW_REQUIRED": True}
    licence = make_licence(session, township, state=vocab.STATE_DRAFT)
    with pytest.raises(PublishError, match="法制审核"):
        publish(session, licence, content)
    # A reviewer other than its author agreed to this very revision (the audit trail's
    # review entry, as the review form writes it).
    licence.state = vocab.STATE_APPROVED
    session.flush()
    with pytest.raises(PublishError, match="法制审核"):
        publish(session, licence, content)  # approved, but nobody's agreement is on record
    from admin.store import audit

    detail = {"reviewer_id": 999, "outcome": "同意", "revision": licence.version}
    audit.record(session, "reviewer", "review", "licence", licence.id, **detail)
    publish(session, licence, content)
    assert licence.state == vocab.STATE_PUBLISHED


def test_without_the_setting_a_draft_publishes(session, township, content) -> None:
    licence = make_licence(session, township, state=vocab.STATE_DRAFT)
    publish(session, licence, content)
    assert licence.state == vocab.STATE_PUBLISHED


def test_check_content_compares_licences_with_the_database(session, township, content) -> None:
    from admin.publish.consistency import find_mismatches

    licence = make_licence(session, township)
    publish(session, licence, content)
    assert find_mismatches(session, content) == []
    (content / "licences" / "2021-0001.md").unlink()
    assert [m.file for m in find_mismatches(session, content)] == ["licences/2021-0001.md"]


def test_a_draft_licence_has_its_clock_on_the_dashboard(session, township) -> None:
    from admin.store.dashboard import _candidates

    make_licence(session, township, state=vocab.STATE_DRAFT)
    found = [(d, c) for d, _, c in _candidates(session, dt.date(2021, 1, 1)) if d == "licences"]
    assert len(found) == 1
    clock = found[0][1][0]
    assert clock.name == "行政许可决定公示" and clock.length == 7 and clock.start == DECIDED
