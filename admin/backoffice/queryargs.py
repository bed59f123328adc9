"""Read the back-office's query parameters strictly: anything malformed is a Chinese 400.

Every view reads ``request.args`` through these functions, never with ``type=int`` or
``fromisoformat`` of its own: a huge page number overflowed SQLite's 64-bit OFFSET and a
date at the edge of the calendar overflowed the time-zone arithmetic, both as HTTP 500.
The bounds here are the ones a township's records can ever need.

The ``parse_*`` functions are pure (they raise :class:`ArgumentError`); the ``arg_*``
functions read the current request and raise :class:`BadQueryArgument`, a 400 response.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from admin.errors import GongshiError

#: Longest free text accepted in a query parameter (search words, filter values).
MAX_TEXT = 100
#: Days outside this range are typing mistakes, and their edges overflow date arithmetic.
FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
FIRST_YEAR, LAST_YEAR = FIRST_DAY.year, LAST_DAY.year
MAX_PAGE = 1_000_000
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# Control characters (NUL included) are never part of a search word or a filter value.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


#: The largest id a URL may carry: SQLite's and PostgreSQL's 64-bit integer.
MAX_ID = 2**63 - 1


class BoundedInt(IntegerConverter):
    """``<int:…>`` in a URL, at most a 64-bit integer: a larger one is 404, not a 500.

    Werkzeug's converter takes any number of digits, and binding one too large for the
    database's integer raised OverflowError in every view that loads a record by id.
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Bound the app's integer URL parts; call before any blueprint is registered."""
    app.url_map.converters["int"] = BoundedInt


class ArgumentError(GongshiError, ValueError):
    """A parameter's value is malformed; the message names the field, in Chinese."""


class BadQueryArgument(BadRequest):
    """HTTP 400 whose page says, in Chinese, which parameter is wrong and why."""

    def __init__(self, message: str) -> None:
        super().__init__(description=message)

    def get_body(self, environ: Any = None, scope: Any = None) -> str:
        """Return a small Chinese page (the default one is English)."""
        return (
            '<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            "<title>请求参数有误</title></head><body><h1>请求参数有误</h1>"
            f'<p role="alert">{escape(self.description or "")}</p>'
            '<p><a href="/">返回工作台</a></p></body></html>'
        )


def parse_text(values: list[str], label: str, max_length: int = MAX_TEXT) -> str:
    """Return the one value given (stripped), "" when absent; refuse repeats and junk."""
    if not values:
        return ""
    if len(values) > 1:
        raise ArgumentError(f"{label}：只能给一个值")
    value = values[0]
    if len(value) > max_length:
        raise ArgumentError(f"{label}：过长（最多 {max_length} 个字符）")
    if _CONTROL.search(value):
        raise ArgumentError(f"{label}：含有不允许的控制字符")
    return value.strip()


def parse_int(raw: str, label: str, minimum: int, maximum: int) -> int:
    """Return ``raw`` as an integer within [minimum, maximum]."""
    problem = f"{label}：应为 {minimum} 到 {maximum} 之间的整数"
    # isdigit() alone accepts "²" and full-width digits; only ASCII digits are a number here.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(maximum)):
        raise ArgumentError(problem)
    number = int(raw)
    if not minimum <= number <= maximum:
        raise ArgumentError(problem)
    return number


def parse_day(raw: str, label: str) -> dt.date:
    """Return ``raw`` (YYYY-MM-DD) as a date between FIRST_DAY and LAST_DAY."""
    try:
        if not _ISO_DAY.fullmatch(raw):
            raise ValueError(raw)
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ArgumentError(f"{label}：格式应为 YYYY-MM-DD") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ArgumentError(f"{label}：应在 {FIRST_DAY} 到 {LAST_DAY} 之间")
    return day


def parse_choice(raw: str, label: str, choices: Iterable[str]) -> str:
    """Return ``raw`` when it is "" or one of ``choices``."""
    allowed = set(choices)
    if raw and raw not in allowed:
        raise ArgumentError(f"{label}：不是可选的值")
    return raw


def arg_text(name: str, label: str, max_length: int = MAX_TEXT) -> str:
    """Return the request's text parameter ``name`` ("" when absent)."""
    return _checked(lambda: parse_text(request.args.getlist(name), label, max_length))


def arg_int(name: str, label: str, default: int, minimum: int = 1, maximum: int = MAX_PAGE) -> int:
    """Return the request's integer parameter ``name``, ``default`` when absent or empty."""

    def read() -> int:
        raw = parse_text(request.args.getlist(name), label)
        return parse_int(raw, label, minimum, maximum) if raw else default

    return _checked(read)


def arg_page() -> int:
    """Return the page number asked for (1 when absent)."""
    return arg_int("page", "页码", 1, 1, MAX_PAGE)


def arg_day(name: str, label: str) -> dt.date | None:
    """Return the request's date parameter ``name``, None when absent or empty."""

    def read() -> dt.date | None:
        raw = parse_text(request.args.getlist(name), label)
        return parse_day(raw, label) if raw else None

    return _checked(read)


def _checked(read: Any) -> Any:
    try:
        return read()
    except ArgumentError as exc:
        raise BadQueryArgument(exc.message) from None
