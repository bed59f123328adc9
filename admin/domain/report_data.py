"""The annual report's tables as open data: tidy CSVs (one header row, long format).

The printed tables (国办公开办函〔2021〕30号) have header lines inside the table, blank and
repeated column names; a CSV validator rejects them and a spreadsheet cannot sum them.
Each table here is one row per number, every column named once, with a schema for the
data package (:mod:`admin.site.views.data`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from admin.domain.annual_report import (
    CARRIED_FORWARD,
    CARRIED_OVER,
    COLUMNS,
    NEW,
    RESULTS_LABEL,
    TABLE4_CELLS,
    TABLE4_GROUPS,
    Row,
    Table2,
)
from admin.domain.money import fen_to_wan_yuan


@dataclass(frozen=True)
class Column:
    """A column of a tidy table: its header, Frictionless type, and what it holds."""

    name: str
    type: str  # "string", "integer" or "number"
    description: str


SCHEMAS: dict[int, tuple[Column, ...]] = {
    2: (
        Column("条款", "string", "《政府信息公开条例》第二十条的项"),
        Column("信息内容", "string", "公开的信息类别"),
        Column("指标", "string", "统计的量：本年制发、废止、现行有效件数，处理决定数量或收费金额"),
        Column("数值", "number", "该指标的数值"),
        Column("单位", "string", "件或万元"),
    ),
    3: (
        Column("项目", "string", "表三的行：新收、上年结转、各类办理结果、总计、结转下年度"),
        Column("申请人类别", "string", "自然人、法人或其他组织的各类，或总计"),
        Column("件数", "integer", "申请件数"),
    ),
    4: (
        Column("类别", "string", "行政复议，或行政诉讼（未经复议直接起诉、复议后起诉）"),
        Column("结果", "string", "结果维持、结果纠正、其他结果、尚未审结或总计"),
        Column("件数", "integer", "案件数"),
    ),
}


def tidy_table2(table: Table2) -> list[list[str]]:
    """Return table 二 as one row per number, under its header."""
    rows = [[column.name for column in SCHEMAS[2]]]
    done = ("本年制发件数", "本年废止件数", "现行有效件数")
    for content, numbers in (("规章", table.regulations), ("行政规范性文件", table.normative)):
        pairs = zip(done, numbers, strict=True)
        rows += [["第二十条第（一）项", content, m, str(n), "件"] for m, n in pairs]
    decided = "本年处理决定数量"
    rows.append(["第二十条第（五）项", "行政许可", decided, str(table.licensing), "件"])
    rows.append(["第二十条第（六）项", "行政处罚", decided, str(table.penalties), "件"])
    rows.append(["第二十条第（六）项", "行政强制", decided, str(table.coercion), "件"])
    fees = str(fen_to_wan_yuan(table.fees_fen))
    rows.append(["第二十条第（八）项", "行政事业性收费", "本年收费金额", fees, "万元"])
    return rows


def tidy_table3(table: Sequence[Row]) -> list[list[str]]:
    """Return table 三 as one row per (item, applicant column)."""
    rows = [[column.name for column in SCHEMAS[3]]]
    for row in table:
        result = row.key not in (NEW, CARRIED_OVER, CARRIED_FORWARD)
        item = " ".join(p for p in (RESULTS_LABEL if result else "", row.group, row.label) if p)
        rows += [[item, column, str(n)] for column, n in zip(_applicants(), row.cells, strict=True)]
    return rows


def tidy_table4(cells: Sequence[int]) -> list[list[str]]:
    """Return table 四 as one row per (group, result)."""
    rows = [[column.name for column in SCHEMAS[4]]]
    pairs = [(group, cell) for group in TABLE4_GROUPS for cell in TABLE4_CELLS]
    rows += [[group, cell, str(n)] for (group, cell), n in zip(pairs, cells, strict=True)]
    return rows


def _applicants() -> list[str]:
    # The printed header's names: 自然人, 法人或其他组织：商业企业 …, 总计.
    return [COLUMNS[0], *(f"法人或其他组织：{name}" for name in COLUMNS[1:-1]), COLUMNS[-1]]
