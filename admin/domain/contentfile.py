"""The content file format: ``+++``-delimited TOML front matter, then a Markdown body.

Two pure functions, :func:`parse_content_file` and :func:`serialize_content_file`; the
byte layout is described in ``docs/content-format.md``. Serialisation is deterministic
(same meta and body, same bytes) so ``content/`` diffs show only real changes.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import tomli_w

from admin.domain.datasets import DATASETS
from admin.errors import GongshiError

DELIMITER = "+++"

#: Front-matter keys every record has, first in every file.
COMMON_KEYS: tuple[str, ...] = ("title", "status", "published", "updated")

#: What a non-published record's notice holds (docs/content-format.md), in file order.
NOTICE_KEYS: tuple[str, ...] = (
    *COMMON_KEYS,
    "decision_no",
    "index_no",
    "notice_date",
    "notice_reason",
    "notice_basis",
    "repair_ref",
    "publicity_until",
)

#: Key order per dataset, as documented; unknown keys follow, sorted.
DATASET_KEYS: dict[str, tuple[str, ...]] = {
    key: (*COMMON_KEYS, *d.file_keys()) for key, d in DATASETS.items()
} | {"pages": ("title", "order", "summary"), "reports": COMMON_KEYS}

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


class ContentFormatError(GongshiError, ValueError):
    """A content file or its data breaks the format; the message is Chinese, file-independent."""


@dataclass(frozen=True)
class ContentFile:
    """One parsed content file: the front matter and the Markdown body."""

    meta: dict[str, Any]
    body: str = ""


def parse_content_file(text: str) -> ContentFile:
    """Split ``text`` into its TOML front matter and Markdown body."""
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    lines = text.split("\n")
    if lines[0].rstrip(" \t") != DELIMITER:
        raise ContentFormatError("第 1 行：文件须以 +++ 开始（TOML 头）")
    # The first +++ line after the opening one closes the front matter. Serialised TOML
    # escapes newlines inside strings, so no value can produce such a line; the body
    # may contain as many +++ lines as it likes.
    for index in range(1, len(lines)):
        if lines[index].rstrip(" \t") == DELIMITER:
            closing = index
            break
    else:
        raise ContentFormatError(f"第 {len(lines)} 行：缺少结束 TOML 头的 +++ 行")
    # The final newline lets tomllib name the line of an error on the last TOML line.
    front = "".join(line + "\n" for line in lines[1:closing])
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        raise ContentFormatError(_toml_error_message(exc, closing + 1)) from None
    body = "\n".join(lines[closing + 1 :])
    return ContentFile(meta=meta, body=body)


def serialize_content_file(
    meta: Mapping[str, Any], body: str = "", key_order: Iterable[str] | None = None
) -> str:
    """Return the file text for ``meta`` and ``body``: same input, same characters.

    Keys in ``key_order`` come first in that order (default: the common keys), the
    others follow sorted; ``None`` values are left out because TOML has no null.
    """
    ordered = _ordered_meta(meta, COMMON_KEYS if key_order is None else tuple(key_order))
    try:
        front = tomli_w.dumps(ordered)
    except (TypeError, ValueError) as exc:
        raise ContentFormatError(f"TOML 头：无法写出的值（{exc}）") from None
    return f"{DELIMITER}\n{front}{DELIMITER}\n{normalise_body(body)}"


def notice_meta(
    meta: Mapping[str, Any],
    *,
    status: str,
    notice_date: Any,
    reason: str,
    basis: str,
    repair_ref: str | None = None,
) -> dict[str, Any]:
    """Return the front matter of the notice that replaces a record: nothing personal.

    Only the identifying number, the dates, the reason and the basis survive; the title
    becomes the decision number where there is one (a penalty's title may name its party).
    """
    notice: dict[str, Any] = {
        "title": meta.get("decision_no") or meta.get("title") or "",
        "status": status,
        "published": meta.get("published"),
        "updated": notice_date,
        "decision_no": meta.get("decision_no"),
        "index_no": meta.get("index_no"),
        "notice_date": notice_date,
        "notice_reason": reason,
        "notice_basis": basis,
        "repair_ref": repair_ref,
        # An expiry notice says which period ended; nothing personal in a date.
        "publicity_until": meta.get("publicity_until") if status == "expired" else None,
    }
    return {key: notice[key] for key in NOTICE_KEYS if notice[key] is not None}


def normalise_body(body: str) -> str:
    """Return ``body`` as files store it: ``\\n`` line ends, one final newline, or empty."""
    body = _normalise_newlines(body or "").rstrip("\n")
    return body + "\n" if body.strip() else ""


def _ordered_meta(meta: Mapping[str, Any], key_order: tuple[str, ...]) -> dict[str, Any]:
    for key, value in meta.items():
        if not isinstance(key, str):
            raise ContentFormatError(f"TOML 头：键必须是文字（{key!r}）")
        _check_value(key, value)
    present = {key: value for key, value in meta.items() if value is not None}
    first = [key for key in dict.fromkeys(key_order) if key in present]
    rest = sorted(key for key in present if key not in first)
    return {key: present[key] for key in [*first, *rest]}


def _check_value(key: str, value: Any) -> None:
    # None is only meaningful at the top level (an empty optional field, left out).
    if isinstance(value, list | tuple):
        for item in value:
            if item is None:
                raise ContentFormatError(f"{key}：列表中不能有空值")
            _check_value(key, item)
    elif isinstance(value, Mapping):
        for sub_key, item in value.items():
            if item is None:
                raise ContentFormatError(f"{key}.{sub_key}：不能为空值")
            _check_value(f"{key}.{sub_key}", item)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _toml_error_message(exc: tomllib.TOMLDecodeError, closing_line: int) -> str:
    message = str(exc)
    match = _TOML_POSITION.search(message)
    reason = _TOML_POSITION.sub("", message).replace("(at end of document)", "").strip()
    if match is None:
        # tomllib reports "at end of document": the closing +++ line is where it ended.
        return f"第 {closing_line} 行：TOML 头格式错误（{reason}）"
    # +1: the file's line 1 is the opening +++, the TOML starts on line 2.
    line = int(match.group(1)) + 1
    return f"第 {line} 行：TOML 头格式错误（{reason}，第 {match.group(2)} 列）"
