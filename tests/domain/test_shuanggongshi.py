"""The 双公示 column format: headers, cells, exact 万元, formula neutralising, row ↔ fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from admin.domain import shuanggongshi as sgs
from admin.domain.vocab import PROCEDURE_ORDINARY, PROCEDURE_SUMMARY


def org_row(**overrides: object) -> dict[str, object]:
    row: dict[str, object] = {
        "行政相对人名称": "中宁县某某商贸有限公司",
        "行政相对人类别": "法人及非法人组织",
        "行政相对人代码_1(统一社会信用代码)": "91350100M000100Y43",
        "法定代表人": "王某",
        "行政处罚决定书文号": "中宁大战场综执罚〔2021〕15号",
        "违法行为类型": "未按规定处置建筑垃圾",
        "违法事实": "2021年4月在某村倾倒建筑垃圾。",
        "处罚依据": "《城市市容和环境卫生管理条例》第三十六条",
        "处罚类别": "警告;罚款",
        "处罚内容": "警告，并处罚款1000元",
        "罚款金额（万元）": "0.1",
        "处罚决定日期": "2021-05-10",
        "处罚机关": "中宁县大战场镇人民政府",
    }
    row.update(overrides)
    return row


def test_there_are_thirty_columns_each_mapped_to_its_own_field() -> None:
    assert len(sgs.COLUMNS) == 30
    assert len(set(sgs.COLUMN_FIELDS.values())) == 30
    assert sgs.COLUMNS[0] == "行政相对人名称"
    assert sgs.COLUMNS[-1] == "备注"


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("行政相对人代码_1(统一社会信用代码)", "行政相对人代码_1(统一社会信用代码)"),
        ("行政相对人代码_1（统一社会信用代码）", "行政相对人代码_1(统一社会信用代码)"),
        ("行政相对人代码＿１（统一社会信用代码）", "行政相对人代码_1(统一社会信用代码)"),
        ("行政相对人代码_1", "行政相对人代码_1(统一社会信用代码)"),
        ("罚款金额（万元）", "罚款金额（万元）"),
        ("罚款金额(万元)", "罚款金额（万元）"),
        ("  处罚类别 ", "处罚类别"),
        ("处罚\u3000机关", "处罚机关"),
        ("\ufeff行政相对人名称", "行政相对人名称"),
    ],
)
def test_headers_match_after_nfkc_and_trimming(header: str, column: str) -> None:
    matched, errors = sgs.match_headers([c for c in sgs.REQUIRED_COLUMNS if c != column] + [header])
    assert errors == []
    assert matched[-1] == column


@pytest.mark.parametrize(
    ("headers", "column", "reason"),
    [
        (
            [*sgs.REQUIRED_COLUMNS, "罚款金额（元）"],
            "罚款金额（元）",
            "不是双公示行政处罚数据标准中的字段",
        ),
        ([*sgs.REQUIRED_COLUMNS, "处罚类别"], "处罚类别", "该列重复出现"),
        (sgs.REQUIRED_COLUMNS[1:], "行政相对人名称", "缺少此列（必填字段）"),
    ],
)
def test_bad_headers_are_named(headers: list[str], column: str, reason: str) -> None:
    _, errors = sgs.match_headers(headers)
    assert errors == [sgs.CellError(column, reason)]


def test_row_numbers_and_blank_headers_are_ignored() -> None:
    matched, errors = sgs.match_headers(["序号", *sgs.REQUIRED_COLUMNS, None, ""])
    assert errors == []
    assert matched[0] is None and matched[-2:] == [None, None]


@pytest.mark.parametrize(
    ("cell", "fen"),
    [
        ("0.0356", 35600),
        (0.0356, 35600),
        ("1", 1_000_000),
        (2, 2_000_000),
        (Decimal("0.0356"), 35600),
        ("0.000001", 1),
        (0.000001, 1),  # repr is 1e-06: the exponent must not be refused
        ("０．０３５６", 35600),
        (" 0.5 ", 500_000),
        ("", 0),
        (None, 0),
    ],
)
def test_wan_yuan_become_exact_fen(cell: object, fen: int) -> None:
    assert sgs.parse_wan_yuan(cell) == fen


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("0.0000001", "不足 1 分"),
        (0.0000001, "不足 1 分"),
        ("0.0356001", "不足 1 分"),
        ("-0.1", "不能为负数"),
        ("壹万", "不是有效的金额"),
        (True, "不是有效的金额"),
    ],
)
def test_amounts_finer_than_one_fen_or_malformed_are_refused(cell: object, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        sgs.parse_wan_yuan(cell)


def test_fen_become_exact_wan_yuan_again() -> None:
    row = sgs.record_to_row(record(fine_fen=35600, confiscation_fen=1))
    assert row[sgs.COLUMNS.index("罚款金额（万元）")] == Decimal("0.0356")
    assert row[sgs.COLUMNS.index("没收违法所得、没收非法财物的金额（万元）")] == Decimal("0.000001")


@pytest.mark.parametrize(
    ("cell", "date"),
    [
        ("2021-05-10", dt.date(2021, 5, 10)),
        (" 2021-05-10 ", dt.date(2021, 5, 10)),
        (dt.datetime(2021, 5, 10, 0, 0), dt.date(2021, 5, 10)),
        (dt.date(2021, 5, 10), dt.date(2021, 5, 10)),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_iso_text_or_spreadsheet_dates(cell: object, date: dt.date | None) -> None:
    assert sgs.parse_date(cell) == date


@pytest.mark.parametrize("cell", ["2021/05/10", "20210510", "2021-13-01", "2021-02-30", 44326])
def test_other_date_forms_are_refused(cell: object) -> None:
    with pytest.raises(ValueError, match="日期"):
        sgs.parse_date(cell)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("警告;罚款", ["警告", "罚款"]),
        ("警告；罚款", ["警告", "罚款"]),
        ("警告、罚款", ["警告", "罚款"]),
        (" 罚款 ; ", ["罚款"]),
        ("没收违法所得、没收非法财物", ["没收违法所得", "没收非法财物"]),
        ("警告、法律、行政法规规定的其他行政处罚", ["警告", "法律、行政法规规定的其他行政处罚"]),
        ("", []),
    ],
)
def test_penalty_kinds_split_on_semicolons_and_enumeration_commas(
    text: str, kinds: list[str]
) -> None:
    assert sgs.split_kinds(text) == kinds
    assert sgs.split_kinds(sgs.join_kinds(kinds)) == kinds


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+86 138", "'+86 138"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("'=already quoted", "''=already quoted"),
        ("普通文字", "普通文字"),
        ("'引号开头", "'引号开头"),
    ],
)
def test_formula_cells_are_neutralised_and_restored(text: str, exported: str) -> None:
    assert sgs.neutralise(text) == exported
    assert sgs.unneutralise(exported) == text


def test_a_valid_row_becomes_model_fields() -> None:
    fields, errors = sgs.row_to_fields(
        org_row(**{"行政相对人代码_1(统一社会信用代码)": "91350100m000100y43"})
    )
    assert errors == []
    assert fields["party_credit_code"] == "91350100M000100Y43"
    assert fields["kinds"] == ["警告", "罚款"]
    assert fields["fine_fen"] == 100_000
    assert fields["confiscation_fen"] == 0
    assert fields["decision_date"] == dt.date(2021, 5, 10)
    assert fields["validity_until"] is None
    assert fields["procedure"] == PROCEDURE_SUMMARY
    assert fields["severity"] == "一般"
    assert fields["id_number"] == ""


@pytest.mark.parametrize(
    ("overrides", "column", "reason"),
    [
        ({"违法事实": "  "}, "违法事实", "不能为空"),
        (
            {"行政相对人代码_1(统一社会信用代码)": ""},
            "行政相对人代码_1(统一社会信用代码)",
            "不能为空",
        ),
        ({"行政相对人类别": "自然人"}, "证件类型", "不能为空"),
        ({"罚款金额（万元）": "0.10000001"}, "罚款金额（万元）", "不足 1 分"),
        ({"处罚决定日期": "2021.5.10"}, "处罚决定日期", "YYYY-MM-DD"),
        ({"处罚决定日期": ""}, "处罚决定日期", "不能为空"),
        ({"公示截止期": "明年"}, "公示截止期", "YYYY-MM-DD"),
    ],
)
def test_row_errors_name_the_column(overrides: dict, column: str, reason: str) -> None:
    _, errors = sgs.row_to_fields(org_row(**overrides))
    assert [e.column for e in errors][:1] == [column]
    assert reason in errors[0].reason


def test_the_earlier_label_of_organisations_is_accepted() -> None:
    fields, errors = sgs.row_to_fields(org_row(行政相对人类别="法人及其他组织"))
    assert errors == []
    assert fields["party_kind"] == "法人及非法人组织"


@pytest.mark.parametrize(
    ("kind", "kinds", "fine", "procedure"),
    [
        ("自然人", "警告", "", PROCEDURE_SUMMARY),
        ("自然人", "罚款", "0.02", PROCEDURE_SUMMARY),
        ("自然人", "罚款", "0.020001", PROCEDURE_ORDINARY),
        ("个体工商户", "罚款", "0.02", PROCEDURE_SUMMARY),
        ("个体工商户", "罚款", "0.03", PROCEDURE_ORDINARY),
        ("法人及非法人组织", "警告;罚款", "0.3", PROCEDURE_SUMMARY),
        ("法人及非法人组织", "罚款", "0.300001", PROCEDURE_ORDINARY),
        ("法人及非法人组织", "罚款;没收违法所得", "0.01", PROCEDURE_ORDINARY),
        ("法人及非法人组织", "责令停产停业", "", PROCEDURE_ORDINARY),
    ],
)
def test_procedure_follows_from_kind_and_amount_by_article_51(
    kind: str, kinds: str, fine: str, procedure: str
) -> None:
    fields, _ = sgs.row_to_fields(
        org_row(行政相对人类别=kind, 处罚类别=kinds, **{"罚款金额（万元）": fine})
    )
    assert fields["procedure"] == procedure


def record(**overrides: object) -> SimpleNamespace:
    fields, errors = sgs.row_to_fields(org_row())
    assert errors == []
    fields.update(
        remarks="=cmd|' /C calc'!A0",
        validity_until=dt.date(2022, 5, 10),
        publicity_until=dt.date(2021, 8, 10),
    )
    fields.update(overrides)
    return SimpleNamespace(**fields)


def test_record_to_row_and_back_gives_the_same_fields() -> None:
    original = record(
        kinds=["警告", "法律、行政法规规定的其他行政处罚"], fine_fen=0, procedure=PROCEDURE_ORDINARY
    )
    row = sgs.record_to_row(original)
    assert row[sgs.COLUMNS.index("备注")] == "'=cmd|' /C calc'!A0"
    fields, errors = sgs.row_to_fields(dict(zip(sgs.COLUMNS, row, strict=True)))
    assert errors == []
    assert fields == vars(original)
