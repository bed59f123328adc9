"""Many bodies on one site (#16 item 4): a county government with two bodies under it.

Each decision lands under the body that decided it (its 处罚机关's credit code, else its
name), each body has lists of its own, the home page and /stats/ break the figures down
by body, and ``gongshi build --body`` builds one body's column alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import posixpath
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
import tomli_w
from flask.testing import FlaskClient
from sitefixture import SITE, TODAY, penalty, write_record

from admin.freeze.incremental import site_key
from admin.site.app import create_site_app, site_urls
from admin.site.bodies import UnknownBody
from admin.site.content import Site, load_site
from admin.site.views.helpers import SITE_KEY

REPO = Path(__file__).resolve().parents[2]
COUNTY, TOWN, DEPT = "xian-gov", "xb-gov", "sj-ju"
NAMES = {COUNTY: "测试县人民政府", TOWN: "测试县新堡镇人民政府", DEPT: "测试县市场监督管理局"}
CODES = {COUNTY: "11640521MB0000001A", TOWN: "11640521MB0000002B", DEPT: "11640521MB0000003C"}
#: Decision slug → (处罚机关, its credit code, the slug it carries, fine in 分).
DECISIONS = {
    # Matched by credit code; no slug at all, as an imported decision may be.
    "2025-0001": (NAMES[COUNTY], CODES[COUNTY], None, 100000),
    # Matched by name only: the credit code is empty.
    "2025-0002": (NAMES[TOWN], "", None, 20000),
    # The code decides, not the slug the file carries.
    "2025-0003": (NAMES[TOWN], CODES[TOWN], COUNTY, 30000),
    # A short name the body's page does not use: matched by its code.
    "2025-0004": ("测试县市场监管局", CODES[DEPT], None, 500000),
    # A body this site does not have: listed on the site, under no body.
    "2025-0005": ("某某县公安局", "", None, 7000),
}
EXPECTED = {COUNTY: ["2025-0001"], TOWN: ["2025-0002", "2025-0003"], DEPT: ["2025-0004"]}


def write_county(root: Path) -> Path:
    """Write a county's ``content/``: its government, a township and a department under it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.toml").write_text(tomli_w.dumps(SITE), encoding="utf-8")
    common = {"status": "published", "published": dt.date(2024, 1, 5)}
    for slug, name in NAMES.items():
        write_record(
            root,
            "subjects",
            slug,
            {
                "title": name,
                **common,
                "name": name,
                "kind": "法定行政机关",
                "parent": "" if slug == COUNTY else COUNTY,
                "credit_code": CODES[slug],
                "legal_basis": "《中华人民共和国行政处罚法》",
            },
        )
    for n, slug in enumerate(NAMES):
        for k in range(n + 1):  # 1, 2 and 3 officers and items: each body's count differs
            write_record(
                root,
                "officers",
                f"{slug}-o{k}",
                {
                    "title": f"执法员{n}{k}",
                    **common,
                    "name": f"王{n}{k}",
                    "certificate_no": f"宁A0521{n}{k:03d}",
                    "subject": slug,
                    "subject_name": NAMES[slug],
                    "officer_status": "在岗",
                },
            )
            write_record(
                root,
                "items",
                f"{slug}-i{k}",
                {
                    "title": f"{NAMES[slug]}事项{k}",
                    **common,
                    "name": f"{NAMES[slug]}事项{k}",
                    "code": f"{slug.upper()}-{k}",
                    "category": "行政处罚",
                    "subject": slug,
                },
            )
        write_record(
            root,
            "inspections",
            f"2025-1{n:03d}",
            {
                "title": f"{NAMES[slug]}的检查",
                **common,
                "party_kind": "法人及非法人组织",
                "party_name": "中宁县示例加油站有限公司",
                "inspected_on": dt.date(2025, 6, 1 + n),
                "result": "合格",
                "subject": slug,
                "on_time": True,
            },
        )
    for number, (slug, (authority, code, carried, fine)) in enumerate(DECISIONS.items()):
        meta = penalty(
            f"测试罚〔2025〕{number + 1}号",
            authority=authority,
            authority_code=code,
            fine_fen=fine,
            decision_date=dt.date(2025, 9, 1 + number),
        )
        del meta["item"], meta["subject"]
        if carried:
            meta["subject"] = carried
        write_record(root, "penalties", slug, meta, "当事人占道经营。")
    return root


@pytest.fixture
def county(tmp_path: Path) -> Path:
    return write_county(tmp_path / "content")


@pytest.fixture
def site(county: Path) -> Site:
    return load_site(county, TODAY)


@pytest.fixture
def client(county: Path) -> FlaskClient:
    return create_site_app(county, TODAY).test_client()


def slugs(records) -> list[str]:
    return sorted(r.slug for r in records)


def page(client: FlaskClient, url: str) -> str:
    answer = client.get(url)
    assert answer.status_code == 200, url
    return answer.get_data(as_text=True)


def test_each_decision_lands_under_the_body_that_decided_it(site: Site) -> None:
    for body, expected in EXPECTED.items():
        assert slugs(site.of_body("penalties", body)) == expected
    assert site.find("penalties", "2025-0005").body_slug == ""
    assert [(b.slug, depth) for b, depth in site.bodies()] == [(COUNTY, 0), (DEPT, 1), (TOWN, 1)]


def test_each_body_lists_exactly_its_decisions(client: FlaskClient) -> None:
    for body, expected in EXPECTED.items():
        html = page(client, f"/subjects/{body}/penalties/")
        shown = {slug for slug in DECISIONS if f"penalties/{slug}/index.html" in html}
        assert shown == set(expected), body
        assert f"行政处罚决定（{NAMES[body]}）" in html
    town = page(client, f"/subjects/{TOWN}/inspections/")
    assert "2025-1001/index.html" in town and "2025-1000/index.html" not in town


def test_a_bodys_page_lists_its_officers_items_and_links_to_its_lists(
    client: FlaskClient,
) -> None:
    html = page(client, f"/subjects/{DEPT}/")
    assert "王22" in html and "王11" not in html and "王00" not in html
    assert f"{NAMES[DEPT]}事项1" in html and f"{NAMES[TOWN]}事项0" not in html
    assert 'href="penalties/index.html"' in html and 'href="inspections/index.html"' in html
    assert "公示期内 1 件" in html
    county = page(client, f"/subjects/{COUNTY}/")
    assert f'href="../{TOWN}/index.html"' in county  # the bodies under it


def test_the_main_lists_filter_by_body(client: FlaskClient) -> None:
    html = page(client, "/penalties/")
    assert "按执法主体" in html
    for body, expected in EXPECTED.items():
        assert f'href="../subjects/{body}/penalties/index.html"' in html
        assert f"{NAMES[body]}（{len(expected)}）" in html
    assert "2025-0005/index.html" in html  # the main list keeps the decision of no body
    assert f'href="../subjects/{TOWN}/inspections/index.html"' in page(client, "/inspections/")


def test_home_and_stats_break_the_figures_down_by_body(client: FlaskClient) -> None:
    for url in ("/", "/stats/"):
        html = page(client, url)
        rows = {
            body: html.split(f">{NAMES[body]}</a></th>", 1)[1].split("</tr>", 1)[0]
            for body in NAMES
        }
        # decisions, fines, inspections, items, officers
        assert ">1</a></td><td>1,000.00</td><td>" in rows[COUNTY], url
        assert rows[COUNTY].endswith("<td>1</td><td>1</td>")
        assert ">2</a></td><td>500.00</td>" in rows[TOWN]
        assert rows[TOWN].endswith("<td>2</td><td>2</td>")
        assert ">1</a></td><td>5,000.00</td>" in rows[DEPT]
        assert rows[DEPT].endswith("<td>3</td><td>3</td>")


def test_a_site_of_one_body_has_no_filter_and_no_table(county: Path) -> None:
    client = create_site_app(county, TODAY, body=TOWN).test_client()
    for url in ("/", "/stats/", "/penalties/"):
        html = page(client, url)
        assert "按执法主体" not in html and "各执法主体" not in html, url


def test_every_page_of_the_county_is_valid_and_links_resolve(county: Path) -> None:
    app = create_site_app(county, TODAY)
    client = app.test_client()
    urls = list(site_urls(app.extensions[SITE_KEY]))
    assert f"/subjects/{TOWN}/penalties/" in urls and f"/subjects/{DEPT}/inspections/" in urls
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    known = set(urls)
    for url in urls:
        answer = client.get(url)
        text = answer.get_data(as_text=answer.mimetype == "text/html")
        answer.close()
        assert answer.status_code == 200, url
        if answer.mimetype != "text/html" or url == "/404.html":
            continue
        document = parser.parse(text)
        for element in document.iter("a"):
            href = element.get("href", "")
            if href.startswith(("#", "http")):
                continue
            path = urlsplit(href).path
            assert path.endswith("index.html") or "." in posixpath.basename(path), (url, href)
            target = posixpath.normpath(posixpath.join(url, path))
            target = target.removesuffix("index.html").rstrip("/") + "/"
            assert target in known or target.rstrip("/") in known, (url, href)


def test_narrowed_site_keeps_the_body_and_those_below_it(county: Path) -> None:
    town = load_site(county, TODAY, body=TOWN)
    assert slugs(town.all("subjects")) == [TOWN]
    assert slugs(town.all("penalties")) == EXPECTED[TOWN]
    assert slugs(town.all("officers")) == [f"{TOWN}-o0", f"{TOWN}-o1"]
    whole = load_site(county, TODAY, body=COUNTY)
    assert slugs(whole.all("subjects")) == sorted(NAMES)
    assert slugs(whole.all("penalties")) == sorted(s for v in EXPECTED.values() for s in v)
    with pytest.raises(UnknownBody):
        load_site(county, TODAY, body="nowhere")


def test_a_column_never_shares_the_whole_sites_build_state(county: Path) -> None:
    whole = site_key(load_site(county, TODAY), county)
    column = site_key(load_site(county, TODAY, body=COUNTY), county)
    town = site_key(load_site(county, TODAY, body=TOWN), county)
    assert len({whole, column, town}) == 3


def gongshi(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run this tree's ``gongshi`` command as a user would (``python -m admin``)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("GONGSHI_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "admin", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def test_build_body_builds_one_bodys_column_alone(
    county: Path, tmp_path: Path, instance_dir: Path
) -> None:
    out = tmp_path / "column"
    today = TODAY.isoformat()
    args = ("build", "--content", str(county), "--out", str(out), "--today", today)
    done = gongshi(*args, "--body", TOWN, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (out / "subjects" / TOWN / "penalties" / "index.html").is_file()
    assert not (out / "subjects" / COUNTY).exists()
    assert not (out / "subjects" / DEPT).exists()
    built = sorted(p.name for p in (out / "penalties").iterdir() if p.name.startswith("2025-"))
    assert built == EXPECTED[TOWN]
    rows = list(
        csv.DictReader(io.StringIO((out / "data" / "penalties.csv").read_text("utf-8-sig")))
    )
    assert len(rows) == len(EXPECTED[TOWN])
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "2025-0002" in sitemap and "2025-0001" not in sitemap
    assert "2025-0001" not in (out / "feed.xml").read_text("utf-8")
    home = (out / "index.html").read_text("utf-8")
    assert NAMES[TOWN] in home and NAMES[DEPT] not in home

    refused = gongshi(*args, "--body", "nowhere", cwd=tmp_path)
    assert refused.returncode == 2
    assert "--body" in refused.stderr and "nowhere" in refused.stderr
    assert all(slug in refused.stderr for slug in NAMES)


def test_a_long_body_list_is_paginated_like_the_main_lists(county: Path) -> None:
    for number in range(20):  # 22 of the township's decisions
        meta = penalty(
            f"测试罚〔2024〕{number + 1}号",
            authority=NAMES[TOWN],
            authority_code="",
            decision_date=dt.date(2024, 9, 1 + number),
        )
        del meta["item"], meta["subject"]
        write_record(county, "penalties", f"2024-{number:04d}", meta)
    app = create_site_app(county, TODAY)
    urls = list(site_urls(app.extensions[SITE_KEY]))
    first = f"/subjects/{TOWN}/penalties/"
    # 22 decisions: the folder shows the newest 20; the archive holds 2024's 20 and 2025's 2.
    pages = [f"{first}page/2024/", f"{first}page/2025/"]
    assert [u for u in urls if u.startswith(first)] == [first, *pages]
    client = app.test_client()
    folder = page(client, first)
    assert 'href="page/2024/index.html" rel="next">较早' in folder
    older = page(client, pages[0])
    shown = sorted(slug for slug in ("2024-0000", "2024-0001", "2024-0019") if slug in older)
    assert shown == ["2024-0000", "2024-0001", "2024-0019"]
    assert 'href="../../index.html">最新' in older  # back to the list's own folder
    assert 'href="../2025/index.html" rel="prev">较新' in older
    assert client.get(f"{first}page/1/").status_code == 404
    assert client.get(f"{first}page/2/").status_code == 404
    assert client.get(f"{first}page/3/").status_code == 404
