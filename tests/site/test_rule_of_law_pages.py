"""The site's 法治政府建设年度报告: the year page, its own page, the list, feed and sitemap."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sitefixture import TODAY, write_record, write_site

from admin.domain import rule_of_law as rl
from admin.freeze import shards
from admin.freeze.checks import check_pages_match_content
from admin.site.app import create_site_app, site_urls
from admin.site.views.helpers import SITE_KEY

FIGURES = rl.to_front_matter(rl.from_front_matter(0, {"penalties": 3}))


def law_report(year: int) -> dict:
    return {
        "title": f"{year}年测试镇人民政府法治政府建设年度报告",
        "status": "published",
        "published": dt.date(year + 1, 3, 20),
        "updated": dt.date(year + 1, 3, 20),
        "kind": rl.CONTENT_KIND,
        "year": year,
        "body_name": "测试县测试镇人民政府",
        **FIGURES,
    }


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    root = write_site(tmp_path / "content")
    for year in (2025, 2024):  # 2025 beside the fixture's 政府信息公开 report; 2024 alone
        body = rl.report_markdown({"section1_md": f"{year}年推行行政执法三项制度。"}, "")
        write_record(root, "reports", rl.content_slug(year), law_report(year), body)
    app = create_site_app(root, TODAY)
    app.config["TESTING"] = True
    return app.test_client()


def test_year_page_names_and_links_the_rule_of_law_report(client: FlaskClient) -> None:
    page = client.get("/reports/2025/").get_data(as_text=True)
    assert "测试镇2025年政府信息公开工作年度报告" in page  # the other report, as before
    assert (
        '<a href="rule-of-law/index.html">2025年测试镇人民政府法治政府建设年度报告</a></h2>' in page
    )
    alone = client.get("/reports/2024/")
    assert alone.status_code == 200
    assert "2024年测试镇人民政府法治政府建设年度报告" in alone.get_data(as_text=True)
    assert client.get("/reports/2023/").status_code == 404


def test_the_report_has_its_own_page_and_not_its_file_name(client: FlaskClient) -> None:
    page = client.get("/reports/2025/rule-of-law/").get_data(as_text=True)
    assert "<h1>2025年测试镇人民政府法治政府建设年度报告</h1>" in page
    assert "2025年推行行政执法三项制度" in page and "二、存在的不足和原因" in page
    assert client.get("/reports/2025-rule-of-law/").status_code == 404
    assert client.get("/reports/2023/rule-of-law/").status_code == 404


def test_list_feed_sitemap_and_the_freezer_s_urls(client: FlaskClient) -> None:
    listing = client.get("/reports/").get_data(as_text=True)
    assert "测试镇2025年政府信息公开工作年度报告" in listing
    assert "2024年测试镇人民政府法治政府建设年度报告" in listing
    assert "2025/rule-of-law/index.html" in listing
    feed = client.get("/feed.xml").get_data(as_text=True)
    assert "/reports/2025/rule-of-law/</id>" in feed
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/reports/2024/rule-of-law/</loc>" in sitemap
    urls = list(site_urls(client.application.extensions[SITE_KEY]))
    assert {"/reports/2024/", "/reports/2024/rule-of-law/", "/reports/2025/rule-of-law/"} <= set(
        urls
    )
    assert "/reports/2025-rule-of-law/" not in urls
    built = [u.strip("/") + "/index.html" for u in urls if u.endswith("/")]
    site = client.application.extensions[SITE_KEY]
    assert check_pages_match_content(built, site) == []
    missing = [b for b in built if "2024/rule-of-law" not in b]
    assert check_pages_match_content(missing, site) == [
        "reports/2024-rule-of-law：content 中有此记录，网站缺少它的页面"
    ]


def test_search_lists_the_report_under_its_year(client: FlaskClient) -> None:
    site = client.application.extensions[SITE_KEY]
    files = ["reports/2024/rule-of-law/index.html", "reports/2024/index.html"]
    found = {c.path: c.year for c in shards.candidates(site, files)}
    assert found["reports/2024/rule-of-law/index.html"] == "2024"


def test_a_withdrawn_report_is_a_notice_and_leaves_the_list(tmp_path: Path) -> None:
    root = write_site(tmp_path / "content")
    meta = law_report(2024) | {
        "status": "withdrawn",
        "notice_date": dt.date(2025, 4, 2),
        "notice_reason": "数据有误，更正后重新发布",
        "notice_basis": "《法治政府建设与责任落实督察工作规定》（厅字〔2019〕28号）",
    }
    write_record(root, "reports", rl.content_slug(2024), meta)
    client = create_site_app(root, TODAY).test_client()
    page = client.get("/reports/2024/rule-of-law/").get_data(as_text=True)
    assert "数据有误，更正后重新发布" in page and "已撤回" in page
    assert "2024年测试镇" not in client.get("/reports/").get_data(as_text=True)
    feed = client.get("/feed.xml").get_data(as_text=True)
    assert "/reports/2024/rule-of-law/#withdrawn-2025-04-02</id>" in feed


def test_a_year_of_other_digits_is_not_found(client: FlaskClient) -> None:
    # "²" and "٢٠٢٤" pass str.isdigit(); the first made int() raise (a 500 in `gongshi serve`).
    assert client.get("/reports/²/").status_code == 404
    assert client.get("/reports/٢٠٢٤/").status_code == 404


def test_the_url_comes_from_the_file_name_not_a_hand_edited_year(tmp_path: Path) -> None:
    root = write_site(tmp_path / "content")
    meta = {k: v for k, v in law_report(2023).items() if k != "year"}
    write_record(root, "reports", rl.content_slug(2023), meta, "正文")
    app = create_site_app(root, TODAY)
    assert "/reports/2023/rule-of-law/" in set(site_urls(app.extensions[SITE_KEY]))
    page = app.test_client().get("/reports/2023/")
    assert 'href="rule-of-law/index.html"' in page.get_data(as_text=True)


def test_a_misnamed_rule_of_law_file_is_refused_by_its_name(tmp_path: Path) -> None:
    from admin.content.store import ContentStoreError

    root = write_site(tmp_path / "content")
    write_record(root, "reports", "fazhi", law_report(2023), "正文")
    with pytest.raises(ContentStoreError, match=r"fazhi\.md：kind：.*2021-rule-of-law\.md"):
        create_site_app(root, TODAY)
