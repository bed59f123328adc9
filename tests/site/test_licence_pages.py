"""The site's 行政许可决定: list, year and 许可类别 pages, detail, data, feed, stats, subject."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sitefixture import GOV_CODE, TODAY, write_record, write_site

from admin.site.app import create_site_app, site_urls
from admin.site.views.helpers import SITE_KEY


def licence(decision_no: str, **fields: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "title": f"户外广告设置许可决定书（{decision_no}）",
        "status": "published",
        "published": dt.date(2025, 10, 9),
        "updated": dt.date(2025, 10, 9),
        "party_kind": "法人及非法人组织",
        "party_name": "中宁县枸杞红农业发展有限公司",
        "party_credit_code": "91640521MA76000012",
        "legal_rep": "马文军",
        "doc_name": "户外广告设置许可决定书",
        "decision_no": decision_no,
        "licence_kind": "普通",
        "certificate_name": "户外广告设置许可证",
        "licence_no": "广许2025-007",
        "decision_date": dt.date(2025, 10, 8),
        "valid_from": dt.date(2025, 10, 8),
        "valid_until": dt.date(2027, 10, 7),
        "authority": "测试县测试镇人民政府",
        "authority_code": GOV_CODE,
        "current_status": "有效",
        "source_unit": "测试县测试镇人民政府",
        "source_unit_code": GOV_CODE,
        "subject": "dzc-gov",
        "on_time": True,
    }
    meta.update(fields)
    return meta


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    root = write_site(tmp_path / "content")
    write_record(root, "licences", "2025-0001", licence("测镇广许〔2025〕7号"), "准予设置。")
    write_record(
        root,
        "licences",
        "2024-0001",
        licence(
            "测镇规许〔2024〕2号",
            title="乡村建设规划许可决定书（测镇规许〔2024〕2号）",
            party_kind="自然人",
            party_name="马某某",
            party_credit_code="",
            legal_rep="",
            licence_kind="核准",
            decision_date=dt.date(2024, 4, 1),
            valid_until=dt.date(2025, 3, 31),
            current_status="注销",
            status_date=dt.date(2025, 1, 6),
            updated=dt.date(2025, 1, 6),
        ),
    )
    app = create_site_app(root, TODAY)
    app.config["TESTING"] = True
    return app.test_client()


def text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_list_has_year_and_kind_pages(client: FlaskClient) -> None:
    page = text(client, "/licences/")
    assert "户外广告设置许可决定书（测镇广许〔2025〕7号）" in page
    assert '"year/2024/index.html"' in page and '"kind/approval/index.html"' in page
    assert "测镇广许" not in text(client, "/licences/year/2024/")
    assert "测镇规许" not in text(client, "/licences/kind/general/")
    assert "测镇规许" in text(client, "/licences/kind/approval/")
    assert client.get("/licences/kind/franchise/").status_code == 404
    urls = set(site_urls(client.application.extensions[SITE_KEY]))
    assert {"/licences/", "/licences/year/2025/", "/licences/kind/general/"} <= urls
    assert {"/licences/2025-0001/", "/licences/2024-0001/"} <= urls
    assert "/licences/kind/franchise/" not in urls


def test_the_page_shows_the_fields_and_the_status(client: FlaskClient) -> None:
    page = text(client, "/licences/2025-0001/")
    for shown in ("中宁县枸杞红农业发展有限公司", "91640521MA76000012", "马文军", "广许2025-007"):
        assert shown in page
    assert "当前状态" in page and "准予设置。" in page
    cancelled = text(client, "/licences/2024-0001/")
    assert "该许可已于 <strong>2025-01-06</strong> <strong>注销</strong>" in cancelled


def test_an_expired_licence_says_so(client: FlaskClient, tmp_path: Path) -> None:
    root = tmp_path / "content"
    write_record(
        root,
        "licences",
        "2023-0001",
        licence("测镇广许〔2023〕1号", valid_until=dt.date(2024, 1, 1)),
    )
    app = create_site_app(root, TODAY)
    page = app.test_client().get("/licences/2023-0001/").get_data(as_text=True)
    assert "有效期已于 <strong>2024-01-01</strong> 届满" in page


def test_open_data_feed_and_sitemap_carry_licences(client: FlaskClient) -> None:
    data = json.loads(text(client, "/data/licences.json"))
    numbers = [r["decision_no"] for r in data["records"]]
    assert numbers == ["测镇广许〔2025〕7号", "测镇规许〔2024〕2号"]
    assert {"current_status", "licence_kind", "valid_until"} <= set(data["records"][0])
    csv = text(client, "/data/licences.csv")
    assert csv.splitlines()[0].startswith("\ufeff标题,行政相对人名称,行政相对人类别")
    package = json.loads(text(client, "/data/datapackage.json"))
    assert "licences" in [r["name"] for r in package["resources"]]
    assert "/licences/2025-0001/" in text(client, "/feed.xml")
    assert "/licences/2024-0001/" in text(client, "/sitemap.xml")


def test_stats_count_by_year_and_kind(client: FlaskClient) -> None:
    page = text(client, "/stats/")
    assert "行政许可决定按年份和许可类别" in page
    assert "<tr><td>2025年</td><td>1</td><td>1</td>" in page


def test_the_subjects_page_lists_its_licences(client: FlaskClient) -> None:
    page = text(client, "/subjects/dzc-gov/")
    assert "本主体作出的行政许可决定 2 件" in page
    assert "../../licences/2025-0001/index.html" in page


def test_an_incremental_build_rerenders_a_licence_when_its_validity_passes(
    tmp_path: Path,
) -> None:
    from admin.freeze.incremental import url_inputs
    from admin.site.content import load_site

    root = write_site(tmp_path / "content")
    meta = licence("测镇广许〔2023〕1号", valid_until=dt.date(2026, 6, 1))
    write_record(root, "licences", "2023-0001", meta)
    url = "/licences/2023-0001/"
    before = url_inputs(load_site(root, dt.date(2026, 6, 1)), [url])
    after = url_inputs(load_site(root, dt.date(2026, 6, 2)), [url])
    assert before[url] != after[url]
