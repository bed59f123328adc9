"""Exact money: 万元 and 元 text to integer 分 and back, never through float."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest

from admin.domain.money import (
    MAX_FEN,
    MoneyError,
    fen_to_wan_yuan,
    fen_to_yuan,
    format_wan_yuan,
    format_yuan,
    wan_yuan_to_fen,
    yuan_to_fen,
)


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("0.0356", 356_00),  # as in 双公示 files: 356.00 元
        ("0.035612", 356_12),
        ("0.000001", 1),  # one 分
        ("1", 10_000_00),
        ("1.0000", 10_000_00),
        ("12.5", 125_000_00),
        ("0", 0),
        (".5", 5_000_00),
        ("1,234.5", 1_234_500_000),
        ("０.０３５６", 356_00),  # full-width digits and point
        ("１，２３４", 1_234_000_000),  # full-width thousands separator
        (" 0.0356 ", 356_00),
        ("0.0356万元", 356_00),
        ("0.0356 万元", 356_00),
        ("\ufeff0.0356", 356_00),  # byte-order mark at the start of a CSV cell
        ("9223372036854.775807", MAX_FEN),
        (0.0356, 356_00),  # an XLSX number cell: the float's shortest text is exact
        (0.1 + 0.2, None),  # 0.30000000000000004: finer than 1 分, refused below
        (3, 3_000_000),
        (Decimal("0.0356"), 356_00),
    ],
)
def test_wan_yuan_to_fen(text: str | float | int | Decimal, fen: int | None) -> None:
    if fen is None:
        with pytest.raises(MoneyError):
            wan_yuan_to_fen(text)
    else:
        assert wan_yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("356", 356_00),
        ("356.00", 356_00),
        ("356.1", 356_10),
        ("0.01", 1),
        ("3,000", 3_000_00),
        ("1,234,567.89", 123_456_789),
        ("３，０００．５０", 3_000_50),
        ("356元", 356_00),
        ("¥356", 356_00),
        ("￥ 356.00 元", 356_00),
        ("人民币356元", 356_00),
        (200, 200_00),
    ],
)
def test_yuan_to_fen(text: str | int, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    ("convert", "text", "message"),
    [
        (yuan_to_fen, "", "金额：不能为空"),
        (yuan_to_fen, "  ", "金额：不能为空"),
        (yuan_to_fen, "-1", "金额：不能为负数"),
        (yuan_to_fen, "－1", "金额：不能为负数"),  # full-width hyphen-minus
        (yuan_to_fen, "\u22121", "金额：不能为负数"),  # minus sign
        (yuan_to_fen, -1, "金额：不能为负数"),
        (yuan_to_fen, Decimal("-0.01"), "金额：不能为负数"),
        (yuan_to_fen, "356.001", "金额：「356.001」元含有不足 1 分的部分（金额只能精确到分）"),
        (
            wan_yuan_to_fen,
            "0.0000001",
            "金额：「0.0000001」万元含有不足 1 分的部分（金额只能精确到分）",
        ),
        (yuan_to_fen, "1e3", "金额：「1e3」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "NaN", "金额：「NaN」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "Infinity", "金额：「Infinity」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "3,00", "金额：「3,00」不是有效的金额（应为数字，单位元）"),  # 3.00 or 300?
        (yuan_to_fen, "30,00.5", "金额：「30,00.5」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "1.2.3", "金额：「1.2.3」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "356.", "金额：「356.」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "+356", "金额：「+356」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "三百", "金额：「三百」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, "0.0356万元", "金额：「0.0356万元」不是有效的金额（应为数字，单位元）"),
        (wan_yuan_to_fen, "356元", "金额：「356元」不是有效的金额（应为数字，单位万元）"),
        (yuan_to_fen, "\u0663", "金额：「\u0663」不是有效的金额（应为数字，单位元）"),
        (yuan_to_fen, True, "金额：不是有效的金额"),
        (yuan_to_fen, float("nan"), "金额：不是有效的金额"),
        (yuan_to_fen, Decimal("Infinity"), "金额：不是有效的金额"),
        (
            wan_yuan_to_fen,
            "9223372036854.775808",
            "金额：「9223372036854.775808」万元超出可记录的范围",
        ),
        (yuan_to_fen, "9" * 41, f"金额：「{'9' * 20}…」不是有效的金额（应为数字，单位元）"),
    ],
)
def test_refuses_amounts_that_cannot_be_stored_exactly(
    convert: Callable[[object], int], text: object, message: str
) -> None:
    with pytest.raises(MoneyError) as caught:
        convert(text)
    assert str(caught.value) == message
    assert isinstance(caught.value, ValueError)


def test_the_label_names_the_field() -> None:
    with pytest.raises(MoneyError) as caught:
        wan_yuan_to_fen("-0.02", label="罚款金额（万元）")
    assert str(caught.value) == "罚款金额（万元）：不能为负数"
    assert (caught.value.label, caught.value.reason) == ("罚款金额（万元）", "不能为负数")


@pytest.mark.parametrize(
    ("fen", "yuan", "wan_yuan"),
    [
        (0, "0.00 元", "0.0000 万元"),
        (1, "0.01 元", "0.000001 万元"),
        (356_00, "356.00 元", "0.0356 万元"),
        (356_10, "356.10 元", "0.03561 万元"),
        (356_12, "356.12 元", "0.035612 万元"),
        (10_000_00, "10000.00 元", "1.0000 万元"),
        (123_456_789_00, "123456789.00 元", "12345.6789 万元"),
        (MAX_FEN, "92233720368547758.07 元", "9223372036854.775807 万元"),
    ],
)
def test_formats_fen_for_display(fen: int, yuan: str, wan_yuan: str) -> None:
    assert format_yuan(fen) == yuan
    assert format_wan_yuan(fen) == wan_yuan


@pytest.mark.parametrize("fen", [0, 1, 99, 100, 356_00, 356_12, 10_000_00, 987_654_321_09, MAX_FEN])
def test_round_trips_exactly(fen: int) -> None:
    assert wan_yuan_to_fen(str(fen_to_wan_yuan(fen))) == fen
    assert yuan_to_fen(str(fen_to_yuan(fen))) == fen
    assert yuan_to_fen(format_yuan(fen)) == fen
    assert wan_yuan_to_fen(format_wan_yuan(fen)) == fen


@pytest.mark.parametrize("fen", [-1, 1.5, "100", True, None])
def test_fen_must_be_a_non_negative_integer(fen: object) -> None:
    with pytest.raises(MoneyError):
        format_yuan(fen)  # type: ignore[arg-type]
    with pytest.raises(MoneyError):
        fen_to_wan_yuan(fen)  # type: ignore[arg-type]
