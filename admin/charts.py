"""Hand-drawn SVG bar charts: no JavaScript, readable in senior mode and in print.

Horizontal bars, because Chinese labels stay readable on a phone that way. Every chart
carries a ``<title>`` and ``<desc>`` (its figures in words) and draws each label and
value as text, so it means the same to a screen reader, on paper and in senior mode.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 320
ROW = 26
BAR = 16
FONT = 13
VALUE_COLUMN = 64


def bar_chart(
    title: str, rows: Sequence[tuple[str, float]], *, unit: str = "", chart_id: str
) -> Markup:
    """Return an inline ``<svg>`` bar chart of ``rows`` (label, value), one bar per row."""
    label_width = min(max((_text_width(label) for label, _ in rows), default=0) + 8, 150)
    bar_space = WIDTH - label_width - VALUE_COLUMN
    top = max((value for _, value in rows), default=0)
    height = ROW * max(len(rows), 1) + 4
    summary = "；".join(f"{label} {_number(value)}{unit}" for label, value in rows) or "无数据"
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">',
        f'<title id="{chart_id}-t">{escape(title)}</title>',
        f'<desc id="{chart_id}-d">{escape(summary)}</desc>',
    ]
    for index, (label, value) in enumerate(rows):
        y = 2 + index * ROW
        length = round(bar_space * value / top, 1) if top else 0
        text_y = y + ROW / 2 + FONT * 0.35
        parts.append(
            f'<text class="chart-label" x="{label_width - 6}" y="{text_y}" '
            f'text-anchor="end" font-size="{FONT}" fill="#1a1a1a">{escape(label)}</text>'
        )
        parts.append(
            f'<rect class="chart-bar" x="{label_width}" y="{y + (ROW - BAR) / 2}" '
            f'width="{length}" height="{BAR}" fill="#1d4f91"/>'
        )
        parts.append(
            f'<text class="chart-value" x="{label_width + length + 4}" y="{text_y}" '
            f'font-size="{FONT}" fill="#1a1a1a">{escape(_number(value))}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _text_width(text: str) -> int:
    """Estimate the drawn width of ``text``: a Han character is about twice a Latin one."""
    return sum(FONT if ord(char) > 0x2E7F else FONT // 2 + 1 for char in text)


def _number(value: float) -> str:
    """Format ``value`` without a trailing ``.0`` and with thousands separators."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"
