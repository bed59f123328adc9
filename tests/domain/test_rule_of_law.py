"""法治政府建设年度报告: the generated figures, the title rule, the 1 April reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from admin.domain import rule_of_law as rl
from admin.domain import rule_of_law_deadline as deadline
from admin.domain.calendar_notice import NATIONAL, parse_notice
from admin.domain.workcalendar import WorkCalendar

DATA = Path(__file__).resolve().parents[2] / "admin" / "data" / "calendar"
CALENDAR = WorkCalendar(parse_notice(p.read_text(encoding="utf-8")) for p in DATA.glob("*.toml"))
D = dt.date.fromisoformat
PUB, DRAFT, GONE = "已公示", "草稿", "已撤回"


def _figures(**rows):
    base = {"penalties": [], "licences": [], "inspections": [], "info": [], "requests": []}
    return rl.compute_statistics(
        2021, **(base | rows), calendar=CALENDAR, region=NATIONAL, today=D("2022-03-10")
    )


def test_decisions_by_kind_and_amount_count_the_year_s_decided_ones_only() -> None:
    rows = [
        rl.PenaltyRow(("警告",), 0, D("2021-03-01"), PUB, False, D("2021-03-03"), None),
        rl.PenaltyRow(("罚款", "警告"), 50_000, D("2021-05-06"), PUB, False, D("2021-05-20"), None),
        rl.PenaltyRow(("罚款",), 20_000, D("2021-12-30"), DRAFT, False, None, None),  # a plan
        rl.PenaltyRow(("罚款",), 90_000, D("2020-12-30"), PUB, False, D("2021-01-04"), None),
        rl.PenaltyRow(
            ("罚款",), 10_000, D("2020-06-01"), GONE, False, D("2020-06-02"), D("2021-02-01")
        ),
    ]
    stats = _figures(penalties=rows)
    assert stats.penalties == 2
    assert stats.penalty_kinds == (("警告", 2), ("罚款", 1))
    assert stats.fine_fen == 50_000
    # 2021-05-06 + 7 working days (Labour Day holiday is before) = 2021-05-17: published late.
    clock = stats.clocks[0]
    assert (clock.on_time, clock.late, clock.rate) == (1, 1, "50.0%")
    assert dict(stats.withdrawals)["行政处罚决定"] == 1  # withdrawn in 2021, decided in 2020


def test_licences_inspections_info_and_requests() -> None:
    stats = _figures(
        licences=[
            rl.LicenceRow("普通", D("2021-04-01"), PUB, False, D("2021-04-02"), None),
            rl.LicenceRow("登记", D("2021-04-01"), PUB, False, D("2021-04-02"), None),
            rl.LicenceRow("普通", D("2021-07-01"), PUB, True, D("2021-07-02"), None),
        ],
        inspections=[
            rl.InspectionRow("合格", D("2021-06-01"), PUB, D("2021-06-02"), None),
            rl.InspectionRow("责令整改", D("2021-06-01"), DRAFT, None, None),  # overdue
            rl.InspectionRow("合格", D("2021-06-01"), GONE, None, D("2021-06-02")),  # no clock
        ],
        info=[
            rl.InfoRow(D("2020-12-20"), PUB, D("2021-01-05"), None),
            rl.InfoRow(D("2021-02-01"), PUB, D("2021-02-03"), None),
            rl.InfoRow(D("2021-12-30"), DRAFT, None, None),  # due in January: late
        ],
        requests=[
            rl.RequestRow(D("2021-02-01"), D("2021-02-10")),
            rl.RequestRow(D("2021-12-28"), D("2022-01-10")),
            rl.RequestRow(D("2020-12-28"), D("2021-01-10")),
        ],
    )
    assert stats.licences == 3
    assert stats.licence_kinds == (("普通", 2), ("登记", 1))
    assert stats.inspections == 1 and stats.inspection_results == (("合格", 1),)
    assert (stats.clocks[2].on_time, stats.clocks[2].late) == (1, 1)
    assert stats.info_published == 2
    assert (stats.clocks[3].on_time, stats.clocks[3].late) == (1, 1)
    assert (stats.requests_received, stats.requests_closed) == (2, 2)
    assert dict(stats.withdrawals)["检查结果"] == 1


def test_a_running_clock_counts_in_no_rate_and_an_empty_rate_is_a_dash() -> None:
    stats = rl.compute_statistics(
        2021,
        penalties=[],
        licences=[rl.LicenceRow("普通", D("2021-12-30"), "审核通过", False, None, None)],
        inspections=[],
        info=[],
        requests=[],
        calendar=CALENDAR,
        region=NATIONAL,
        today=D("2021-12-31"),
    )
    assert stats.clocks[1].counted == 0 and stats.clocks[1].rate == "—"
    assert stats.clocks[0].rate == "—"


def test_figures_survive_the_content_file_and_read_as_markdown() -> None:
    stats = _figures(
        penalties=[
            rl.PenaltyRow(("罚款",), 35_600, D("2021-03-01"), PUB, False, D("2021-03-02"), None)
        ]
    )
    assert rl.from_front_matter(2021, rl.to_front_matter(stats)) == stats
    text = rl.figures_markdown(stats)
    assert "行政处罚决定 1 件" in text and "罚款金额合计 356.00 元" in text
    assert "| 行政处罚决定公示 |" in text or "公示" in text
    body = rl.report_markdown({"section1_md": "开展普法。"}, text)
    assert body.index("开展普法") < body.index(rl.FIGURES_HEADING) < body.index("## 二、")
    assert "## 五、其他需要报告的事项\n\n无。" in body


def test_title_rule() -> None:
    assert rl.title_problem(rl.default_title(2021, "大战场镇人民政府"), 2021) is None
    assert rl.title_problem("大战场镇2021年法治政府建设年度报告", 2021) is not None
    assert rl.title_problem("2021年大战场镇法治政府建设工作报告", 2021) is None
    assert rl.title_problem("2021年大战场镇依法行政报告", 2021) is not None
    assert rl.title_problem("", 2021) == "标题：必须填写"


def test_reminder_from_1_march_with_the_1_april_deadline() -> None:
    assert deadline.reminder(D("2022-02-28"), []) is None
    first = deadline.reminder(D("2022-03-01"), [])
    assert first is not None and (first.year, first.due, first.days_left) == (
        2021,
        D("2022-03-31"),
        30,
    )
    last = deadline.reminder(D("2022-03-31"), [2020])
    assert last is not None and last.days_left == 0 and not last.overdue
    late = deadline.reminder(D("2022-04-01"), [])
    assert late is not None and late.overdue
    assert deadline.reminder(D("2022-03-15"), [2021]) is None


def test_imported_decisions_count_in_the_figures_but_in_no_rate() -> None:
    # Moved over on 2021-11-01 (its 发布日期 here), decided and published elsewhere in March.
    moved = rl.PenaltyRow(("罚款",), 10_000, D("2021-03-01"), PUB, True, D("2021-11-01"), None)
    own = rl.PenaltyRow(("警告",), 0, D("2021-03-01"), PUB, False, D("2021-03-03"), None)
    licence = rl.LicenceRow("普通", D("2021-04-01"), PUB, True, D("2021-11-01"), None)
    stats = _figures(penalties=[moved, own], licences=[licence])
    assert stats.penalties == 2 and stats.fine_fen == 10_000 and stats.licences == 1
    penalties, licences = stats.clocks[0], stats.clocks[1]
    assert (penalties.on_time, penalties.late, penalties.imported) == (1, 0, 1)
    assert (licences.counted, licences.imported, licences.rate) == (0, 1, "—")
    text = rl.figures_markdown(stats)
    assert "行政处罚决定公示 1 件，行政许可决定公示 1 件" in text and "不计入按期率" in text
    assert rl.from_front_matter(2021, rl.to_front_matter(stats)) == stats
    # A report without imported records keeps the front matter it always had.
    plain = _figures(penalties=[own])
    assert "imported" not in rl.to_front_matter(plain)["clocks"][0]
    assert "不计入按期率" not in rl.figures_markdown(plain)
