"""The site's figures per year, from the public front matter of listed records (pure)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from admin.domain import vocab

Meta = Mapping[str, Any]


@dataclass(frozen=True)
class YearFigures:
    """One calendar year's enforcement and disclosure figures."""

    year: int
    penalties: int
    penalties_by_month: tuple[tuple[str, int], ...]
    penalties_by_kind: tuple[tuple[str, int], ...]
    fines_fen: int
    confiscation_fen: int
    inspections: int
    inspections_by_result: tuple[tuple[str, int], ...]
    on_time: int
    late: int


@dataclass(frozen=True)
class ReportFigures:
    """A year's decisions as its 政府信息公开 annual report counts them (table 二)."""

    year: int
    penalties: int
    coercion: int
    licensing: int


def years_of(
    penalties: Iterable[Meta],
    inspections: Iterable[Meta],
    info: Iterable[Meta],
    more: Iterable[int] = (),
) -> list[int]:
    """Return every year some record falls in, and the years in ``more``, newest first."""
    years = {_penalty_date(m).year for m in penalties if _penalty_date(m)}
    years |= {_inspection_date(m).year for m in inspections if _inspection_date(m)}
    years |= {_info_date(m).year for m in info if _info_date(m)}
    return sorted(years | set(more), reverse=True)


def off_site_by_year(notices: Iterable[Meta]) -> dict[int, int]:
    """Count decisions no longer shown (publicity over, or credit repaired) by year.

    A notice keeps only its publication date, not the decision's: a decision of late
    December published in January counts in January's year.
    """
    counts = Counter(_date(m.get("published")).year for m in notices if _date(m.get("published")))
    return dict(counts)


def report_figures(meta: Meta) -> ReportFigures | None:
    """Return the decisions an annual report's front matter counts, or None without tables."""
    table2, year = meta.get("table2"), meta.get("year")
    if not isinstance(table2, Mapping) or not isinstance(year, int):
        return None  # a hand-written report: its body says it all
    return ReportFigures(
        year=year,
        penalties=int(table2.get("penalties", 0)),
        coercion=int(table2.get("coercion", 0)),
        licensing=int(table2.get("licensing", 0)),
    )


def year_figures(
    year: int, penalties: Sequence[Meta], inspections: Sequence[Meta], info: Sequence[Meta]
) -> YearFigures:
    """Return the figures of ``year``: penalties by decision date, inspections by date."""
    decided = [m for m in penalties if _year(_penalty_date(m)) == year]
    inspected = [m for m in inspections if _year(_inspection_date(m)) == year]
    informed = [m for m in info if _year(_info_date(m)) == year]

    months = Counter(_penalty_date(m).month for m in decided)
    kinds = Counter(kind for m in decided for kind in m.get("kinds", ()))
    results = Counter(m.get("result", "") for m in inspected)
    disclosed = [*decided, *inspected, *informed]
    on_time = sum(1 for m in disclosed if m.get("on_time") is True)
    late = sum(1 for m in disclosed if m.get("on_time") is False)
    return YearFigures(
        year=year,
        penalties=len(decided),
        penalties_by_month=tuple((f"{month}月", months[month]) for month in range(1, 13)),
        penalties_by_kind=_in_order(kinds, vocab.PENALTY_KINDS),
        fines_fen=sum(int(m.get("fine_fen", 0)) for m in decided),
        confiscation_fen=sum(int(m.get("confiscation_fen", 0)) for m in decided),
        inspections=len(inspected),
        inspections_by_result=_in_order(results, vocab.INSPECTION_RESULTS),
        on_time=on_time,
        late=late,
    )


def figures_by_year(
    years: Iterable[int],
    penalties: Sequence[Meta],
    inspections: Sequence[Meta],
    info: Sequence[Meta],
) -> list[YearFigures]:
    """Return :func:`year_figures` of each of ``years``, reading each record's date once.

    Not once a year: a county's five years of 100,000 decisions and 30,000 inspections
    took the 统计 page 0.8 s of every rebuild (#16).
    """
    grouped = (
        _by_year(penalties, _penalty_date),
        _by_year(inspections, _inspection_date),
        _by_year(info, _info_date),
    )
    return [year_figures(year, *(group.get(year, []) for group in grouped)) for year in years]


def _by_year(
    metas: Iterable[Meta], date_of: Callable[[Meta], dt.date | None]
) -> dict[int, list[Meta]]:
    found: dict[int, list[Meta]] = {}
    for meta in metas:
        if (day := date_of(meta)) is not None:
            found.setdefault(day.year, []).append(meta)
    return found


def licences_by_year(licences: Iterable[Meta]) -> tuple[tuple[int, int, dict[str, int]], ...]:
    """Return (year, licences, count by 许可类别) per year of decision, newest first."""
    by_year: dict[int, Counter[str]] = {}
    for m in licences:
        if (date := _date(m.get("decision_date"))) is not None:
            by_year.setdefault(date.year, Counter())[str(m.get("licence_kind", ""))] += 1
    return tuple(
        (year, sum(kinds.values()), dict(_in_order(kinds, vocab.LICENCE_KINDS)))
        for year, kinds in sorted(by_year.items(), reverse=True)
    )


def items_by_category(items: Iterable[Meta]) -> tuple[tuple[str, int], ...]:
    """Return how many catalogue items each category has, in the vocabulary's order."""
    return _in_order(Counter(m.get("category", "") for m in items), vocab.ITEM_CATEGORIES)


def yuan(fen: int) -> str:
    """Format an amount in 分 as 元 with two decimals and thousands separators."""
    return f"{fen // 100:,}.{fen % 100:02d}"


def _in_order(counts: Counter[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    # Vocabulary order first (zeros left out), then anything unexpected, sorted.
    known = [(key, counts[key]) for key in order if counts[key]]
    extra = sorted((key, n) for key, n in counts.items() if key not in order and n)
    return tuple(known + extra)


def _year(day: dt.date | None) -> int | None:
    return day.year if day else None


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _penalty_date(meta: Meta) -> dt.date | None:
    return _date(meta.get("decision_date"))


def _inspection_date(meta: Meta) -> dt.date | None:
    return _date(meta.get("inspected_on"))


def _info_date(meta: Meta) -> dt.date | None:
    return _date(meta.get("published_on")) or _date(meta.get("published"))
