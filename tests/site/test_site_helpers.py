"""The site's pure helpers: relative links, canonical URLs, QR codes, charts and figures."""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET

import pytest

from admin.site.charts import bar_chart
from admin.site.links import canonical_url, relative_url
from admin.site.qrcode import qr_svg
from admin.site.stats import (
    ReportFigures,
    figures_by_year,
    items_by_category,
    off_site_by_year,
    report_figures,
    year_figures,
    years_of,
    yuan,
)
from admin.site.views.helpers import field_row

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("current", "target", "expected"),
    [
        ("/", "/", "index.html"),
        ("/", "/penalties/", "penalties/index.html"),
        ("/penalties/", "/", "../index.html"),
        ("/penalties/2021-0001/", "/items/cf-0001/", "../../items/cf-0001/index.html"),
        ("/penalties/2021-0001/", "/penalties/", "../index.html"),
        ("/penalties/", "/penalties/page/2/", "page/2/index.html"),
        ("/penalties/page/2/", "/penalties/", "../../index.html"),
        ("/penalties/year/2021/page/2/", "/static/site.css", "../../../../../static/site.css"),
        ("/data/", "/data/penalties.csv", "penalties.csv"),
        ("/", "/feed.xml", "feed.xml"),
        ("/404.html", "/search/", "search/index.html"),
        ("/items/", "/items/#cat-1", "index.html#cat-1"),
        ("/a/", "/static/site.css?v=1", "../static/site.css?v=1"),
        # A sub-path (SCRIPT_NAME) is on both sides and cancels out.
        ("/dzc/penalties/", "/dzc/info/", "../info/index.html"),
        # Dots and doubled slashes are normalised as posixpath.relpath does.
        ("/a/./b/", "/a/c/", "../c/index.html"),
        ("/a/b/../", "/a/c/", "c/index.html"),
        ("/a//b/", "/a/b/x.css", "x.css"),
    ],
)
def test_relative_url(current: str, target: str, expected: str) -> None:
    assert relative_url(current, target) == expected


FOLDERS = ["/", "/a/", "/a/b/", "/a/bc/", "/a/b/c/", "/ab/", "/x/y/z/w/"]


@pytest.mark.parametrize("current", [*FOLDERS, "/a/b/page.html", "/a/b"])
def test_relative_url_is_relpath_from_the_pages_folder(current: str) -> None:
    # Links out of a page's folder are shared by the pages beside it: each page, asked
    # in any order, still gets exactly the link from its own folder.
    folder = current if current.endswith("/") else posixpath.dirname(current) + "/"
    for target in [*FOLDERS, "/a/b/x.css", "/a/bc/x.css", "/a/b", "/a", "/x.css?v=1#f"]:
        path, _, tail = target.partition("?")
        file = path + "index.html" if path.endswith("/") else path
        expected = posixpath.relpath(file, folder) + ("?" + tail if tail else "")
        assert relative_url(current, target) == expected, target


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://a.gov.cn/dzc/", "/", "https://a.gov.cn/dzc/"),
        (
            "https://a.gov.cn/dzc/",
            "/penalties/2021-0001/",
            "https://a.gov.cn/dzc/penalties/2021-0001/",
        ),
        ("https://a.gov.cn/dzc", "/info/", "https://a.gov.cn/dzc/info/"),
        ("https://a.gov.cn/", "/feed.xml", "https://a.gov.cn/feed.xml"),
        ("https://a.gov.cn/x/", "/pages/guide/index.html", "https://a.gov.cn/x/pages/guide/"),
    ],
)
def test_canonical_url_is_a_folder_url_under_base(base: str, path: str, expected: str) -> None:
    assert canonical_url(base, path) == expected


def test_qr_code_is_small_deterministic_inline_svg() -> None:
    url = "https://dzc.example.gov.cn/gongshi/penalties/2021-0015/"
    svg = str(qr_svg(url))
    assert svg == str(qr_svg.__wrapped__(url))  # same URL, same bytes, cache or not
    assert svg != str(qr_svg.__wrapped__(url + "x"))
    assert len(svg) < 4000
    root = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text
    assert root.get("viewBox").startswith("0 0 ")


@pytest.mark.parametrize(
    ("value", "wide", "expected"),
    [
        ("罚款", False, "<div><dt>名称</dt><dd>罚款</dd></div>\n"),
        ("罚款", True, '<div class="wide"><dt>名称</dt><dd>罚款</dd></div>\n'),
        ("<b>&", False, "<div><dt>名称</dt><dd>&lt;b&gt;&amp;</dd></div>\n"),
        (dt.date(2025, 3, 1), False, "<div><dt>名称</dt><dd>2025-03-01</dd></div>\n"),
        (["警告"], False, "<div><dt>名称</dt><dd>[&#39;警告&#39;]</dd></div>\n"),
        (12, False, "<div><dt>名称</dt><dd>12</dd></div>\n"),
        (None, True, ""),
        ("", False, ""),
        ([], False, ""),
        (0, False, ""),
    ],
)
def test_field_row_escapes_and_skips_empty_values(value: object, wide: bool, expected: str) -> None:
    assert str(field_row("名称", value, wide=wide)) == expected


def test_bar_chart_is_accessible_and_escapes_labels() -> None:
    svg = str(bar_chart("图<表>", [("警告", 3), ("<b>", 1), ("罚款", 0)], unit="件", chart_id="c1"))
    root = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-t c1-d"
    assert root.find(f"{SVG}title").text == "图<表>"
    assert root.find(f"{SVG}desc").text == "警告 3件；<b> 1件；罚款 0件"
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert texts == ["警告", "3件", "<b>", "1件", "罚款", "0件"]
    widths = [float(r.get("width").removesuffix("%")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > widths[2] == 0


def test_bar_chart_text_is_the_pages_own_size() -> None:
    # A viewBox scaled the drawing, text included, to the screen: 11 px on a phone.
    svg = str(bar_chart("图", [("法律、行政法规规定的其他行政处罚", 1), ("罚款", 8)], chart_id="c"))
    root = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert root.get("viewBox") is None and root.get("width") == "100%"
    assert root.get("height").endswith("em")
    assert all(element.get("font-size") is None for element in root.iter())
    # SVG text never wraps: a long label is cut into lines that fit a phone in 长者模式.
    [long_label] = [t for t in root.iter(f"{SVG}text") if len(list(t)) > 1]
    lines = [span.text for span in long_label]
    assert "".join(lines) == "法律、行政法规规定的其他行政处罚"
    assert max(len(line) for line in lines) <= 12


def test_bar_chart_of_nothing_is_still_valid() -> None:
    svg = str(bar_chart("空", [], chart_id="e"))
    root = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))
    assert root.find(f"{SVG}desc").text == "无数据"


PENALTIES = [
    {
        "decision_date": dt.date(2025, 3, 1),
        "kinds": ["警告", "罚款"],
        "fine_fen": 10050,
        "confiscation_fen": 0,
        "on_time": True,
    },
    {
        "decision_date": dt.date(2025, 3, 9),
        "kinds": ["罚款"],
        "fine_fen": 200000,
        "confiscation_fen": 500,
        "on_time": False,
    },
    {"decision_date": dt.date(2021, 12, 1), "kinds": ["罚款"], "fine_fen": 1, "on_time": True},
]
INSPECTIONS = [
    {"inspected_on": dt.date(2025, 1, 2), "result": "合格", "on_time": True},
    {"inspected_on": dt.date(2025, 2, 2), "result": "责令整改"},
    {"inspected_on": dt.date(2025, 2, 3), "result": "合格", "on_time": True},
]
INFO = [{"published_on": dt.date(2025, 5, 1), "on_time": True}, {"published": dt.date(2024, 1, 1)}]


def test_year_figures() -> None:
    figures = year_figures(2025, PENALTIES, INSPECTIONS, INFO)
    assert figures.penalties == 2
    assert dict(figures.penalties_by_month)["3月"] == 2
    assert sum(n for _, n in figures.penalties_by_month) == 2
    assert len(figures.penalties_by_month) == 12
    assert figures.penalties_by_kind == (("警告", 1), ("罚款", 2))
    assert (figures.fines_fen, figures.confiscation_fen) == (210050, 500)
    assert figures.inspections_by_result == (("合格", 2), ("责令整改", 1))
    # on_time missing is neither on time nor late.
    assert (figures.on_time, figures.late) == (4, 1)


def test_the_figures_of_every_year_at_once_are_each_years_figures() -> None:
    years = [2026, *years_of(PENALTIES, INSPECTIONS, INFO), 2019]  # years without records too
    found = figures_by_year(years, PENALTIES, INSPECTIONS, INFO)
    assert found == [year_figures(year, PENALTIES, INSPECTIONS, INFO) for year in years]
    assert [figures.year for figures in found] == years
    assert found[1].penalties == 2 and found[0].penalties == found[-1].inspections == 0


def test_years_and_categories() -> None:
    assert years_of(PENALTIES, INSPECTIONS, INFO) == [2025, 2024, 2021]
    assert years_of(PENALTIES, INSPECTIONS, INFO, more=[2019, 2021]) == [2025, 2024, 2021, 2019]
    items = [{"category": c} for c in ("行政检查", "行政处罚", "行政处罚", "自定义")]
    assert items_by_category(items) == (("行政处罚", 2), ("行政检查", 1), ("自定义", 1))


@pytest.mark.parametrize(
    ("fen", "text"), [(0, "0.00"), (5, "0.05"), (200000, "2,000.00"), (123456789, "1,234,567.89")]
)
def test_yuan(fen: int, text: str) -> None:
    assert yuan(fen) == text


def test_off_site_decisions_count_by_their_publication_year() -> None:
    notices = [
        {"status": "expired", "published": dt.date(2021, 3, 30)},
        {"status": "expired", "published": dt.date(2021, 12, 30)},
        {"status": "repaired", "published": dt.date(2022, 1, 5)},
        {"status": "expired"},
    ]
    assert off_site_by_year(notices) == {2021: 2, 2022: 1}


def test_report_figures_come_from_table_two() -> None:
    meta = {"year": 2021, "table2": {"penalties": 15, "coercion": 2, "licensing": 0}}
    assert report_figures(meta) == ReportFigures(2021, penalties=15, coercion=2, licensing=0)
    assert report_figures({"year": 2025, "title": "手写的报告"}) is None
