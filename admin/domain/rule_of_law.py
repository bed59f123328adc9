"""法治政府建设年度报告 (docs/rule-of-law-report.md): its title, its figures, its deadline.

Pure: the publishing layer gathers plain rows from the database; here they become the
report's generated figures (行政执法和政务公开数据, placed at the end of section 一), the
Markdown of that part. The 1 April deadline is in admin.domain.rule_of_law_deadline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from admin.domain import clocks, vocab
from admin.domain.money import fen_to_yuan
from admin.domain.workcalendar import WorkCalendar

#: The sections the administrator writes, in the report's order (docs/rule-of-law-report.md §2).
SECTIONS: dict[str, str] = {
    "section1_md": "一、主要举措和成效",
    "section2_md": "二、存在的不足和原因",
    "section3_md": "三、党政主要负责人履行推进法治建设第一责任人职责情况",
    "section4_md": "四、下一年度工作安排",
    "section5_md": "五、其他需要报告的事项",
}
#: The generated figures close section 一 (they are the year's results) under this heading.
FIGURES_HEADING = "（附）行政执法和政务公开数据"
TITLE_WORDS = "法治政府建设"
#: The front matter's ``kind`` of its file in content/reports/ (the 政府信息公开 report has none).
CONTENT_KIND = "rule-of-law"
#: Its key in the one workflow (admin.domain.workflow.RULE_OF_LAW): not a record type of
#: the declaration (no list, no open data), but a record of the workflow, always reviewed.
DATASET = "rule_of_law"


def reopens(dataset: str, state: str | None) -> bool:
    """Return whether an edit reopens a withdrawn record as a draft: only this report, one
    per body and year, is corrected and published again (a withdrawn decision or item is
    replaced by a new record instead)."""
    return dataset == DATASET and state == vocab.STATE_WITHDRAWN


def content_slug(year: int) -> str:
    """Return the file name in content/reports/: ``<yyyy>-rule-of-law`` (never a year)."""
    return f"{year}-rule-of-law"


def slug_year(slug: str) -> int | None:
    """Return the year of a ``<yyyy>-rule-of-law`` file name, None for another name: its
    page is found by the name, so its URL is built from it too, whatever a hand-edited
    ``year`` key says."""
    found = re.fullmatch(r"(\d{4})-rule-of-law", slug)
    return int(found.group(1)) if found else None


MAX_TITLE = 200
#: Records that were decided (a draft's date is only a plan).
_DECIDED = (
    vocab.STATE_APPROVED,
    vocab.STATE_PUBLISHED,
    vocab.STATE_WITHDRAWN,
    vocab.STATE_REPAIRED,
)
_DISCLOSED = (vocab.STATE_PUBLISHED, vocab.STATE_WITHDRAWN, vocab.STATE_REPAIRED)


def default_title(year: int, body_name: str) -> str:
    """Return the report's usual title: 「2021年××镇人民政府法治政府建设年度报告」."""
    return f"{year}年{body_name}法治政府建设年度报告"


def title_problem(title: str, year: int) -> str | None:
    """Return why ``title`` cannot be the year's report title (Chinese), or None."""
    title = title.strip()
    if not title:
        return "标题：必须填写"
    if len(title) > MAX_TITLE:
        return f"标题：不能超过 {MAX_TITLE} 字"
    if not title.startswith(f"{year}年") or TITLE_WORDS not in title or not title.endswith("报告"):
        return f"标题：须以“{year}年”开头、含“{TITLE_WORDS}”、以“报告”结尾"
    return None


@dataclass(frozen=True)
class PenaltyRow:
    kinds: tuple[str, ...]
    fine_fen: int
    decision_date: dt.date
    state: str
    imported: bool
    published_on: dt.date | None
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class LicenceRow:
    licence_kind: str
    decision_date: dt.date
    state: str
    imported: bool
    published_on: dt.date | None
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class InspectionRow:
    result: str
    inspected_on: dt.date
    state: str
    published_on: dt.date | None
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class InfoRow:
    formed_on: dt.date
    state: str
    published_on: dt.date | None
    withdrawn_on: dt.date | None


@dataclass(frozen=True)
class RequestRow:
    received_on: dt.date
    replied_on: dt.date | None


@dataclass(frozen=True)
class ClockRate:
    """How one publicity clock was kept for the year's records."""

    name: str
    basis: str
    limit: str  # 7个工作日
    on_time: int
    late: int  # published late, or due and still not published
    imported: int = 0  # moved over by import: published elsewhere, left out of the rate

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> str:
        """Return the on-time rate as 「95.0%」, or 「—」 when no clock came due."""
        return f"{100 * self.on_time / self.counted:.1f}%" if self.counted else "—"


@dataclass(frozen=True)
class Statistics:
    """The year's generated figures, as frozen into the published report."""

    year: int
    penalties: int
    penalty_kinds: tuple[tuple[str, int], ...]
    fine_fen: int
    licences: int
    licence_kinds: tuple[tuple[str, int], ...]
    inspections: int
    inspection_results: tuple[tuple[str, int], ...]
    info_published: int
    requests_received: int
    requests_closed: int
    clocks: tuple[ClockRate, ...]
    withdrawals: tuple[tuple[str, int], ...]


def _in(year: int, day: dt.date | None) -> bool:
    return day is not None and day.year == year


def _ordered(counts: Counter[str], order: Sequence[str]) -> tuple[tuple[str, int], ...]:
    # The vocabulary's order first, then anything older data holds, by name.
    known = [(k, counts[k]) for k in order if counts[k]]
    rest = sorted((k, n) for k, n in counts.items() if k not in order and n)
    return tuple(known + rest)


def _rate(
    starts: Iterable[tuple[Any, ...]],  # (start, stopped[, imported])
    make: Any,
    calendar: WorkCalendar,
    region: str,
    today: dt.date,
) -> ClockRate:
    on_time = late = imported = 0
    kind = ""
    for start, stopped, *moved in starts:
        if any(moved):
            imported += 1
            continue
        result = make(start, stopped).evaluate(calendar, today, region)
        kind = result.clock.kind
        if result.state == clocks.MET:
            on_time += 1
        elif result.state in (clocks.MET_LATE, clocks.OVERDUE):
            late += 1
        # A clock still running has not come due: it counts in no rate yet.
    spec = clocks.CLOCK_KINDS[kind or make(today).kind]
    limit = f"{spec['length']}{clocks.UNIT_LABELS[spec['unit']]}"
    return ClockRate(spec["name"], spec["basis"], limit, on_time, late, imported)


def compute_statistics(
    year: int,
    *,
    penalties: Iterable[PenaltyRow],
    licences: Iterable[LicenceRow],
    inspections: Iterable[InspectionRow],
    info: Iterable[InfoRow],
    requests: Iterable[RequestRow],
    calendar: WorkCalendar,
    region: str,
    today: dt.date,
) -> Statistics:
    """Return the figures of ``year`` from the rows of the reporting body (and those below).

    A decision or licence counts in the year of its decision once decided (or moved over
    by import); an inspection result once disclosed; information in the year it was
    published; withdrawals in the year they were made, whatever the record's own year.
    A publicity clock counts for the records whose clock started in the year: on time,
    late, or due and still not published (late); one still running counts in no rate.
    A decision or licence moved over by import counts in the figures but in no rate: it was
    published on another site, the 双公示 file has no 公示日期 and its 发布日期 here is the
    import's day (every migrated one would count as late). The figures say how many.
    """
    all_pens, all_lics = list(penalties), list(licences)
    all_insp, all_info, reqs = list(inspections), list(info), list(requests)
    pens = [
        p for p in all_pens if _in(year, p.decision_date) and (p.imported or p.state in _DECIDED)
    ]
    lics = [
        x for x in all_lics if _in(year, x.decision_date) and (x.imported or x.state in _DECIDED)
    ]
    insp = [i for i in all_insp if _in(year, i.inspected_on) and _disclosed(i)]
    # A draft withdrawn before publication never had to be published: no clock of its own.
    insp_clocked = [i for i in all_insp if _in(year, i.inspected_on) and _clocked(i)]
    info_clocked = [i for i in all_info if _in(year, i.formed_on) and _clocked(i)]
    kinds: Counter[str] = Counter(k for p in pens for k in p.kinds)
    withdrawn = (
        ("行政处罚决定", sum(_in(year, p.withdrawn_on) for p in all_pens)),
        ("行政许可决定", sum(_in(year, x.withdrawn_on) for x in all_lics)),
        ("检查结果", sum(_in(year, i.withdrawn_on) for i in all_insp)),
        ("政府信息", sum(_in(year, i.withdrawn_on) for i in all_info)),
    )

    pen_starts = [(p.decision_date, p.published_on, p.imported) for p in pens]
    lic_starts = [(x.decision_date, x.published_on, x.imported) for x in lics]

    def rate(starts: Iterable[tuple[Any, ...]], make: Any) -> ClockRate:
        return _rate(starts, make, calendar, region, today)

    return Statistics(
        year=year,
        penalties=len(pens),
        penalty_kinds=_ordered(kinds, vocab.PENALTY_KINDS),
        fine_fen=sum(p.fine_fen or 0 for p in pens),
        licences=len(lics),
        licence_kinds=_ordered(Counter(x.licence_kind for x in lics), vocab.LICENCE_KINDS),
        inspections=len(insp),
        inspection_results=_ordered(Counter(i.result for i in insp), vocab.INSPECTION_RESULTS),
        info_published=sum(_in(year, i.published_on) for i in all_info),
        requests_received=sum(_in(year, r.received_on) for r in reqs),
        requests_closed=sum(_in(year, r.replied_on) for r in reqs),
        clocks=(
            rate(pen_starts, clocks.publish_penalty_clock),
            rate(lic_starts, clocks.publish_licence_clock),
            rate(
                ((i.inspected_on, i.published_on) for i in insp_clocked),
                clocks.publish_inspection_clock,
            ),
            rate(((i.formed_on, i.published_on) for i in info_clocked), clocks.publish_info_clock),
        ),
        withdrawals=withdrawn,
    )


def _disclosed(row: InspectionRow) -> bool:
    return row.state in _DISCLOSED and row.published_on is not None


def _clocked(row: InspectionRow | InfoRow) -> bool:
    return not (row.state == vocab.STATE_WITHDRAWN and row.published_on is None)


def figures_markdown(stats: Statistics) -> str:
    """Return the generated part of section 一: the year's figures as Markdown."""

    def pairs(items: tuple[tuple[str, int], ...], unit: str) -> str:
        return "，".join(f"{name}{n}{unit}" for name, n in items) or "无"

    lines = [
        f"### {FIGURES_HEADING}",
        "",
        f"以下数据由本机关公示系统根据{stats.year}年度的记录生成。",
        "",
        f"- 行政处罚决定 {stats.penalties} 件（按处罚种类：{pairs(stats.penalty_kinds, '件')}），"
        f"罚款金额合计 {fen_to_yuan(stats.fine_fen)} 元。",
        f"- 行政许可决定 {stats.licences} 件（按许可类别：{pairs(stats.licence_kinds, '件')}）。",
        f"- 公示检查结果 {stats.inspections} 项"
        f"（按检查结果：{pairs(stats.inspection_results, '项')}）。",
        f"- 主动公开政府信息 {stats.info_published} 条；"
        f"收到政府信息公开申请 {stats.requests_received} 件，办结 {stats.requests_closed} 件。",
        f"- 撤回公示：{pairs(stats.withdrawals, '件')}。",
        "",
        "| 时限 | 期限 | 依据 | 按期 | 逾期 | 按期率 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for c in stats.clocks:
        lines.append(f"| {c.name} | {c.limit} | {c.basis} | {c.on_time} | {c.late} | {c.rate} |")
    left_out = [f"{c.name} {c.imported} 件" for c in stats.clocks if c.imported]
    if left_out:  # compute_statistics: their 公示日期 is not known here
        lines += ["", f"注：导入的记录（{'，'.join(left_out)}）已在其他网站公示，不计入按期率。"]
    return "\n".join(lines) + "\n"


def to_front_matter(stats: Statistics) -> dict[str, Any]:
    """Return the figures as front-matter values (frozen: the file keeps them as published)."""
    return {
        "penalties": stats.penalties,
        "penalty_kinds": dict(stats.penalty_kinds),
        "fine_fen": stats.fine_fen,
        "licences": stats.licences,
        "licence_kinds": dict(stats.licence_kinds),
        "inspections": stats.inspections,
        "inspection_results": dict(stats.inspection_results),
        "info_published": stats.info_published,
        "requests_received": stats.requests_received,
        "requests_closed": stats.requests_closed,
        "clocks": [
            {
                "name": c.name,
                "basis": c.basis,
                "limit": c.limit,
                "on_time": c.on_time,
                "late": c.late,
                **({"imported": c.imported} if c.imported else {}),  # older files unchanged
            }
            for c in stats.clocks
        ],
        "withdrawals": dict(stats.withdrawals),
    }


def from_front_matter(year: int, meta: Mapping[str, Any]) -> Statistics:
    """Return the figures a stored report holds (the inverse of :func:`to_front_matter`)."""

    def pairs(key: str) -> tuple[tuple[str, int], ...]:
        return tuple((str(k), int(n)) for k, n in dict(meta.get(key) or {}).items())

    return Statistics(
        year=year,
        penalties=int(meta.get("penalties", 0)),
        penalty_kinds=pairs("penalty_kinds"),
        fine_fen=int(meta.get("fine_fen", 0)),
        licences=int(meta.get("licences", 0)),
        licence_kinds=pairs("licence_kinds"),
        inspections=int(meta.get("inspections", 0)),
        inspection_results=pairs("inspection_results"),
        info_published=int(meta.get("info_published", 0)),
        requests_received=int(meta.get("requests_received", 0)),
        requests_closed=int(meta.get("requests_closed", 0)),
        clocks=tuple(
            ClockRate(
                str(c["name"]),
                str(c["basis"]),
                str(c["limit"]),
                int(c["on_time"]),
                int(c["late"]),
                int(c.get("imported", 0)),
            )
            for c in meta.get("clocks") or ()
        ),
        withdrawals=pairs("withdrawals"),
    )


def report_markdown(sections: Mapping[str, str], figures: str) -> str:
    """Return the report's body: the five sections, the figures closing section 一."""
    parts = []
    for key, heading in SECTIONS.items():
        text = (sections.get(key) or "").strip() or "无。"
        if key == "section1_md":
            text = f"{text}\n\n{figures.strip()}"
        parts.append(f"## {heading}\n\n{text}\n")
    return "\n".join(parts)
