"""Domain validation: one valid baseline per record type, then one row per rule.

Each row changes the baseline so that exactly one rule breaks, and names the field and
the exact Chinese message the user sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from admin.domain.decision_no import (
    DecisionNo,
    normalise_decision_no,
    parse_decision_no,
    suggest_next_decision_no,
)
from admin.domain.fieldcheck import FieldError
from admin.domain.fields import FIELD_LABELS, MAX_LENGTHS
from admin.domain.validation import (
    validate_info_item,
    validate_inspection,
    validate_item,
    validate_officer,
    validate_penalty,
    validate_subject,
)
from admin.models import Body, EnforcementItem, InfoItem, Inspection, Officer, PenaltyDecision

TODAY = dt.date(2026, 11, 1)
COMPANY_CODE = "91640521MA76000A1Y"
SOLE_TRADER_CODE = "92640521MA76AB123C"
TOWNSHIP_CODE = "11640521MB1700001C"
ID_NUMBER = "64052119850315121X"


@dataclass
class Person:
    """Stands in for an Officer row: the validator reads only these attributes."""

    name: str
    is_certified: bool
    certificate_no: str = ""


TWO_OFFICERS = [Person("马德华", True, "64052100001"), Person("李明", True, "64052100002")]

COMPANY: dict[str, Any] = {
    "party_kind": "法人及非法人组织",
    "party_name": "中宁县宏达商贸有限公司",
    "party_credit_code": COMPANY_CODE,
    "legal_rep": "王建国",
    "decision_no": "中宁大战场综执罚〔2026〕3号",
    "violation_type": "擅自占用城市道路经营",
    "facts": "当事人在大战场镇区主街占道堆放货物经营。",
    "basis": "《城市市容和环境卫生管理条例》第三十六条",
    "kinds": ["警告", "罚款"],
    "content": "警告，罚款人民币伍佰元整",
    "fine_fen": 500_00,
    "confiscation_fen": 0,
    "licence_info": "",
    "decision_date": dt.date(2026, 3, 2),
    "filed_date": dt.date(2026, 2, 20),
    "publicity_until": dt.date(2027, 3, 2),
    "authority": "中宁县大战场镇人民政府",
    "authority_code": TOWNSHIP_CODE,
    "source_unit": "中宁县大战场镇人民政府",
    "source_unit_code": TOWNSHIP_CODE,
    "procedure": "普通程序",
    "severity": "一般",
}
PERSON = COMPANY | {
    "party_kind": "自然人",
    "party_name": "马某某",
    "party_credit_code": "",
    "legal_rep": "",
    "id_type": "身份证",
    "id_number": ID_NUMBER,
    "party_phone": "13812345678",
}
SOLE_TRADER = COMPANY | {
    "party_kind": "个体工商户",
    "party_name": "大战场镇某某农资店",
    "party_credit_code": SOLE_TRADER_CODE,
}
SUMMARY = PERSON | {"procedure": "简易程序", "kinds": ["罚款"], "fine_fen": 200_00}


def penalty_errors(fields: dict[str, Any], **context: Any) -> list[FieldError]:
    context.setdefault("officers", TWO_OFFICERS)
    return validate_penalty(fields, today=TODAY, **context)


def expect(record: str, field: str, message: str) -> list[FieldError]:
    return [FieldError(field, FIELD_LABELS[record][field], message)]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(COMPANY, id="company"),
        pytest.param(PERSON, id="natural person"),
        pytest.param(SOLE_TRADER, id="sole trader"),
        pytest.param(SOLE_TRADER | {"party_credit_code": ""}, id="sole trader without code"),
        pytest.param(SUMMARY, id="summary: 200 yuan to a person"),
        pytest.param(SUMMARY | {"kinds": ["警告"], "fine_fen": 0}, id="summary: warning"),
        pytest.param(
            COMPANY | {"procedure": "简易程序", "fine_fen": 3_000_00}, id="summary: 3000 to a firm"
        ),
        pytest.param(PERSON | {"id_number": "640521850315121"}, id="legacy 15-digit ID"),
        pytest.param(PERSON | {"id_number": "64052119850315121x"}, id="lowercase x"),
        pytest.param(PERSON | {"id_type": "护照", "id_number": "E12345678"}, id="passport"),
        pytest.param(COMPANY | {"decision_date": "2026-03-02"}, id="date as ISO text"),
        pytest.param(COMPANY | {"decision_date": "２０２６－０３－０２"}, id="full-width date"),
        pytest.param(COMPANY | {"filed_date": ""}, id="no filed date"),
        pytest.param(COMPANY | {"filed_date": dt.date(2026, 3, 2)}, id="filed on decision day"),
        pytest.param(COMPANY | {"decision_date": TODAY, "decision_no": "X〔2026〕1号"}, id="today"),
        pytest.param(
            COMPANY
            | {
                "kinds": ["没收违法所得", "吊销许可证件"],
                "fine_fen": 0,
                "confiscation_fen": 1_200_00,
                "licence_info": "食品经营许可证 JY16405210000001",
            },
            id="confiscation and licence",
        ),
        pytest.param(COMPANY | {"kinds": ["法律、行政法规规定的其他行政处罚"], "fine_fen": 0}),
        pytest.param({k: v for k, v in COMPANY.items() if k != "severity"}, id="default severity"),
    ],
)
def test_valid_penalties_pass(fields: dict[str, Any]) -> None:
    assert penalty_errors(fields) == []


PENALTY_RULES = [
    *(
        pytest.param(COMPANY | {field: empty}, field, f"{label}：不能为空", id=f"{field} required")
        for field, label, empty in [
            ("party_kind", "行政相对人类别", ""),
            ("party_name", "行政相对人名称", "  "),
            ("decision_no", "行政处罚决定书文号", ""),
            ("violation_type", "违法行为类型", ""),
            ("facts", "违法事实", "\n"),
            ("basis", "处罚依据", ""),
            ("kinds", "处罚类别", []),
            ("content", "处罚内容", ""),
            ("decision_date", "处罚决定日期", None),
            ("authority", "处罚机关", ""),
            ("procedure", "适用程序", ""),
        ]
    ),
    (
        COMPANY | {"party_kind": "公民"},
        "party_kind",
        "行政相对人类别：「公民」不是可选的值，应为：法人及非法人组织、自然人、个体工商户",
    ),
    (
        COMPANY | {"party_credit_code": ""},
        "party_credit_code",
        "统一社会信用代码：法人及非法人组织必须填写",
    ),
    (
        COMPANY | {"party_credit_code": "91640521MA76000A1X"},
        "party_credit_code",
        "统一社会信用代码：校验位不正确，请核对（GB 32100）",
    ),
    (
        COMPANY | {"party_credit_code": "91640521MA76000A1"},
        "party_credit_code",
        "统一社会信用代码：应为 18 位，现有 17 位",
    ),
    (
        COMPANY | {"party_credit_code": "91640521MA76000I1Y"},
        "party_credit_code",
        "统一社会信用代码：含有不允许的字符「I」（统一社会信用代码不使用 I、O、S、V、Z）",
    ),
    (
        COMPANY | {"party_credit_code": "9164A521MA76000A1T"},
        "party_credit_code",
        "统一社会信用代码：第 3–8 位（行政区划码）应为数字",
    ),
    (
        SOLE_TRADER | {"party_credit_code": "92640521MA76AB1230"},
        "party_credit_code",
        "统一社会信用代码：校验位不正确，请核对（GB 32100）",
    ),
    (
        COMPANY | {"authority_code": "11640521MB1700001D"},
        "authority_code",
        "处罚机关统一社会信用代码：校验位不正确，请核对（GB 32100）",
    ),
    (
        COMPANY | {"source_unit_code": "11640521MB170000"},
        "source_unit_code",
        "数据来源单位统一社会信用代码：应为 18 位，现有 16 位",
    ),
    (PERSON | {"id_type": ""}, "id_type", "证件类型：自然人必须填写"),
    (PERSON | {"id_number": ""}, "id_number", "证件号码：自然人必须填写"),
    (
        PERSON | {"id_type": "驾驶证"},
        "id_type",
        "证件类型：「驾驶证」不是可选的值，应为：身份证、护照、港澳居民来往内地通行证、"
        "台湾居民来往大陆通行证、其他",
    ),
    (
        PERSON | {"id_number": "640521198503151228"[:-1] + "9"},
        "id_number",
        "证件号码：校验位不正确，请核对（GB 11643）",
    ),
    (
        PERSON | {"id_number": "6405211985031512"},
        "id_number",
        "证件号码：身份证号码应为 18 位（或 15 位旧号码），现有 16 位",
    ),
    (
        PERSON | {"id_number": "64052119850315121A"},
        "id_number",
        "证件号码：身份证号码应为 17 位数字加一位数字或 X",
    ),
    (
        PERSON | {"id_number": "99052119850315121X"},
        "id_number",
        "证件号码：前两位不是有效的省级行政区划代码",
    ),
    (
        PERSON | {"id_number": "640521198502301220"},
        "id_number",
        "证件号码：第 7–14 位不是有效的出生日期",
    ),
    (PERSON | {"id_number": "640521202701010011"}, "id_number", "证件号码：出生日期晚于今天"),
    (
        PERSON | {"id_number": "640521851315121"},
        "id_number",
        "证件号码：15 位旧身份证号码格式不正确",
    ),
    (
        COMPANY | {"legal_rep_id_number": ID_NUMBER},
        "legal_rep_id_type",
        "法定代表人证件类型：填写了证件号码时必须填写",
    ),
    (
        COMPANY | {"legal_rep_id_type": "身份证", "legal_rep_id_number": "64052119850315121Y"},
        "legal_rep_id_number",
        "法定代表人证件号码：身份证号码应为 17 位数字加一位数字或 X",
    ),
    (
        PERSON | {"party_phone": "12345"},
        "party_phone",
        "联系电话：不是有效的手机号码或固定电话号码",
    ),
    (
        COMPANY | {"kinds": ["罚金"]},
        "kinds",
        "处罚类别：罚金是刑罚，不是行政处罚（刑法第三十四条、行政处罚法第九条）",
    ),
    (
        COMPANY | {"kinds": ["罚款", "罚金", "没收财产"]},
        "kinds",
        "处罚类别：罚金、没收财产是刑罚，不是行政处罚（刑法第三十四条、行政处罚法第九条）",
    ),
    (
        COMPANY | {"kinds": ["罚款", "罚没"]},
        "kinds",
        "处罚类别：「罚没」不是法定的行政处罚种类（行政处罚法第九条）",
    ),
    (COMPANY | {"kinds": ["罚款", "罚款"]}, "kinds", "处罚类别：「罚款」重复"),
    (
        PERSON | {"kinds": ["行政拘留"], "fine_fen": 0},
        "kinds",
        "处罚类别：行政拘留只能由公安机关决定，乡镇人民政府不能作出（行政处罚法第十八条）",
    ),
    (COMPANY | {"kinds": "罚款"}, "kinds", "处罚类别：应为处罚种类的列表"),
    (
        COMPANY | {"fine_fen": 0},
        "fine_fen",
        "罚款金额：处罚类别含罚款，罚款金额必须大于 0",
    ),
    (
        COMPANY | {"kinds": ["警告"]},
        "fine_fen",
        "罚款金额：处罚类别不含罚款，罚款金额应为 0",
    ),
    (COMPANY | {"fine_fen": -1}, "fine_fen", "罚款金额：不能为负数"),
    (COMPANY | {"fine_fen": "500"}, "fine_fen", "罚款金额：应为以分为单位的整数"),
    (COMPANY | {"fine_fen": 500.0}, "fine_fen", "罚款金额：应为以分为单位的整数"),
    (COMPANY | {"fine_fen": True}, "fine_fen", "罚款金额：应为以分为单位的整数"),
    (COMPANY | {"fine_fen": 2**63}, "fine_fen", "罚款金额：超出可记录的范围"),
    (
        COMPANY | {"confiscation_fen": -100},
        "confiscation_fen",
        "没收违法所得、没收非法财物的金额：不能为负数",
    ),
    (
        COMPANY | {"confiscation_fen": 100},
        "confiscation_fen",
        "没收违法所得、没收非法财物的金额：处罚类别不含没收违法所得或没收非法财物，金额应为 0",
    ),
    (
        COMPANY | {"kinds": ["暂扣许可证件"], "fine_fen": 0},
        "licence_info",
        "暂扣或吊销证照名称及编号：处罚类别含暂扣或吊销许可证件时必须填写",
    ),
    (
        COMPANY | {"procedure": "一般程序"},
        "procedure",
        "适用程序：「一般程序」不是可选的值，应为：简易程序、普通程序",
    ),
    (
        SUMMARY | {"kinds": ["罚款", "没收违法所得", "责令停产停业"], "confiscation_fen": 100},
        "procedure",
        "适用程序：简易程序只适用于警告、罚款（行政处罚法第五十一条），"
        "不适用于没收违法所得、责令停产停业",
    ),
    (
        SUMMARY | {"fine_fen": 200_01},
        "procedure",
        "适用程序：简易程序对自然人的罚款不得超过 200 元（行政处罚法第五十一条），"
        "本案罚款 200.01 元，应适用普通程序",
    ),
    (
        SOLE_TRADER | {"procedure": "简易程序", "fine_fen": 201_00},
        "procedure",
        "适用程序：简易程序对个体工商户的罚款不得超过 200 元（行政处罚法第五十一条），"
        "本案罚款 201.00 元，应适用普通程序",
    ),
    (
        COMPANY | {"procedure": "简易程序", "fine_fen": 3_000_01},
        "procedure",
        "适用程序：简易程序对法人或者其他组织的罚款不得超过 3000 元（行政处罚法第五十一条），"
        "本案罚款 3000.01 元，应适用普通程序",
    ),
    (
        COMPANY | {"decision_date": dt.date(2026, 11, 2)},
        "decision_date",
        "处罚决定日期：不能晚于今天",
    ),
    (COMPANY | {"filed_date": dt.date(2026, 11, 2)}, "filed_date", "立案日期：不能晚于今天"),
    (
        COMPANY | {"filed_date": dt.date(2026, 3, 3)},
        "filed_date",
        "立案日期：不能晚于处罚决定日期",
    ),
    (
        COMPANY | {"decision_date": "2026-02-30"},
        "decision_date",
        "处罚决定日期：「2026-02-30」不是有效的日期（应为 YYYY-MM-DD）",
    ),
    (
        COMPANY | {"filed_date": "2026-W09-5"},
        "filed_date",
        "立案日期：「2026-W09-5」不是有效的日期（应为 YYYY-MM-DD）",
    ),
    (
        COMPANY | {"filed_date": "20260220"},
        "filed_date",
        "立案日期：「20260220」不是有效的日期（应为 YYYY-MM-DD）",
    ),
    (COMPANY | {"decision_date": "  "}, "decision_date", "处罚决定日期：不能为空"),
    (
        COMPANY | {"party_kind": " 法人及非法人组织"},
        "party_kind",
        "行政相对人类别：「 法人及非法人组织」不是可选的值，"
        "应为：法人及非法人组织、自然人、个体工商户",
    ),
    (
        COMPANY | {"filed_date": 20260220},
        "filed_date",
        "立案日期：「20260220」不是有效的日期（应为 YYYY-MM-DD）",
    ),
    (
        COMPANY | {"publicity_until": dt.date(2026, 3, 2)},
        "publicity_until",
        "公示截止期：必须晚于处罚决定日期",
    ),
    (
        COMPANY | {"validity_until": dt.date(2026, 1, 2)},
        "validity_until",
        "处罚有效期：必须晚于处罚决定日期",
    ),
    (
        COMPANY | {"decision_no": "中宁大战场综执罚2026-3"},
        "decision_no",
        "行政处罚决定书文号：格式应为「机关代字〔年份〕N号」，例如 中宁大战场综执罚〔2021〕15号",
    ),
    (
        COMPANY | {"decision_no": "中宁大战场综执罚〔2026〕0号"},
        "decision_no",
        "行政处罚决定书文号：格式应为「机关代字〔年份〕N号」，例如 中宁大战场综执罚〔2021〕15号",
    ),
    (
        COMPANY | {"decision_no": "中宁大战场综执罚〔2026]3号"},
        "decision_no",
        "行政处罚决定书文号：格式应为「机关代字〔年份〕N号」，例如 中宁大战场综执罚〔2021〕15号",
    ),
    (
        COMPANY | {"decision_no": "中宁大战场综执罚〔2025〕3号"},
        "decision_no",
        "行政处罚决定书文号：文号年份 2025 与处罚决定日期的年份 2026 不一致",
    ),
    (
        COMPANY | {"severity": "很严重"},
        "severity",
        "严重程度：「很严重」不是可选的值，应为：轻微、一般、严重",
    ),
    (COMPANY | {"severity": ""}, "severity", "严重程度：不能为空"),
    (
        COMPANY | {"party_name": "某" * 201},
        "party_name",
        "行政相对人名称：不能超过 200 个字符（现有 201 个）",
    ),
    (
        COMPANY | {"decision_no": "中宁大战场综执罚〔2026〕3号" + " " * 90},
        "decision_no",
        "行政处罚决定书文号：不能超过 100 个字符（现有 106 个）",
    ),
]


@pytest.mark.parametrize(("fields", "field", "message"), PENALTY_RULES)
def test_penalty_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert penalty_errors(fields) == expect("penalty", field, message)


ONE_OFFICER = "执法人员：普通程序须由两名以上持证执法人员办理（行政处罚法第四十二条），"


@pytest.mark.parametrize(
    ("officers", "message"),
    [
        ([], ONE_OFFICER + "现有持证执法人员 0 名"),
        (TWO_OFFICERS[:1], ONE_OFFICER + "现有持证执法人员 1 名"),
        (
            [TWO_OFFICERS[0], Person("杨辅", False), Person("周辅", False)],
            ONE_OFFICER + "现有持证执法人员 1 名；杨辅、周辅 无执法证",
        ),
        ([TWO_OFFICERS[0], TWO_OFFICERS[0]], ONE_OFFICER + "现有持证执法人员 1 名"),
    ],
)
def test_ordinary_procedure_needs_two_certified_officers(
    officers: list[Person], message: str
) -> None:
    assert penalty_errors(COMPANY, officers=officers) == expect("penalty", "officers", message)


@pytest.mark.parametrize(
    ("fields", "context"),
    [
        (COMPANY, {"officers": None}),  # the source names no officers
        (COMPANY, {"officers": TWO_OFFICERS[:1], "imported": True}),
        (SUMMARY, {"officers": TWO_OFFICERS[:1]}),
        # Two colleagues of the same name are two officers: their certificates differ.
        (COMPANY, {"officers": [Person("李明", True, "1"), Person("李明", True, "2")]}),
        (PERSON | {"kinds": ["行政拘留"], "fine_fen": 0}, {"township": False}),
    ],
)
def test_context_relaxes_rules(fields: dict[str, Any], context: dict[str, Any]) -> None:
    assert penalty_errors(fields, **context) == []


def test_every_message_starts_with_its_label() -> None:
    errors = penalty_errors(
        {"party_kind": "自然人", "kinds": ["罚金"], "fine_fen": -5, "id_number": "1"},
        officers=[],
    )
    assert len(errors) > 10
    assert len({error.field for error in errors}) == len(errors)
    for error in errors:
        assert error.message.startswith(f"{error.label}：")
        assert error.label == FIELD_LABELS["penalty"][error.field]
        assert str(error) == error.message


@pytest.mark.parametrize(
    "text",
    [
        "中宁大战场综执罚〔2026〕15号",
        "中宁大战场综执罚[2026]15号",
        "中宁大战场综执罚［2026］15号",
        "中宁大战场综执罚(2026)15号",
        "中宁大战场综执罚（2026）15号",
        "中宁大战场综执罚【2026】15号",
        "中宁大战场综执罚﹝2026﹞15号",
        " 中宁大战场综执罚〔２０２６〕１５号 ",
    ],
)
def test_decision_number_bracket_variants(text: str) -> None:
    assert parse_decision_no(text) == DecisionNo("中宁大战场综执罚", 2026, 15)
    assert normalise_decision_no(text) == "中宁大战场综执罚〔2026〕15号"
    assert penalty_errors(COMPANY | {"decision_no": text, "decision_date": TODAY}) == []


@pytest.mark.parametrize(
    ("text", "normalised", "parsed"),
    [
        (
            "宁中罚决字［2021］第015号",
            "宁中罚决字〔2021〕第015号",
            DecisionNo("宁中罚决字", 2021, 15),
        ),
        ("〔2021〕15号", "〔2021〕15号", None),  # no 机关代字
        ("中宁罚〔21〕15号", "中宁罚〔21〕15号", None),  # the year is written in full
        ("中宁罚〔2021〕15", "中宁罚〔2021〕15", None),
        ("中宁 罚〔2021〕15号", "中宁 罚〔2021〕15号", None),
    ],
)
def test_parse_and_normalise_decision_numbers(
    text: str, normalised: str, parsed: DecisionNo | None
) -> None:
    assert normalise_decision_no(text) == normalised
    assert parse_decision_no(text) == parsed


PREFIX = "中宁大战场综执罚"


@pytest.mark.parametrize(
    ("taken", "suggested"),
    [
        ([], "中宁大战场综执罚〔2026〕1号"),
        ([1, 2, 15], "中宁大战场综执罚〔2026〕16号"),
        ([1, 2, 5], "中宁大战场综执罚〔2026〕6号"),  # gaps are never refilled
        (["中宁大战场综执罚〔2026〕15号", "中宁大战场综执罚[2026]第7号"], PREFIX + "〔2026〕16号"),
        (
            ["中宁大战场综执罚〔2025〕99号", "中宁综执罚〔2026〕40号", "坏文号"],
            PREFIX + "〔2026〕1号",
        ),
    ],
)
def test_suggest_next_decision_no(taken: list[int | str], suggested: str) -> None:
    assert suggest_next_decision_no(PREFIX, 2026, taken) == suggested


def test_suggest_next_decision_no_needs_a_prefix() -> None:
    with pytest.raises(ValueError, match="文号机关代字：不能为空"):
        suggest_next_decision_no(" ", 2026, [])


INSPECTION: dict[str, Any] = {
    "party_kind": "法人及非法人组织",
    "party_name": "中宁县宏达商贸有限公司",
    "party_credit_code": COMPANY_CODE,
    "inspected_on": dt.date(2026, 5, 12),
    "result": "合格",
    "findings": "经营场所消防通道畅通。",
}


def test_valid_inspections_pass() -> None:
    assert validate_inspection(INSPECTION, today=TODAY, officers=TWO_OFFICERS) == []
    person = INSPECTION | {"party_kind": "自然人", "party_credit_code": "", "result": "其他"}
    assert validate_inspection(person, today=TODAY) == []
    rectify = INSPECTION | {"result": "责令整改", "follow_up": "限 7 日内清理通道"}
    assert validate_inspection(rectify, today=TODAY) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (INSPECTION | {"party_kind": ""}, "party_kind", "被检查对象类别：不能为空"),
        (INSPECTION | {"party_name": ""}, "party_name", "被检查对象名称：不能为空"),
        (INSPECTION | {"inspected_on": None}, "inspected_on", "检查日期：不能为空"),
        (INSPECTION | {"result": ""}, "result", "检查结果：不能为空"),
        (
            INSPECTION | {"party_kind": "企业"},
            "party_kind",
            "被检查对象类别：「企业」不是可选的值，应为：法人及非法人组织、自然人、个体工商户",
        ),
        (
            INSPECTION | {"party_credit_code": "91640521MA76000A1Z"},
            "party_credit_code",
            "统一社会信用代码：含有不允许的字符「Z」（统一社会信用代码不使用 I、O、S、V、Z）",
        ),
        (
            INSPECTION | {"inspected_on": dt.date(2026, 11, 2)},
            "inspected_on",
            "检查日期：不能晚于今天",
        ),
        (
            INSPECTION | {"result": "不合格"},
            "result",
            "检查结果：「不合格」不是可选的值，应为：合格、责令整改、立案查处、其他",
        ),
        (
            INSPECTION | {"result": "责令整改"},
            "follow_up",
            "后续处理：检查结果为责令整改时必须填写",
        ),
        (
            INSPECTION | {"result": "立案查处", "follow_up": " "},
            "follow_up",
            "后续处理：检查结果为立案查处时必须填写",
        ),
    ],
)
def test_inspection_rules(fields: dict[str, Any], field: str, message: str) -> None:
    errors = validate_inspection(fields, today=TODAY, officers=TWO_OFFICERS)
    assert errors == expect("inspection", field, message)


def test_inspection_needs_two_certified_officers() -> None:
    errors = validate_inspection(INSPECTION, today=TODAY, officers=[Person("杨辅", False)])
    message = "执法人员：行政检查须由两名以上持证执法人员实施，现有持证执法人员 0 名；杨辅 无执法证"
    assert errors == expect("inspection", "officers", message)


INFO: dict[str, Any] = {
    "index_no": f"{TOWNSHIP_CODE}/2026-00012",
    "title": "大战场镇2026年高标准农田建设项目实施方案",
    "summary": "项目范围、资金安排和实施进度。",
    "topic": "农田水利",
    "publisher": "中宁县大战场镇人民政府",
    "doc_no": "大战场政发〔2026〕8号",
    "written_on": dt.date(2026, 4, 1),
    "published_on": dt.date(2026, 4, 3),
    "validity": "有效",
}


@pytest.mark.parametrize(
    "fields",
    [
        INFO,
        INFO | {"index_no": "11640521mb1700001c/2026-00012"},
        INFO | {"index_no": f"{TOWNSHIP_CODE}／2026－00012"},
        INFO | {"written_on": dt.date(2026, 4, 3), "published_on": None, "doc_no": ""},
        {k: v for k, v in INFO.items() if k != "validity"},
    ],
)
def test_valid_info_items_pass(fields: dict[str, Any]) -> None:
    assert validate_info_item(fields, today=TODAY) == []


INDEX_SHAPE = "索引号：格式应为 统一社会信用代码/年份-五位序号，例如 …/2021-00001"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (INFO | {"index_no": ""}, "index_no", "索引号：不能为空"),
        (INFO | {"title": ""}, "title", "标题：不能为空"),
        (INFO | {"topic": ""}, "topic", "主题分类：不能为空"),
        (INFO | {"publisher": ""}, "publisher", "发布机构：不能为空"),
        (INFO | {"index_no": f"{TOWNSHIP_CODE}-2026-00012"}, "index_no", INDEX_SHAPE),
        (INFO | {"index_no": f"{TOWNSHIP_CODE}/2026-0012"}, "index_no", INDEX_SHAPE),
        (INFO | {"index_no": "2026-00012"}, "index_no", INDEX_SHAPE),
        (
            INFO | {"index_no": "11640521MB1700001D/2026-00012"},
            "index_no",
            "索引号：前 18 位校验位不正确，请核对（GB 32100）",
        ),
        (
            INFO | {"index_no": "11640521MB1700001O/2026-00012"},
            "index_no",
            "索引号：前 18 位含有不允许的字符「O」（统一社会信用代码不使用 I、O、S、V、Z）",
        ),
        (
            INFO | {"index_no": f"{TOWNSHIP_CODE}/2027-00001"},
            "index_no",
            "索引号：年份 2027 晚于今年",
        ),
        (
            INFO | {"index_no": f"{TOWNSHIP_CODE}/2026-00000"},
            "index_no",
            "索引号：序号应从 00001 开始",
        ),
        (
            INFO | {"topic": "其他"},
            "topic",
            "主题分类：「其他」不是可选的值，应为：机构职能、政策文件、规划计划、财政预决算、"
            "行政执法、社会救助、乡村振兴、农田水利、土地管理、应急管理、人事信息、公共服务",
        ),
        (
            INFO | {"validity": "作废"},
            "validity",
            "有效性：「作废」不是可选的值，应为：有效、失效、废止",
        ),
        (INFO | {"validity": ""}, "validity", "有效性：不能为空"),
        (
            INFO | {"written_on": dt.date(2026, 11, 2), "published_on": None},
            "written_on",
            "成文日期：不能晚于今天",
        ),
        (
            INFO | {"published_on": dt.date(2026, 11, 2)},
            "published_on",
            "发布日期：不能晚于今天",
        ),
        (
            INFO | {"published_on": dt.date(2026, 3, 31)},
            "published_on",
            "发布日期：不能早于成文日期",
        ),
        (INFO | {"title": "标" * 301}, "title", "标题：不能超过 300 个字符（现有 301 个）"),
    ],
)
def test_info_item_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert validate_info_item(fields, today=TODAY) == expect("info", field, message)


OFFICER: dict[str, Any] = {
    "name": "马德华",
    "staff_kind": "执法人员",
    "certificate_no": "64052100001",
    "category": "综合行政执法",
    "area": "大战场镇",
    "status": "在岗",
    "id_number": ID_NUMBER,
    "phone": "13812345678",
}
AUXILIARY = OFFICER | {"name": "杨某", "staff_kind": "辅助人员", "certificate_no": ""}


@pytest.mark.parametrize(
    "fields",
    [
        OFFICER,
        AUXILIARY,
        OFFICER | {"id_number": "", "phone": ""},
        OFFICER | {"id_number": "640521850315121"},
        {"name": "马德华", "certificate_no": "64052100001"},  # model defaults: 执法人员, 在岗
    ],
)
def test_valid_officers_pass(fields: dict[str, Any]) -> None:
    assert validate_officer(fields, today=TODAY) == []


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138-1234-5678",
        "+86 138 1234 5678",
        "0955-7012345",
        "(0955)7012345",
        "（0955）7012345",
        "09557012345",
        "7012345",
        "0955-70123456",
        "0955-7012345-801",
        "0955-7012345转801",
    ],
)
def test_accepts_mobile_and_landline_phones(phone: str) -> None:
    assert validate_officer(OFFICER | {"phone": phone}) == []


@pytest.mark.parametrize(
    "phone", ["12345", "0955-701", "1381234567", "12812345678", "0955-0123456", "电话", "110"]
)
def test_refuses_what_is_no_phone_number(phone: str) -> None:
    message = "联系电话：不是有效的手机号码或固定电话号码"
    assert validate_officer(OFFICER | {"phone": phone}) == expect("officer", "phone", message)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (OFFICER | {"name": ""}, "name", "姓名：不能为空"),
        (
            OFFICER | {"certificate_no": ""},
            "certificate_no",
            "执法证号：执法人员必须填写（无执法证的人员请选择辅助人员）",
        ),
        (
            AUXILIARY | {"certificate_no": "64052100009"},
            "certificate_no",
            "执法证号：辅助人员不持执法证，不应填写",
        ),
        (
            OFFICER | {"staff_kind": "协管员"},
            "staff_kind",
            "人员类别：「协管员」不是可选的值，应为：执法人员、辅助人员",
        ),
        (OFFICER | {"staff_kind": ""}, "staff_kind", "人员类别：不能为空"),
        (
            OFFICER | {"status": "退休"},
            "status",
            "在岗状态：「退休」不是可选的值，应为：在岗、离岗",
        ),
        (
            OFFICER | {"id_number": "64052119850315121Y"},
            "id_number",
            "身份证号码：身份证号码应为 17 位数字加一位数字或 X",
        ),
        (
            OFFICER | {"id_number": "640521198503151229"},
            "id_number",
            "身份证号码：校验位不正确，请核对（GB 11643）",
        ),
        (
            OFFICER | {"id_number": "640521202701010011"},
            "id_number",
            "身份证号码：出生日期晚于今天",
        ),
        (OFFICER | {"name": "马" * 51}, "name", "姓名：不能超过 50 个字符（现有 51 个）"),
    ],
)
def test_officer_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert validate_officer(fields, today=TODAY) == expect("officer", field, message)


SUBJECT: dict[str, Any] = {
    "name": "中宁县大战场镇人民政府",
    "kind": "法定行政机关",
    "credit_code": TOWNSHIP_CODE,
    "decision_prefix": "中宁大战场综执罚",
}


@pytest.mark.parametrize(
    "fields",
    [
        SUBJECT,
        SUBJECT | {"decision_prefix": ""},
        SUBJECT | {"credit_code": "N2640521MF0000123H"},
        # An office that only handles cases publishes nothing in its own name.
        SUBJECT | {"credit_code": "", "is_enforcement_subject": False},
    ],
)
def test_valid_subjects_pass(fields: dict[str, Any]) -> None:
    assert validate_subject(fields) == []


PREFIX_RULE = "文号机关代字：只写机关代字，不含年份、括号、数字或空格，例如 中宁大战场综执罚"


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (SUBJECT | {"name": ""}, "name", "名称：不能为空"),
        (SUBJECT | {"kind": ""}, "kind", "主体类别：不能为空"),
        (SUBJECT | {"credit_code": ""}, "credit_code", "统一社会信用代码：不能为空"),
        (
            SUBJECT | {"kind": "事业单位"},
            "kind",
            "主体类别：「事业单位」不是可选的值，应为：法定行政机关、法律法规授权组织、受委托组织",
        ),
        (
            SUBJECT | {"credit_code": "11640521MB1700001X"},
            "credit_code",
            "统一社会信用代码：校验位不正确，请核对（GB 32100）",
        ),
        (SUBJECT | {"decision_prefix": "中宁大战场综执罚〔"}, "decision_prefix", PREFIX_RULE),
        (SUBJECT | {"decision_prefix": "中宁大战场综执罚2026"}, "decision_prefix", PREFIX_RULE),
        (SUBJECT | {"decision_prefix": "中宁 综执罚"}, "decision_prefix", PREFIX_RULE),
    ],
)
def test_subject_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert validate_subject(fields) == expect("subject", field, message)


ITEM: dict[str, Any] = {
    "name": "对擅自占用城市道路的行政处罚",
    "category": "行政处罚",
    "legal_basis": "《城市道路管理条例》第四十二条",
}


def test_valid_item_passes() -> None:
    assert validate_item(ITEM) == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (ITEM | {"name": ""}, "name", "事项名称：不能为空"),
        (ITEM | {"category": ""}, "category", "事项类别：不能为空"),
        (ITEM | {"legal_basis": " "}, "legal_basis", "法律依据：不能为空"),
        (
            ITEM | {"category": "行政确认"},
            "category",
            "事项类别：「行政确认」不是可选的值，应为：行政许可、行政处罚、行政检查、行政强制、"
            "行政征收、行政裁决、其他",
        ),
        (
            ITEM | {"time_limit": "日" * 201},
            "time_limit",
            "办理时限：不能超过 200 个字符（现有 201 个）",
        ),
    ],
)
def test_item_rules(fields: dict[str, Any], field: str, message: str) -> None:
    assert validate_item(fields) == expect("item", field, message)


MODELS = {
    "penalty": PenaltyDecision,
    "inspection": Inspection,
    "info": InfoItem,
    "officer": Officer,
    "subject": Body,
    "item": EnforcementItem,
}


@pytest.mark.parametrize(("record", "model"), MODELS.items())
def test_every_column_has_a_label_and_its_length(record: str, model: type) -> None:
    columns = model.__table__.columns
    assert {column.name for column in columns} <= set(FIELD_LABELS[record])
    lengths = {c.name: c.type.length for c in columns if isinstance(c.type, sa.String)}
    assert MAX_LENGTHS[record] == {name: size for name, size in lengths.items() if size}


@pytest.mark.parametrize("record", MODELS)
def test_labels_are_distinct_within_a_record(record: str) -> None:
    labels = list(FIELD_LABELS[record].values())
    assert len(labels) == len(set(labels))
