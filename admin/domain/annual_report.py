"""The annual 政府信息公开 report's tables 二, 三, 四 (国办公开办函〔2021〕30号) from plain inputs.

Table 三 counts requests by applicant column and outcome; its own cross-check, per column,
is 新收 + 上年结转 = 办理结果总计 + 结转下年度. Table 四's 总计 cells must add up. Every
failure names its cells in Chinese, so a clerk can find them in the printed table.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from admin.domain.money import fen_to_wan_yuan
from admin.domain.request_intake import APPLICANT_TYPES
from admin.domain.request_replies import REPLY_TYPES

COLUMNS = (*APPLICANT_TYPES, "总计")
GROUP_LABELS = ("（一）", "（二）", "（三）", "（四）", "（五）", "（六）")
NEW, CARRIED_OVER, TOTAL, CARRIED_FORWARD = "new", "carried_over", "total", "carried_forward"
ROW_LABELS = {
    NEW: "一、本年新收政府信息公开申请数量",
    CARRIED_OVER: "二、上年结转政府信息公开申请数量",
    TOTAL: "（七）总计",
    CARRIED_FORWARD: "四、结转下年度继续办理",
}
RESULTS_LABEL = "三、本年度办理结果"
TABLE4_GROUPS = ("行政复议", "行政诉讼：未经复议直接起诉", "行政诉讼：复议后起诉")
TABLE4_CELLS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
TABLE_TITLES = {
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
}
_TYPE_LABELS = {
    "部分公开": "部分公开（区分处理的，只计这一情形，不计其他情形）",
}


@dataclass(frozen=True)
class RequestFacts:
    """What the report needs of one request: nothing about the applicant but its column."""

    applicant_type: str
    received_on: dt.date
    replied_on: dt.date | None
    reply_type: str = ""
    reply_reason: str = ""


@dataclass(frozen=True)
class Row:
    """One row of table 三: its key, the group it sits under, its label, seven cells."""

    key: str
    group: str
    label: str
    cells: tuple[int, ...]


@dataclass(frozen=True)
class Table2:
    """主动公开: normative documents issued, repealed, in force; decisions; fees."""

    regulations: tuple[int, int, int]  # 规章: a township makes none, kept for the format
    normative: tuple[int, int, int]  # 行政规范性文件: 本年制发, 本年废止, 现行有效
    licensing: int
    penalties: int
    coercion: int
    fees_fen: int


def result_rows() -> list[tuple[str, str, str]]:
    """Return (key, group, label) of every result row of table 三, in the format's order."""
    rows = []
    for index, (kind, reasons) in enumerate(REPLY_TYPES.items()):
        heading = GROUP_LABELS[index] + _TYPE_LABELS.get(kind, kind)
        if not reasons:
            rows.append((kind, "", heading))
        for number, reason in enumerate(reasons, start=1):
            rows.append((f"{kind}/{reason}", heading, f"{number}.{reason}"))
    return rows


def compute_table2(
    normative: Iterable[tuple[dt.date | None, dt.date | None]],
    year: int,
    *,
    licensing: int,
    penalties: int,
    coercion: int,
    fees_fen: int,
) -> Table2:
    """Return table 二 from (制发, 废止) dates of published normative documents and counts."""
    end = dt.date(year, 12, 31)
    issued = repealed = in_force = 0
    for issued_on, repealed_on in normative:
        issued += issued_on is not None and issued_on.year == year
        repealed += repealed_on is not None and repealed_on.year == year
        live = issued_on is not None and issued_on <= end
        in_force += live and (repealed_on is None or repealed_on > end)
    return Table2((0, 0, 0), (issued, repealed, in_force), licensing, penalties, coercion, fees_fen)


def compute_table3(
    requests: Iterable[RequestFacts], year: int, carried_over: Sequence[int] | None = None
) -> list[Row]:
    """Return table 三's rows for ``year``; ``carried_over`` overrides 上年结转 (per column)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    keys = [key for key, _, _ in result_rows()]
    counts: dict[str, list[int]] = {
        key: [0] * len(APPLICANT_TYPES) for key in (NEW, CARRIED_OVER, CARRIED_FORWARD, *keys)
    }
    for request in requests:
        column = APPLICANT_TYPES.index(request.applicant_type)
        if start <= request.received_on <= end:
            counts[NEW][column] += 1
        elif request.received_on < start and (
            request.replied_on is None or request.replied_on >= start
        ):
            counts[CARRIED_OVER][column] += 1
        if request.received_on <= end and (request.replied_on is None or request.replied_on > end):
            counts[CARRIED_FORWARD][column] += 1
        if request.replied_on is not None and start <= request.replied_on <= end:
            reasons = REPLY_TYPES[request.reply_type]
            key = f"{request.reply_type}/{request.reply_reason}" if reasons else request.reply_type
            counts[key][column] += 1
    if carried_over is not None:
        counts[CARRIED_OVER] = [int(n) for n in carried_over]
    total = [sum(counts[key][c] for key in keys) for c in range(len(APPLICANT_TYPES))]

    def row(key: str, group: str, label: str, cells: list[int]) -> Row:
        return Row(key, group, label, (*cells, sum(cells)))

    rows = [row(NEW, "", ROW_LABELS[NEW], counts[NEW])]
    rows.append(row(CARRIED_OVER, "", ROW_LABELS[CARRIED_OVER], counts[CARRIED_OVER]))
    rows += [row(key, group, label, counts[key]) for key, group, label in result_rows()]
    rows.append(row(TOTAL, "", ROW_LABELS[TOTAL], total))
    rows.append(row(CARRIED_FORWARD, "", ROW_LABELS[CARRIED_FORWARD], counts[CARRIED_FORWARD]))
    return rows


def check_table3(rows: Sequence[Row]) -> list[str]:
    """Return one message per column where 新收 + 上年结转 ≠ 办理结果总计 + 结转下年度."""
    by_key = {row.key: row.cells for row in rows}
    problems = []
    for column, name in enumerate(COLUMNS):
        new, over = by_key[NEW][column], by_key[CARRIED_OVER][column]
        done, forward = by_key[TOTAL][column], by_key[CARRIED_FORWARD][column]
        if new + over != done + forward:
            problems.append(
                f"表三「{name}」列：本年新收 {new} + 上年结转 {over} ≠ "
                f"办理结果总计 {done} + 结转下年度 {forward}"
            )
    return problems


def check_table4(cells: Sequence[int]) -> list[str]:
    """Return one message per group of table 四 whose 总计 is not the sum of its cells."""
    if len(cells) != 15 or any(not isinstance(n, int) or n < 0 for n in cells):
        return ["表四：须填写 15 个非负整数"]
    problems = []
    for index, group in enumerate(TABLE4_GROUPS):
        part = cells[index * 5 : index * 5 + 5]
        if sum(part[:4]) != part[4]:
            problems.append(f"表四「{group}·总计」：填报 {part[4]}，应为 {sum(part[:4])}")
    return problems


def table2_rows(table: Table2) -> list[list[str]]:
    """Return table 二 as the format prints it: header lines and rows of text cells."""
    return [
        ["第二十条第（一）项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", *map(str, table.regulations)],
        ["行政规范性文件", *map(str, table.normative)],
        ["第二十条第（五）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", str(table.licensing), "", ""],
        ["第二十条第（六）项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", str(table.penalties), "", ""],
        ["行政强制", str(table.coercion), "", ""],
        ["第二十条第（八）项", "", "", ""],
        ["信息内容", "本年收费金额（单位：万元）", "", ""],
        ["行政事业性收费", str(fen_to_wan_yuan(table.fees_fen)), "", ""],
    ]


def table3_rows(rows: Sequence[Row]) -> list[list[str]]:
    """Return table 三 as text rows: header, then one line per row."""
    header = ["", "", "自然人", *(f"法人或其他组织：{name}" for name in COLUMNS[1:-1]), "总计"]
    lines = [header]
    for row in rows:
        group = RESULTS_LABEL if row.key not in (NEW, CARRIED_OVER, CARRIED_FORWARD) else ""
        label = f"{row.group} {row.label}".strip()
        lines.append([group, label, *map(str, row.cells)])
    return lines


def table4_rows(cells: Sequence[int]) -> list[list[str]]:
    """Return table 四 as text rows: group header, cell header, the 15 numbers."""
    groups = [name for name in TABLE4_GROUPS for _ in TABLE4_CELLS]
    return [groups, list(TABLE4_CELLS) * 3, [str(n) for n in cells]]


def to_csv(rows: Sequence[Sequence[str]]) -> bytes:
    """Return ``rows`` as CSV in UTF-8 with a BOM (spreadsheets then read Chinese right)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def front_matter_tables(
    table2: Table2, table3: Sequence[Row], table4: Sequence[int]
) -> dict[str, Any]:
    """Return the three tables as TOML-ready front matter (arrays and tables only)."""
    return {
        "table2": {
            "regulations": list(table2.regulations),
            "normative": list(table2.normative),
            "licensing": table2.licensing,
            "penalties": table2.penalties,
            "coercion": table2.coercion,
            "fees_fen": table2.fees_fen,
        },
        "table3": {
            "columns": list(COLUMNS),
            "rows": [
                {"key": r.key, "group": r.group, "label": r.label, "cells": list(r.cells)}
                for r in table3
            ],
        },
        "table4": {"groups": list(TABLE4_GROUPS), "cells": list(table4)},
    }


def tables_from_front_matter(meta: dict[str, Any]) -> tuple[Table2, list[Row], list[int]]:
    """Return the tables a published report file holds (the inverse of front_matter_tables)."""
    t2 = meta["table2"]
    table2 = Table2(
        tuple(t2["regulations"]),
        tuple(t2["normative"]),
        t2["licensing"],
        t2["penalties"],
        t2["coercion"],
        t2["fees_fen"],
    )
    rows = [
        Row(r["key"], r["group"], r["label"], tuple(r["cells"])) for r in meta["table3"]["rows"]
    ]
    return table2, rows, list(meta["table4"]["cells"])
