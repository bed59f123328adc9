"""统计: each year's figures and charts, drawn as inline SVG when the site is built."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from markupsafe import Markup

from admin.domain import vocab
from admin.site import stats
from admin.site.charts import bar_chart
from admin.site.content import EXPIRED, REPAIRED, Record, Site
from admin.site.views.helpers import PageMeta, current_site, render_page

bp = Blueprint("stats", __name__)


@dataclass(frozen=True)
class BodyRow:
    """One body's figures: what is listed of it now (its own records, not those below it)."""

    body: Record
    depth: int
    penalties: int
    fines_fen: int
    inspections: int
    items: int
    officers: int


def body_rows(site: Site) -> list[BodyRow]:
    """Return the figures of each listed body, each followed by those under it.

    Empty on a site of one body: its figures are the site's.
    """
    chosen = site.bodies()
    if len(chosen) < 2:
        return []
    return [
        BodyRow(
            body=body,
            depth=depth,
            penalties=len(site.of_body("penalties", body.slug)),
            fines_fen=sum(int(r.get("fine_fen", 0)) for r in site.of_body("penalties", body.slug)),
            inspections=len(site.of_body("inspections", body.slug)),
            items=len(site.of_body("items", body.slug)),
            officers=len(site.of_body("officers", body.slug)),
        )
        for body, depth in chosen
    ]


@bp.get("/stats/")
def index() -> str:
    """Show the figures of every year with listed records, newest first.

    A year whose decisions are off the site (publicity over) says so, and shows the
    figures of its annual report where there is one instead of zeros.
    """
    site = current_site()
    penalties = [r.meta for r in site.listed("penalties")]
    inspections = [r.meta for r in site.listed("inspections")]
    info = [r.meta for r in site.listed("info")]
    off_site = stats.off_site_by_year(
        r.meta for r in site.all("penalties") if r.notice in (EXPIRED, REPAIRED)
    )
    reports: dict[int, tuple[Record, stats.ReportFigures]] = {}
    for record in site.listed("reports"):
        if figures := stats.report_figures(record.meta):
            reports[figures.year] = (record, figures)
    years = []
    chosen = stats.years_of(penalties, inspections, info, more=[*off_site, *reports])
    for figures in stats.figures_by_year(chosen, penalties, inspections, info):
        year = figures.year
        years.append((figures, _charts(figures), off_site.get(year, 0), reports.get(year)))
    categories = stats.items_by_category(r.meta for r in site.listed("items"))
    items_chart = bar_chart("执法事项按类别", categories, unit="项", chart_id="items")
    meta = PageMeta(title="统计", column="统计", description="行政执法与政务公开数据统计")
    return render_page(
        "stats/index.html",
        meta,
        years=years,
        categories=categories,
        items_chart=items_chart,
        licences=stats.licences_by_year(r.meta for r in site.listed("licences")),
        licence_kinds=vocab.LICENCE_KINDS,
        yuan=stats.yuan,
        bodies=body_rows(site),
    )


def _charts(figures: stats.YearFigures) -> dict[str, Markup]:
    year = figures.year
    return {
        "months": bar_chart(
            f"{year}年各月行政处罚决定数",
            figures.penalties_by_month,
            unit="件",
            chart_id=f"y{year}-months",
        ),
        "kinds": bar_chart(
            f"{year}年行政处罚按处罚种类",
            figures.penalties_by_kind,
            unit="件",
            chart_id=f"y{year}-kinds",
        ),
        "results": bar_chart(
            f"{year}年行政检查按结果",
            figures.inspections_by_result,
            unit="次",
            chart_id=f"y{year}-results",
        ),
        "timely": bar_chart(
            f"{year}年公示及时情况",
            (("按时公示", figures.on_time), ("逾期公示", figures.late)),
            unit="条",
            chart_id=f"y{year}-timely",
        ),
    }
