"""The public form of each record: the documented keys, nothing private, minors refused."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace as NS
from typing import Any

import pytest

from admin.domain import public_forms as pf
from admin.domain.identifiers import is_valid_credit_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TODAY = dt.date(2021, 5, 25)
COMMON = ["title", "status", "published", "updated"]


def make_id_number(born: str, seq: str = "121") -> str:
    """Build a valid test ID number (GB 11643 check digit computed here)."""
    body = "640521" + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


PARTY_ID = make_id_number("19850312")
WITNESS_ID = make_id_number("19900101", "031")
REP_ID = make_id_number("19700101", "051")
ORG_CODE = next(
    c
    for c in (make_id_number("19850312", f"{s:03d}") for s in range(1000))
    if is_valid_credit_code(c)
)
BODY = NS(slug="dzc", name="中宁县大战场镇人民政府", parent=None)
ITEM = NS(slug="land-use", name="未经批准占用耕地建房")
OFFICERS = [
    NS(name="王伟", certificate_no="13912340000"),
    NS(name="刘强", certificate_no="64052100124"),
]


def decision(**changes: Any) -> NS:
    """A natural person's penalty with every private field filled in."""
    fields = dict(
        party_kind="自然人",
        party_name="张三丰",
        party_credit_code="",
        party_reg_no="",
        party_org_code="",
        party_tax_no="",
        party_institution_no="",
        party_social_org_no="",
        legal_rep="",
        legal_rep_id_type="",
        legal_rep_id_number="",
        id_type="身份证",
        id_number=PARTY_ID,
        party_address="大战场镇石喇叭村三组15号",
        party_phone="13812345678",
        related_persons=[
            {"name": "李小明", "id_number": WITNESS_ID, "phone": "15912345678", "role": "证人"}
        ],
        decision_no="中宁大战场综执罚〔2021〕15号",
        violation_type="未经批准占用耕地建房",
        facts=(
            f"当事人张三丰（身份证号{PARTY_ID}，电话138 1234 5678，住大战场镇石喇叭村三组15号）"
            "于2021年5月10日在石喇叭村未经批准占用耕地建房。证人李小明（电话15912345678）在场，"
            "其妻马玉花称不知情。执法人员王伟、刘强现场检查，外号二狗子。"
        ),
        basis="《中华人民共和国土地管理法》第七十七条",
        kinds=["罚款"],
        content="罚款人民币2000元，张三丰应于十五日内缴纳。",
        fine_fen=200000,
        confiscation_fen=0,
        licence_info="",
        decision_date=dt.date(2021, 5, 20),
        validity_until=None,
        authority="中宁县大战场镇人民政府",
        authority_code="11640521MB1234567X",
        source_unit="",
        source_unit_code="",
        remarks="联系人李小明",
        procedure="普通程序",
        severity="一般",
        item=ITEM,
        body=BODY,
        officers=OFFICERS,
        published_on=None,
        masks={"mask": ["二狗子"], "unmask": []},
    )
    return NS(**(fields | changes))


def publish(record: NS, **options: Any) -> tuple[dict[str, Any], str]:
    return pf.penalty_form(
        record, today=TODAY, publicity_until=dt.date(2022, 5, 20), on_time=True, **options
    )


def everything(front: dict[str, Any], body: str) -> str:
    return repr(front) + body


PENALTY_KEYS = [
    *COMMON,
    "decision_no", "party_kind", "party_name", "party_credit_code", "party_reg_no",
    "party_org_code", "party_tax_no", "party_institution_no", "party_social_org_no", "legal_rep",
    "violation_type", "basis", "kinds", "content", "fine_fen", "confiscation_fen", "licence_info",
    "decision_date", "publicity_until", "authority", "authority_code", "source_unit",
    "source_unit_code", "procedure", "severity", "item", "item_name", "subject", "remarks",
    "on_time",
]  # fmt: skip


def test_a_natural_persons_penalty_keeps_nothing_private() -> None:
    front, body = publish(decision())
    assert list(front) == PENALTY_KEYS  # validity_until is empty, so left out
    assert front["party_name"] == "张某某" and front["status"] == "published"
    assert front["publicity_until"] == dt.date(2022, 5, 20) and front["on_time"] is True
    text = everything(front, body)
    for private in (PARTY_ID, WITNESS_ID, "13812345678", "1234 5678", "15912345678", "三组15号"):
        assert private not in text
    for name in ("张三丰", "李小明", "马玉花", "二狗子", "masks", "related"):
        assert name not in text
    assert "执法人员王伟、刘强现场检查" in body
    assert "［身份证号已隐去］" in body and "［住址已隐去］" in body
    assert front["content"] == "罚款人民币2000元，张某某应于十五日内缴纳。"
    assert front["remarks"] == "联系人李某某"


def test_show_full_names_shows_the_party_but_never_other_people() -> None:
    front, body = publish(decision(), site={"show_full_names": True})
    assert front["party_name"] == "张三丰" and "当事人张三丰" in body
    assert "李小明" not in body and PARTY_ID not in body


@pytest.mark.parametrize("kind", ["法人及非法人组织", "个体工商户"])
def test_organisations_keep_name_codes_and_legal_representative(kind: str) -> None:
    record = decision(
        party_kind=kind,
        party_name="中宁县张三丰养殖场",
        party_credit_code=ORG_CODE,
        party_reg_no="640521600012345",
        legal_rep="张三丰",
        legal_rep_id_number=REP_ID,
        id_number="",
        facts="当事人中宁县张三丰养殖场（法定代表人张三丰）未经批准占用耕地建房，证人李小明在场。",
    )
    front, body = publish(record)
    assert front["party_name"] == "中宁县张三丰养殖场" and front["legal_rep"] == "张三丰"
    assert front["party_credit_code"] == ORG_CODE and front["party_reg_no"] == "640521600012345"
    assert "法定代表人张三丰" in body and "李某某" in body
    assert REP_ID not in everything(front, body)


@pytest.mark.parametrize(
    ("born", "publishable"),
    [("20030520", True), ("20030521", False), ("20100101", False), ("19850312", True)],
)
def test_a_party_who_is_a_minor_on_the_decision_date_is_never_published(
    born: str, publishable: bool
) -> None:
    record = decision(id_number=make_id_number(born), facts="当事人未经批准建房。")
    if publishable:
        assert publish(record)[0]["party_name"] == "张某某"
    else:
        with pytest.raises(pf.NotPublishable, match="当事人：未成年人"):
            publish(record)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"item": NS(slug="x", name="联系 139-1234-5678")}, "执法事项"),
        ({"decision_no": f"中宁罚〔2021〕{PARTY_ID}号"}, "决定书文号"),  # refused, not masked
    ],
)
def test_a_form_still_holding_a_personal_number_is_refused(
    change: dict[str, Any], field: str
) -> None:
    with pytest.raises(pf.NotPublishable) as refused:
        publish(decision(**change))
    assert refused.value.message.startswith(f"{field}：含疑似")
    assert "不予公示" in refused.value.message


@pytest.mark.parametrize(
    ("change", "key", "published"),
    [
        (
            {"licence_info": "吊销许可证，联系13912345678"},
            "licence_info",
            "吊销许可证，联系［电话已隐去］",
        ),
        (
            {"violation_type": f"冒用{WITNESS_ID[:6]} {WITNESS_ID[6:]}身份"},
            "violation_type",
            "冒用［身份证号已隐去］身份",
        ),
        ({"licence_info": "张三丰的许可证"}, "licence_info", "张某某的许可证"),
        ({"violation_type": "王小明违法建设"}, "violation_type", "王某某违法建设"),
        ({"licence_info": "许可证持有人刘德华"}, "licence_info", "许可证持有人刘某某"),
        (
            {"content": "罚款500元，没收举报人李秀兰提及的工具"},
            "content",
            "罚款500元，没收举报人李某某提及的工具",
        ),
        ({"remarks": "群众王小明反映"}, "remarks", "群众王某某反映"),
        ({"basis": "依据房东马兰的陈述"}, "basis", "依据房东马某的陈述"),
    ],
)
def test_every_free_text_field_of_a_decision_is_masked(
    change: dict[str, Any], key: str, published: str
) -> None:
    assert publish(decision(**change))[0][key] == published


@pytest.mark.parametrize(
    ("staff_kind", "certificate", "status", "public"),
    [
        ("执法人员", "64052100123", "在岗", True),
        ("执法人员", "13912345678", "离岗", True),
        ("执法人员", "", "在岗", False),
        ("辅助人员", "", "在岗", False),
        ("辅助人员", "64052100125", "在岗", False),
    ],
)
def test_only_certified_officers_are_public(
    staff_kind: str, certificate: str, status: str, public: bool
) -> None:
    officer = NS(
        name="王伟",
        staff_kind=staff_kind,
        certificate_no=certificate,
        category="综合执法",
        area="大战场镇",
        status=status,
        id_number=PARTY_ID,
        phone="13800001111",
        body=BODY,
    )
    form = pf.officer_form(officer, today=TODAY)
    if not public:
        assert form is None
        return
    front, body = form
    assert list(front) == [
        *COMMON, "name", "certificate_no", "category", "area", "subject", "subject_name",
        "officer_status",
    ]  # fmt: skip
    assert front["officer_status"] == status and front["subject"] == "dzc" and body == ""
    assert PARTY_ID not in repr(front) and "13800001111" not in repr(front)


def subject(**changes: Any) -> NS:
    fields = dict(
        slug="dzc-zf",
        name="中宁县大战场镇人民政府",
        kind="法定行政机关",
        parent=BODY,
        credit_code=ORG_CODE,
        address="中宁县大战场镇",
        phone="0955-1234567",
        office_hours="工作日 9:00–17:00",
        legal_basis="《地方各级人民代表大会和地方各级人民政府组织法》",
        delegation_basis="宁政发〔2020〕15号",
        supervisor="中宁县司法局",
        complaint_channel="12345",
        review_body="中宁县人民政府",
        court="中宁县人民法院",
        duties="负责本行政区域内的综合行政执法工作。",
    )
    return NS(**(fields | changes))


def test_subject_form_lists_the_documented_keys() -> None:
    front, body = pf.subject_form(subject(), today=TODAY)
    assert list(front) == [
        *COMMON, "name", "kind", "parent", "credit_code", "address", "phone", "office_hours",
        "legal_basis", "delegation_basis", "supervisor", "complaint_channel", "review_body",
        "court",
    ]  # fmt: skip
    assert front["parent"] == "dzc" and front["credit_code"] == ORG_CODE
    assert body == "负责本行政区域内的综合行政执法工作。"


def test_a_subject_with_a_mobile_as_its_phone_is_refused() -> None:
    with pytest.raises(pf.NotPublishable, match="联系电话：含疑似手机号（139\\*\\*\\*\\*5678）"):
        pf.subject_form(subject(phone="13912345678"), today=TODAY)


def test_item_form_lists_the_documented_keys() -> None:
    item = NS(
        name="未经批准占用耕地建房",
        code="330217001000",
        category="行政处罚",
        body=BODY,
        legal_basis="《土地管理法》第七十七条",
        procedure="立案、调查、告知、决定",
        time_limit="90日",
        remedy="行政复议或行政诉讼",
        discretion="按面积分档",
    )
    front, body = pf.item_form(item, today=TODAY)
    assert list(front) == [
        *COMMON, "name", "code", "category", "subject", "subject_name", "legal_basis",
        "procedure", "time_limit", "remedy", "discretion",
    ]  # fmt: skip
    assert body == ""


def test_inspection_form_masks_a_natural_party_and_the_findings() -> None:
    inspection = NS(
        party_kind="自然人",
        party_name="马玉兰",
        party_credit_code="",
        party_address="大战场镇花豹湾村",
        inspected_on=dt.date(2021, 6, 1),
        item=ITEM,
        body=BODY,
        result="责令整改",
        findings="马玉兰在花豹湾村堆放杂物，其子马小龙（电话13712345678）在场。",
        follow_up="马玉兰已于6月5日清理完毕。",
        related_persons=[{"name": "马小龙", "phone": "13712345678"}],
        officers=OFFICERS,
        published_on=dt.date(2021, 6, 3),
        masks={},
    )
    front, body = pf.inspection_form(inspection, today=TODAY, on_time=False)
    assert list(front) == [
        *COMMON, "party_kind", "party_name", "party_credit_code", "inspected_on", "item",
        "item_name", "subject", "result", "follow_up", "on_time",
    ]  # fmt: skip
    assert front["party_name"] == "马某某" and front["published"] == dt.date(2021, 6, 3)
    assert front["follow_up"] == "马某某已于6月5日清理完毕。" and front["on_time"] is False
    assert body == "马某某在花豹湾村堆放杂物，其子马某某（电话［电话已隐去］）在场。"
    assert "马玉兰" not in front["title"]


def test_info_form_masks_text_maps_attachments_and_leaves_out_empty_dates() -> None:
    info = NS(
        index_no="11640521MB1234567X/2021-00001",
        title="关于2021年农村宅基地审批情况的公示",
        summary="村民马玉兰等3户宅基地审批结果",
        topic="土地管理",
        publisher="中宁县大战场镇人民政府",
        doc_no="",
        written_on=dt.date(2021, 5, 1),
        published_on=None,
        validity="有效",
        project="",
        project_stage="",
        body=BODY,
        body_md="经审核，村民马玉兰（电话13612345678）申请通过。联系人刘强。",
        attachments=[{"name": "审批表", "file": "a1b2.pdf"}],
        masks={"mask": [], "unmask": []},
    )
    front, body = pf.info_form(info, today=TODAY, on_time=True, public_names=["刘强"])
    assert list(front) == [
        *COMMON, "index_no", "summary", "topic", "publisher", "doc_no", "written_on",
        "validity", "project", "project_stage", "subject", "attachments", "on_time",
    ]  # fmt: skip
    assert (front["project"], front["project_stage"]) == ("", "")  # an ordinary item
    assert front["summary"] == "村民马某某等3户宅基地审批结果"
    assert front["attachments"] == [{"name": "审批表", "url": "a1b2.pdf"}]
    assert body == "经审核，村民马某某（电话［电话已隐去］）申请通过。联系人刘强。"


@pytest.mark.parametrize(
    ("front", "body", "refused"),
    [
        ({"party_credit_code": ORG_CODE}, "", False),
        ({"credit_code": ORG_CODE}, "", False),
        ({"title": "x"}, f"统一社会信用代码：{ORG_CODE}", False),
        ({"title": "x"}, f"代码 {ORG_CODE}", True),
        ({"party_name": ORG_CODE}, "", True),
        ({"attachments": [{"name": "电话 13912345678", "url": "a.pdf"}]}, "", True),
        ({"kinds": ["罚款", "13912345678"]}, "", True),
        ({"title": "x"}, "&#49;&#51;&#57;12345678", True),
    ],
)
def test_assert_publishable(front: dict[str, Any], body: str, refused: bool) -> None:
    if refused:
        with pytest.raises(pf.NotPublishable):
            pf.assert_publishable(front, body)
    else:
        pf.assert_publishable(front, body)


@pytest.mark.parametrize(
    ("changes", "severity"),
    [
        ({}, "一般"),
        ({"kinds": ["警告"], "fine_fen": 0}, "轻微"),
        ({"procedure": "简易程序", "kinds": ["罚款"], "fine_fen": 5000}, "轻微"),
        ({"severity": "严重"}, "严重"),
    ],
)
def test_the_published_severity_is_the_one_the_period_was_counted_by(changes, severity) -> None:
    front, _ = publish(decision(**changes))
    assert front["severity"] == severity


def inspection(**changes: Any) -> NS:
    fields = dict(
        party_kind="个体工商户",
        party_name="马记牛肉面馆",
        party_credit_code="",
        party_address="",
        inspected_on=dt.date(2021, 6, 1),
        item=ITEM,
        body=BODY,
        result="合格",
        findings="证照齐全。",
        follow_up="",
        related_persons=[],
        officers=OFFICERS,
        published_on=None,
        masks={},
    )
    return NS(**(fields | changes))


def info_item(**changes: Any) -> NS:
    fields = dict(
        index_no="11640521MB1234567X/2021-00002",
        title="关于春灌工作的通知",
        summary="",
        topic="农业农村",
        publisher="中宁县大战场镇人民政府",
        doc_no="大战场镇发〔2021〕3号",
        written_on=dt.date(2021, 5, 1),
        published_on=None,
        validity="有效",
        project="",
        project_stage="",
        body=BODY,
        body_md="各村做好春灌准备。",
        attachments=[],
        masks={},
    )
    return NS(**(fields | changes))


@pytest.mark.parametrize(
    ("field", "written", "published"),
    [
        ("result", "责令店主马小花整改", "责令店主马某某整改"),
        (
            "findings",
            "现场负责人纳福贵陪同检查，店长 哈文俊在场。",
            "现场负责人纳某某陪同检查，店长 哈某某在场。",
        ),
        ("follow_up", "房东虎生林已于次日清理。", "房东虎某某已于次日清理。"),
    ],
)
def test_every_text_field_of_an_inspection_is_masked(
    field: str, written: str, published: str
) -> None:
    front, body = pf.inspection_form(inspection(**{field: written}), today=TODAY, on_time=True)
    assert (body if field == "findings" else front[field]) == published


@pytest.mark.parametrize(
    ("field", "written", "published"),
    [
        ("summary", "举报人李秀兰反映的问题已办结", "举报人李某某反映的问题已办结"),
        (
            "body_md",
            "群众王小明反映，村民马得福家门前积水。",
            "群众王某某反映，村民马某某家门前积水。",
        ),
    ],
)
def test_an_information_items_texts_are_masked(field: str, written: str, published: str) -> None:
    front, body = pf.info_form(info_item(**{field: written}), today=TODAY, on_time=True)
    assert (body if field == "body_md" else front[field]) == published


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "关于举报人李秀兰反映问题的答复"}, "标题：含疑似人名（李某某）"),
        ({"doc_no": "大战场镇发〔2021〕13912345678号"}, "文号：含疑似手机号"),
        (
            {"attachments": [{"name": "村民王小明的申请书", "file": "a.pdf"}]},
            "附件：含疑似人名（王某某）",
        ),
        (
            {"project": "村民王小明承包地道路工程", "project_stage": "施工有关信息"},
            "项目名称：含疑似人名（王某某）",
        ),
    ],
)
def test_an_information_title_or_number_that_would_be_masked_is_refused(
    change: dict[str, Any], message: str
) -> None:
    with pytest.raises(pf.NotPublishable, match=re.escape(message)):
        pf.info_form(info_item(**change), today=TODAY, on_time=True)


def test_catalogue_text_is_masked_but_officials_stay_public() -> None:
    item = NS(
        name="占道经营",
        code="1",
        category="行政处罚",
        body=BODY,
        legal_basis="《城市市容和环境卫生管理条例》第三十六条",
        procedure="由负责人王伟审批；举报人李秀兰的线索由联系人纳福贵登记",
        time_limit="",
        remedy="",
        discretion="",
    )
    front, _ = pf.item_form(item, today=TODAY, public_names=["王伟"])
    assert front["procedure"] == "由负责人王伟审批；举报人李某某的线索由联系人纳某某登记"
    assert front["legal_basis"] == item.legal_basis


@pytest.mark.parametrize(
    ("field", "written", "published"),
    [
        ("duties", "受理举报人李秀兰等群众的投诉。", "受理举报人李某某等群众的投诉。"),
        ("complaint_channel", "12345，或联系网格员马小花", "12345，或联系网格员马某某"),
        ("supervisor", "中宁县司法局（联系人纳福贵）", "中宁县司法局（联系人纳某某）"),
    ],
)
def test_an_enforcement_subjects_texts_are_masked(field: str, written: str, published: str) -> None:
    front, body = pf.subject_form(subject(**{field: written}), today=TODAY)
    assert (body if field == "duties" else front[field]) == published


def test_an_officers_free_text_is_masked_and_the_officer_kept() -> None:
    officer = NS(
        name="马建军",
        staff_kind="执法人员",
        certificate_no="64052100123",
        category="综合执法",
        area="大战场镇（协管员纳福贵陪同）",
        body=BODY,
        status="在岗",
        published_on=None,
    )
    front, _ = pf.officer_form(officer, today=TODAY)
    assert front["name"] == "马建军" and front["area"] == "大战场镇（协管员纳某某陪同）"


def test_an_organisations_own_registration_number_stays_in_its_text_and_nothing_else() -> None:
    """Found by bench/leak_attack.py: publish masks a 15-digit number after a registration
    label unless it is the party's own, valid code; an owner's ID number entered as a
    个体工商户's 税务登记号 is no code, so publish refuses it as the build's guard would."""
    from stdnum.iso7064 import mod_11_10

    reg_no = next(n for n in (f"64052185031212{d}" for d in "0123456789") if mod_11_10.is_valid(n))
    other = next(n for n in (f"64052176051154{d}" for d in "0123456789") if mod_11_10.is_valid(n))
    facts = f"当事人（工商注册号：{reg_no}）的雇工（旧身份证，工商注册号：{other}）在场。"
    record = decision(party_kind="个体工商户", party_name="中宁县某某便利店", party_reg_no=reg_no)
    front, body = publish(_with(record, facts=facts))
    assert front["party_reg_no"] == reg_no
    assert reg_no in body and other not in body
    with pytest.raises(pf.NotPublishable, match="身份证号"):
        publish(_with(record, party_tax_no=PARTY_ID))


def _with(record: NS, **changes: Any) -> NS:
    return NS(**{**vars(record), **changes})
