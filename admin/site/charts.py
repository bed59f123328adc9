"""Hand-drawn SVG bar charts: no JavaScript, readable in senior mode and in print.

Horizontal bars, each under its label, because Chinese labels stay readable on a phone
that way. Every chart carries a ``<title>`` and ``<desc>`` (its figures in words) and
draws each label and value as text, so it means the same to a screen reader, on paper
and in senior mode.

There is no ``viewBox``: a scaled drawing shrank its text to 11 px on a phone. Rows are
laid out in ``em`` and bars in percent of the width instead, so the text is the page's
own text at body size (larger in 长者模式) and the bars stretch to the width there is.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

#: The share of the width the longest bar takes; the rest is for its value.
BAR_SPACE = 75
#: Labels at most this wide (em) stand beside their bars, which then take less width.
SHORT_LABEL = 3
BAR_SPACE_BESIDE = 45
#: The widest label line, in em: it fits a 320 px screen in 长者模式 (about 13 em there).
LABEL_LINE = 12
LINE = 1.3  # em from one label line's baseline to the next
BAR = 0.9  # em


def bar_chart(
    title: str, rows: Sequence[tuple[str, float]], *, unit: str = "", chart_id: str
) -> Markup:
    """Return an inline ``<svg>`` bar chart of ``rows`` (label, value), one bar per row."""
    top = max((value for _, value in rows), default=0)
    summary = "；".join(f"{label} {_number(value)}{unit}" for label, value in rows) or "无数据"
    # Short labels (months) go beside their bars, longer ones above them.
    beside = max((_text_width(label) for label, _ in rows), default=0) <= SHORT_LABEL
    space = BAR_SPACE_BESIDE if beside else BAR_SPACE
    indent = SHORT_LABEL + 0.4 if beside else 0
    body: list[str] = []
    y = 0.0  # em: the top of the current row
    for label, value in rows:
        lines = [label] if beside else _label_lines(label)
        length = round(space * value / top, 1) if top else 0
        body.append(_label(lines, y))
        bar_top = y + 0.3 if beside else y + LINE * len(lines) + 0.25
        body.append(
            f'<rect class="chart-bar" x="{_em(indent)}" y="{_em(bar_top)}" '
            f'width="{_percent(length)}" height="{_em(BAR)}" fill="#1d4f91"/>'
        )
        body.append(
            f'<text class="chart-value" x="{_percent(length)}" dx="{_em(indent + 0.4)}" '
            f'y="{_em(bar_top + BAR - 0.12)}" fill="#1a1a1a">'
            f"{escape(_number(value))}{escape(unit)}</text>"
        )
        y = bar_top + BAR + (0.3 if beside else 0.6)
    head = (
        f'<svg class="chart" role="img" width="100%" height="{_em(max(y, 1.0))}" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(summary)}</desc>'
    )
    return Markup(head + "".join(body) + "</svg>")


def _label(lines: list[str], top: float) -> str:
    """Return a label's ``<text>``, one ``<tspan>`` a line when it needs more than one."""
    if len(lines) == 1:
        inner = str(escape(lines[0]))
    else:
        inner = "".join(
            f'<tspan x="0" dy="{"0" if index == 0 else _em(LINE)}">{escape(line)}</tspan>'
            for index, line in enumerate(lines)
        )
    baseline = _em(top + LINE - 0.25)
    return f'<text class="chart-label" x="0" y="{baseline}" fill="#1a1a1a">{inner}</text>'


def _label_lines(label: str) -> list[str]:
    """Split ``label`` into lines of at most :data:`LABEL_LINE` em (SVG text never wraps)."""
    lines = [""]
    for char in label:
        if _text_width(lines[-1] + char) > LABEL_LINE and lines[-1]:
            lines.append("")
        lines[-1] += char
    return lines


def _text_width(text: str) -> float:
    """Estimate the drawn width of ``text`` in em: a Han character is about twice a Latin one."""
    return sum(1.0 if ord(char) > 0x2E7F else 0.6 for char in text)


def _em(value: float) -> str:
    return f"{round(value, 2):g}em"


def _percent(value: float) -> str:
    return f"{value:g}%"


def _number(value: float) -> str:
    """Format ``value`` without a trailing ``.0`` and with thousands separators."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}"
