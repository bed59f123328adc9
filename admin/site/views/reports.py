"""Annual reports: the 政府信息公开 report (30号 tables, each table as CSV) and the
法治政府建设年度报告 (docs/rule-of-law-report.md) of each year, and the list of both.

``/reports/<yyyy>/`` is the year's page: the 政府信息公开 report when there is one, with the
year's 法治政府建设年度报告 named and linked above it; ``/reports/<yyyy>/rule-of-law/`` is
the rule-of-law report itself (its file is ``content/reports/<yyyy>-rule-of-law.md``).
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, Response, abort

from admin.domain import annual_report as ar
from admin.domain import report_data as rd
from admin.domain import rule_of_law as rl
from admin.domain.markdown_render import render_markdown
from admin.site.content import Record, Site
from admin.site.views.helpers import PageMeta, current_site, is_rule_of_law, render_page
from admin.site.views.records import find_or_404, show_record

bp = Blueprint("reports", __name__, url_prefix="/reports")
COLUMN = "政府信息公开年度报告"
LAW_COLUMN = "法治政府建设年度报告"
TABLE_NUMBERS = (2, 3, 4)
#: The body's sections 五 and 六 follow the tables (admin.publish.reports writes this heading).
TABLES_GO_BEFORE = "## 五、"


@bp.get("/")
def index() -> str:
    """List the annual reports, newest first."""
    meta = PageMeta(
        title=COLUMN, column=COLUMN, description="政府信息公开工作年度报告和法治政府建设年度报告"
    )
    listed = current_site().listed("reports")
    return render_page(
        "reports/index.html",
        meta,
        records=[r for r in listed if not is_rule_of_law(r)],
        law_reports=[r for r in listed if is_rule_of_law(r)],
    )


@bp.get("/<int:year>/rule-of-law/")
def rule_of_law(year: int) -> str:
    """Show the year's 法治政府建设年度报告 (its figures are in its body, as published)."""
    record = find_or_404("reports", rl.content_slug(year))
    return show_record(record, "reports/rule_of_law.html", column=LAW_COLUMN)


@bp.get("/<slug>/")
def detail(slug: str) -> str:
    """Show the year's page: the 政府信息公开 report (section 一, tables 二 to 四,
    sections 五 and 六), and the year's 法治政府建设年度报告 as a heading and a link."""
    site = current_site()
    record = site.find("reports", slug)
    # ASCII only: str.isdigit() also accepts "²" (int() refuses it) and other scripts' digits.
    year = int(slug) if slug.isascii() and slug.isdigit() else None
    law = site.find("reports", rl.content_slug(year)) if year is not None else None
    if record is not None and is_rule_of_law(record):
        abort(404)  # its page is /reports/<yyyy>/rule-of-law/, not its file name
    if record is None:
        if law is None:
            abort(404)
        meta = PageMeta(title=f"{slug}年度报告", column=COLUMN, description=law.title)
        return render_page("reports/year.html", meta, year=slug, law=law)
    tables = _tables(record)
    before, after = _split_body(record.body)
    return show_record(
        record,
        "reports/detail.html",
        column=COLUMN,
        tables=tables,
        titles=ar.TABLE_TITLES,
        before=render_markdown(before),
        after=render_markdown(after),
        numbers=TABLE_NUMBERS,
        law=law,
    )


@bp.get("/<slug>/table-<int:number>.csv")
def table_csv(slug: str, number: int) -> Response:
    """Return one table of a report as a tidy CSV (UTF-8 with BOM, for spreadsheets).

    The page prints the table in the format's layout; the file is open data: one header
    row and one row per number (:mod:`admin.domain.report_data`).
    """
    record = find_or_404("reports", slug)
    tidy = tidy_tables(record)
    if record.notice or tidy is None or number not in TABLE_NUMBERS:
        abort(404)
    return Response(ar.to_csv(tidy[number]), mimetype="text/csv; charset=utf-8")


def tidy_tables(record: Record) -> dict[int, list[list[str]]] | None:
    """Return a report's tables in tidy form, or None for a report without tables."""
    if not all(key in record.meta for key in ("table2", "table3", "table4")):
        return None
    table2, table3, table4 = ar.tables_from_front_matter(record.meta)
    return {2: rd.tidy_table2(table2), 3: rd.tidy_table3(table3), 4: rd.tidy_table4(table4)}


def report_csv_urls(site: Site) -> Iterator[str]:
    """Yield the CSV URL of every table of every listed report (for the freezer)."""
    for record in site.listed("reports"):
        if _tables(record) is not None:
            for number in TABLE_NUMBERS:
                yield f"/reports/{record.slug}/table-{number}.csv"


def _tables(record: Record) -> dict[int, list[list[str]]] | None:
    if not all(key in record.meta for key in ("table2", "table3", "table4")):
        return None  # a hand-written report without tables: the body says it all
    table2, table3, table4 = ar.tables_from_front_matter(record.meta)
    return {2: ar.table2_rows(table2), 3: ar.table3_rows(table3), 4: ar.table4_rows(table4)}


def _split_body(body: str) -> tuple[str, str]:
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(TABLES_GO_BEFORE):
            return "\n".join(lines[:index]), "\n".join(lines[index:])
    return body, ""
