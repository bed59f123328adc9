"""Tables 二, 三 and 四 of the annual report from known inputs, and their cross-checks."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain import annual_report as ar

D = dt.date.fromisoformat
F = ar.RequestFacts
REQUESTS = [
    F("自然人", D("2020-12-20"), D("2021-01-08"), "予以公开"),  # carried over, done
    F("自然人", D("2020-11-02"), D("2020-11-20"), "予以公开"),  # last year's: not counted
    F("自然人", D("2021-03-01"), D("2021-03-20"), "不予公开", "属于国家秘密"),
    F("商业企业", D("2021-05-06"), D("2021-05-28"), "无法提供", "本机关不掌握相关政府信息"),
    F("商业企业", D("2021-06-01"), D("2021-06-15"), "部分公开"),
    F("法律服务机构", D("2021-12-20"), None),  # carried forward
    F("自然人", D("2021-12-28"), D("2022-01-10"), "予以公开"),  # answered next year
    F(
        "自然人",
        D("2021-04-01"),
        D("2021-04-30"),
        "其他处理",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    F("科研机构", D("2022-01-05"), None),  # next year's
]


def cells(rows: list[ar.Row], key: str) -> tuple[int, ...]:
    return next(row.cells for row in rows if row.key == key)


def test_table3_from_known_requests() -> None:
    rows = ar.compute_table3(REQUESTS, 2021)
    #                              自然人 商业 科研 公益 法律 其他 总计
    assert cells(rows, "new") == (3, 2, 0, 0, 1, 0, 6)
    assert cells(rows, "carried_over") == (1, 0, 0, 0, 0, 0, 1)
    assert cells(rows, "予以公开") == (1, 0, 0, 0, 0, 0, 1)
    assert cells(rows, "部分公开") == (0, 1, 0, 0, 0, 0, 1)
    assert cells(rows, "不予公开/属于国家秘密") == (1, 0, 0, 0, 0, 0, 1)
    assert cells(rows, "无法提供/本机关不掌握相关政府信息") == (0, 1, 0, 0, 0, 0, 1)
    lapsed = "其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    assert cells(rows, lapsed) == (1, 0, 0, 0, 0, 0, 1)
    assert cells(rows, "total") == (3, 2, 0, 0, 0, 0, 5)
    assert cells(rows, "carried_forward") == (1, 0, 0, 0, 1, 0, 2)
    assert ar.check_table3(rows) == []
    # The format's rows: 2 + 21 results + 总计 + 结转, sub-reasons numbered under their group.
    assert len(rows) == 25
    row = next(r for r in rows if r.key == "不予公开/属于国家秘密")
    assert (row.group, row.label) == ("（三）不予公开", "1.属于国家秘密")


def test_a_stated_carry_over_that_the_records_do_not_bear_fails_naming_the_cells() -> None:
    rows = ar.compute_table3(REQUESTS, 2021, carried_over=[2, 0, 0, 0, 0, 1])
    assert ar.check_table3(rows) == [
        "表三「自然人」列：本年新收 3 + 上年结转 2 ≠ 办理结果总计 3 + 结转下年度 1",
        "表三「其他」列：本年新收 0 + 上年结转 1 ≠ 办理结果总计 0 + 结转下年度 0",
        "表三「总计」列：本年新收 6 + 上年结转 3 ≠ 办理结果总计 5 + 结转下年度 2",
    ]


def test_table2_counts_normative_documents_by_their_dates() -> None:
    documents = [
        (D("2021-03-01"), None),  # issued this year, in force
        (D("2019-05-01"), D("2021-06-30")),  # repealed this year
        (D("2020-01-01"), None),  # in force
        (D("2021-02-01"), D("2022-03-01")),  # issued this year, repealed later: in force
        (D("2022-01-05"), None),  # next year's
    ]
    table = ar.compute_table2(
        documents, 2021, licensing=3, penalties=15, coercion=1, fees_fen=123456
    )
    assert table.normative == (2, 1, 3)
    assert (table.licensing, table.penalties, table.coercion) == (3, 15, 1)
    rows = ar.table2_rows(table)
    assert ["行政规范性文件", "2", "1", "3"] in rows
    assert ["行政事业性收费", "0.1235", "", ""] not in rows  # exact, never rounded
    assert ["行政事业性收费", "0.123456", "", ""] in rows


@pytest.mark.parametrize(
    ("table4", "problems"),
    [
        ([0] * 15, []),
        ([1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1], []),
        ([1, 0, 0, 0, 2] + [0] * 10, ["表四「行政复议·总计」：填报 2，应为 1"]),
        ([0] * 9 + [1] + [0, 0, 1, 0, 0], [
            "表四「行政诉讼：未经复议直接起诉·总计」：填报 1，应为 0",
            "表四「行政诉讼：复议后起诉·总计」：填报 0，应为 1",
        ]),
        ([0] * 14, ["表四：须填写 15 个非负整数"]),
        ([-1] + [0] * 14, ["表四：须填写 15 个非负整数"]),
    ],
)  # fmt: skip
def test_table4_totals(table4: list[int], problems: list[str]) -> None:
    assert ar.check_table4(table4) == problems


def test_tables_round_trip_through_front_matter_and_csv() -> None:
    table2 = ar.compute_table2([], 2021, licensing=0, penalties=15, coercion=0, fees_fen=0)
    table3 = ar.compute_table3(REQUESTS, 2021)
    meta = ar.front_matter_tables(table2, table3, [0] * 15)
    assert ar.tables_from_front_matter(meta) == (table2, table3, [0] * 15)
    data = ar.to_csv(ar.table3_rows(table3))
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == ",一、本年新收政府信息公开申请数量,3,2,0,0,1,0,6"
    assert lines[-1] == ",四、结转下年度继续办理,1,0,0,0,1,0,2"
