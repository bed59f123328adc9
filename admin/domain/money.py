"""Exact money: amounts are stored as integer 分 and converted with Decimal, never float.

双公示 files give amounts in 万元 (``0.0356`` 万元 = 356.00 元 = 35600 分); forms and
documents use 元. Anything finer than 1 分 is refused rather than rounded, because a
rounded fine is a different fine.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from admin.errors import GongshiError

FEN_PER_YUAN = 100
FEN_PER_WAN_YUAN = 1_000_000
#: The largest amount a BigInteger column holds; larger input is a typo, not a fine.
MAX_FEN = 2**63 - 1

# Plain digits or correctly grouped thousands, then an optional fraction. No exponent,
# no sign (a sign is reported separately), no lone dot; ASCII digits only, since \d
# also matches other scripts' digits.
_AMOUNT_RE = re.compile(r"(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?|\.[0-9]+")
_MAX_TEXT = 40
_CURRENCY_SIGNS = ("¥", "￥", "RMB", "人民币")


class MoneyError(GongshiError, ValueError):
    """An amount that cannot be stored exactly; ``str()`` is ``label：reason`` in Chinese."""

    def __init__(self, label: str, reason: str) -> None:
        super().__init__(f"{label}：{reason}")
        self.label = label
        self.reason = reason


def wan_yuan_to_fen(value: str | int | Decimal | float, *, label: str = "金额") -> int:
    """Convert an amount in 万元 (e.g. ``"0.0356"``) to exact integer 分."""
    return _to_fen(value, FEN_PER_WAN_YUAN, "万元", label)


def yuan_to_fen(value: str | int | Decimal | float, *, label: str = "金额") -> int:
    """Convert an amount in 元 (e.g. ``"356.00"`` or ``"3,000"``) to exact integer 分."""
    return _to_fen(value, FEN_PER_YUAN, "元", label)


def fen_to_yuan(fen: int) -> Decimal:
    """Return integer 分 as an exact amount in 元 with two decimals (``Decimal('356.00')``)."""
    _check_fen(fen)
    return Decimal(fen).scaleb(-2)


def fen_to_wan_yuan(fen: int) -> Decimal:
    """Return integer 分 in 万元: at least four decimals (to the 元), more for 角 and 分."""
    _check_fen(fen)
    exact = Decimal(fen).scaleb(-6)
    places = max(4, _places(exact))
    with localcontext() as ctx:
        ctx.prec = 40
        return exact.quantize(Decimal(1).scaleb(-places))


def format_yuan(fen: int) -> str:
    """Return ``"356.00 元"`` for 35600 分."""
    return f"{fen_to_yuan(fen)} 元"


def format_wan_yuan(fen: int) -> str:
    """Return ``"0.0356 万元"`` for 35600 分."""
    return f"{fen_to_wan_yuan(fen)} 万元"


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_fen(fen: int) -> None:
    if isinstance(fen, bool) or not isinstance(fen, int):
        raise MoneyError("金额", "必须是以分为单位的整数")
    if fen < 0:
        raise MoneyError("金额", "不能为负数")


def _to_fen(value: str | int | Decimal | float, scale: int, unit: str, label: str) -> int:
    amount = _parse(value, unit, label)
    with localcontext() as ctx:
        # Enough digits that multiplying by the scale never rounds.
        ctx.prec = 80
        fen = amount * scale
    if fen != fen.to_integral_value():
        raise MoneyError(label, f"「{_show(value)}」{unit}含有不足 1 分的部分（金额只能精确到分）")
    if fen > MAX_FEN:
        raise MoneyError(label, f"「{_show(value)}」{unit}超出可记录的范围")
    return int(fen)


def _parse(value: str | int | Decimal | float, unit: str, label: str) -> Decimal:
    if isinstance(value, bool):
        raise MoneyError(label, "不是有效的金额")
    if isinstance(value, float):
        # openpyxl hands numeric cells over as float; repr is the shortest decimal text
        # that reads back as the same float, i.e. the number the spreadsheet shows.
        if value != value or value in (float("inf"), float("-inf")):
            raise MoneyError(label, "不是有效的金额")
        value = repr(value)
    if isinstance(value, int | Decimal):
        if isinstance(value, Decimal) and not value.is_finite():
            raise MoneyError(label, "不是有效的金额")
        if value < 0:
            raise MoneyError(label, "不能为负数")
        value = format(Decimal(value), "f")
    text = _normalise(str(value), unit)
    if not text:
        raise MoneyError(label, "不能为空")
    if text.startswith("-"):
        raise MoneyError(label, "不能为负数")
    if len(text) > _MAX_TEXT or not _AMOUNT_RE.fullmatch(text):
        raise MoneyError(label, f"「{_show(value)}」不是有效的金额（应为数字，单位{unit}）")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise MoneyError(label, f"「{_show(value)}」不是有效的金额") from None


def _normalise(text: str, unit: str) -> str:
    """Fold full-width digits and punctuation, drop spaces, a currency sign and the unit."""
    text = unicodedata.normalize("NFKC", text)
    # NFKC leaves U+2212 MINUS SIGN alone; it is still a minus.
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")
    text = text.replace("\u2212", "-")
    for sign in _CURRENCY_SIGNS:
        text = text.removeprefix(sign)
    return text.removesuffix(unit)


def _show(value: object) -> str:
    text = str(value).strip()
    return text if len(text) <= 20 else text[:20] + "…"
