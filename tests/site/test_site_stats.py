"""/stats/: a year whose decisions are off the site says so and shows its report's figures."""

from __future__ import annotations

import re
from pathlib import Path

from sitefixture import TODAY

from admin.site.app import create_site_app

REPORT_2021 = """+++
title = "测试镇2021年政府信息公开工作年度报告"
status = "published"
published = 2022-01-20
year = 2021

[table2]
regulations = [0, 0, 0]
normative = [0, 0, 0]
licensing = 0
penalties = 15
coercion = 1
fees_fen = 0
+++
## 一、总体情况

略。
"""


def _year_section(text: str, year: int) -> str:
    match = re.search(
        rf'<section class="year" aria-labelledby="y{year}">(.*?)</section>', text, re.S
    )
    assert match, year
    return re.sub(r"<svg.*?</svg>", "", match.group(1), flags=re.S)


def test_a_year_off_the_site_shows_its_report_instead_of_zeros(content_dir: Path) -> None:
    # 2021's only listed decision goes: its others are notices (publicity over, repaired).
    (content_dir / "penalties" / "2021-0001.md").unlink()
    (content_dir / "reports" / "2021.md").write_text(REPORT_2021, encoding="utf-8")
    text = create_site_app(content_dir, TODAY).test_client().get("/stats/").get_data(as_text=True)
    section = _year_section(text, 2021)
    plain = re.sub(r"<[^>]+>", "", section)
    assert "已过公示期或经信用修复，不再在本站公示" in plain
    assert "作出行政处罚决定 15 件、行政强制决定 1 件" in plain
    assert "15 件行政处罚决定（据年度报告）" in plain
    assert "0 件行政处罚决定" not in plain and "0.00 元罚款" not in plain
    assert 'href="../reports/2021/index.html"' in section


def test_a_year_with_some_decisions_off_the_site_counts_the_rest(content_dir: Path) -> None:
    text = create_site_app(content_dir, TODAY).test_client().get("/stats/").get_data(as_text=True)
    plain = re.sub(r"<[^>]+>", "", _year_section(text, 2021))
    assert re.search(r"另有 \d+ 件2021年公示的行政处罚决定已过公示期", plain)
    assert "1 件行政处罚决定" in plain
