"""数据来源单位 of a 行政处罚决定: the credit platform requires it and its credit code.

The unit that reports a decision to the credit platform is, for a township, the
处罚机关 itself; so the form offers the 处罚机关's name and code, and a decision saved
without them takes them. A decision whose source unit is still missing (entered before
the form had the fields, or imported from a file without them) is refused by the export,
as the platform would refuse it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SOURCE_UNIT_LABELS = {
    "source_unit": "数据来源单位",
    "source_unit_code": "数据来源单位统一社会信用代码",
}


def source_unit_of(fields: Mapping[str, Any]) -> tuple[str, str]:
    """Return (数据来源单位, its credit code), the 处罚机关's where left blank.

    The 处罚机关's code stands in only for the 处罚机关 itself: a different unit typed
    without its code keeps the code blank rather than borrowing the wrong one.
    """
    authority = str(fields.get("authority") or "").strip()
    unit = str(fields.get("source_unit") or "").strip() or authority
    code = str(fields.get("source_unit_code") or "").strip()
    if not code and unit == authority:
        code = str(fields.get("authority_code") or "").strip()
    return unit, code


def missing_source_unit(fields: Mapping[str, Any]) -> list[str]:
    """Return the labels of the source-unit fields ``fields`` leaves blank."""
    return [
        label
        for name, label in SOURCE_UNIT_LABELS.items()
        if not str(fields.get(name) or "").strip()
    ]
