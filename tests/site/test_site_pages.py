"""Every page of the public site answers and shows what the law asks for (LAW.md §2, §7, §8)."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import pytest
from sitefixture import BASE_URL, PROJECT, SITE, TODAY, Rendered, html_pages, write_site

from admin.domain.slugs import project_slug
from admin.site.app import STATIC_DIR, create_site_app
from admin.site.qrcode import qr_svg

DETAIL_PAGES = (
    "/subjects/dzc-gov/",
    "/items/cf-0001/",
    "/penalties/2025-0001/",
    "/inspections/2026-0001/",
    "/info/2026-00001/",
    "/pages/guide/",
    "/reports/2025/",
)
#: (URL, why it is a notice, title prefix)
NOTICES = (
    ("/penalties/2021-0002/", "withdrawn", "【已撤回】"),
    ("/penalties/2021-0003/", "expired", "【公示期满】"),
    ("/penalties/2021-0004/", "expired by date", "【公示期满】"),
    ("/penalties/2021-0005/", "repaired", "【信用修复】"),
    ("/inspections/2025-0002/", "withdrawn", "【已撤回】"),
    ("/info/2025-00002/", "withdrawn", "【已撤回】"),
)
#: Every URL pattern of DESIGN.md's table, as the fixture instantiates it.
DESIGN_URLS = (
    "/",
    "/subjects/",
    "/subjects/dzc-gov/",
    "/officers/",
    "/items/",
    "/items/cf-0001/",
    "/penalties/",
    "/penalties/2025-0001/",
    "/inspections/",
    "/inspections/2025-0001/",
    "/info/",
    "/info/2026-00001/",
    "/pages/guide/",
    "/stats/",
    "/search/",
    "/feed.xml",
    "/sitemap.xml",
    "/penalties/page/202511/",
    "/penalties/year/2025/",
    "/penalties/year/2025/page/202511/",
    "/penalties/kind/fine/",
    "/penalties/kind/warning/",
    "/inspections/year/2026/",
    "/info/year/2025/",
    "/data/",
    "/data/penalties.csv",
    "/data/penalties.json",
    "/reports/",
    "/reports/2025/",
    "/projects/",
    f"/projects/{project_slug(PROJECT)}/",
    "/404.html",
)


@functools.cache
def parse(text: str) -> Element:
    """Parse HTML strictly: any parse error fails the test (cached: pages are read-only)."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(text)


def links(document: Element) -> Iterator[tuple[str, str]]:
    """Yield (attribute, value) of every href and src in ``document``."""
    for element in document.iter():
        for attribute in ("href", "src"):
            if attribute in element.attrib:
                yield attribute, element.attrib[attribute]


def meta_content(document: Element, name: str, attribute: str = "name") -> str | None:
    """Return the content of ``<meta name=…>`` (or ``property=…``)."""
    for element in document.iter("meta"):
        if element.get(attribute) == name:
            return element.get("content")
    return None


def text_of(document: Element) -> str:
    """Return the text of the document, tags removed."""
    return "".join(document.itertext())


def test_every_url_answers_200(rendered: dict[str, Rendered]) -> None:
    assert rendered, "site_urls yielded nothing"
    failed = {url: r.status for url, r in rendered.items() if r.status != 200}
    assert failed == {}


@pytest.mark.parametrize("url", DESIGN_URLS)
def test_design_table_url_is_generated(rendered: dict[str, Rendered], url: str) -> None:
    assert url in rendered
    assert rendered[url].status == 200


def test_site_urls_are_unique_and_folder_urls(rendered: dict[str, Rendered]) -> None:
    for url, answer in rendered.items():
        if answer.mimetype == "text/html" and url != "/404.html":
            assert url.endswith("/"), url


def test_every_html_page_parses_without_errors(rendered: dict[str, Rendered]) -> None:
    for url, text in html_pages(rendered).items():
        try:
            parse(text)
        except html5lib.html5parser.ParseError as error:
            pytest.fail(f"{url}: {error}")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/subjects/dzc-gov/",
            [
                "职权依据",
                "地方各级人民政府组织法",
                "赋权依据",
                "综合行政执法",
                "监督机关",
                "12345",
                "测试县司法局",
                "救济途径",
                "六十日",
                "测试县人民政府",
                "测试县人民法院",
                "工作日 8:30",
                "执法人员",
            ],
        ),
        (
            "/officers/",
            ["王执法", "宁A05210001", "赵公正", "宁A05210002", "综合执法", "测试镇辖区"],
        ),
        (
            "/items/",
            [
                "共 6 项",
                "行政处罚（2 项）",
                "行政检查（1 项）",
                "行政强制（1 项）",
                "行政征收（1 项）",
                "行政裁决（1 项）",
                "对非法占用土地的处罚",
            ],
        ),
        (
            "/items/cf-0001/",
            [
                "对非法占用土地的处罚",
                "设定和实施依据",
                "办理流程",
                "立案、调查",
                "办理时限",
                "救济途径",
                "裁量基准",
                "实施主体",
            ],
        ),
        (
            "/penalties/2025-0001/",
            [
                "测试综执罚〔2025〕1号",
                "中宁县示例建材有限公司",
                "法人及非法人组织",
                "91640521MA76000012",
                "法定代表人",
                "李四",
                "未经批准占用耕地堆放建筑材料",
                "长山头村",
                "《中华人民共和国土地管理法》第七十七条",
                "罚款",
                "责令退还",
                "2,000.00 元",
                "2025-09-01",
                "公示截止期",
                "2026-09-01",
                "处罚机关",
                "11640521MB0000000X",
                "数据来源单位",
                "普通程序",
                "对非法占用土地的处罚",
                "六十日内向测试县人民政府申请行政复议",
                "六个月内向测试县人民法院提起行政诉讼",
            ],
        ),
        (
            "/penalties/2021-0001/",
            [
                "个体工商户",
                "测试镇示例百货店",
                "罚款、没收违法所得",
                "350.50 元",
                "处罚有效期",
                "2021-06-10",
                "2026-12-31",
            ],
        ),
        ("/penalties/2025-0002/", ["张某某", "自然人", "警告", "简易程序"]),
        (
            "/inspections/2026-0001/",
            ["刘某某", "责令整改", "限期十日整改", "院墙超出审批范围", "2026-03-01", "救济途径"],
        ),
        (
            "/info/",
            [
                "索引号",
                "内容概述",
                "生成日期",
                "11640521MB0000000X/2026-00001",
                "2026年一般公共预算收支情况",
                "2026-01-20",
                "政府信息公开指南",
            ],
        ),
        (
            "/info/2026-00001/",
            [
                "索引号",
                "主题分类",
                "财政预决算",
                "发布机构",
                "文号",
                "测政发〔2026〕1号",
                "生成日期",
                "发布日期",
                "有效性",
                "预算说明",
                "预算表",
            ],
        ),
        ("/pages/guide/", ["政府信息公开指南", "主动公开"]),
        ("/reports/", ["测试镇2025年政府信息公开工作年度报告"]),
        ("/stats/", ["2025年", "件行政处罚决定", "元罚款", "执法事项按类别", "按时公示"]),
        ("/data/", ["行政处罚决定", "penalties.csv", "penalties.json", "行政处罚决定书文号"]),
        ("/sitemap/", ["执法主体", "行政处罚决定", "2025年", "政府信息公开指南", "联系我们"]),
        ("/404.html", ["页面未找到", "返回首页"]),
        ("/search/", ["全文检索"]),
        ("/", ["行政处罚决定", "公示期内 23 件", "执法事项清单", "最新公开", "示例农户宅基地检查"]),
    ],
)
def test_page_shows_what_the_law_asks(
    rendered: dict[str, Rendered], url: str, expected: list[str]
) -> None:
    text = text_of(parse(rendered[url].text))
    missing = [phrase for phrase in expected if phrase not in text]
    assert missing == []


def test_auxiliary_staff_and_departed_records_are_not_invented(
    rendered: dict[str, Rendered],
) -> None:
    document = parse(rendered["/officers/"].text)
    rows = document.findall(".//tbody/tr")
    assert len(rows) == 2


def test_info_attachment_with_a_script_url_is_not_a_link(rendered: dict[str, Rendered]) -> None:
    document = parse(rendered["/info/2026-00001/"].text)
    hrefs = [value for attribute, value in links(document) if attribute == "href"]
    assert "https://zw.example.gov.cn/files/ys.pdf" in hrefs
    assert not [h for h in hrefs if h.lower().startswith("javascript")]
    assert "危险附件" in text_of(document)


@pytest.mark.parametrize(("url", "why", "prefix"), NOTICES)
def test_notice_is_shown_at_the_records_url(
    rendered: dict[str, Rendered], url: str, why: str, prefix: str
) -> None:
    document = parse(rendered[url].text)
    assert document.find(".//title").text.startswith(prefix)
    assert "".join(document.find(".//h1").itertext()).startswith(prefix)
    assert meta_content(document, "robots") == "noindex"
    assert document.find(".//div[@class='notice']") is not None
    assert "扫一扫在手机上查看当前页面" in text_of(document)


def test_expired_by_date_notice_holds_nothing_personal(rendered: dict[str, Rendered]) -> None:
    # The file still holds the full decision; the page shows only the notice.
    text = rendered["/penalties/2021-0004/"].text
    assert "钱某某" not in text
    assert "彩钢房" not in text
    assert "测试综执罚〔2021〕4号" in text
    assert "2026-05-31" in text


def test_record_is_listed_through_its_last_publicity_day(tmp_path: Path) -> None:
    root = write_site(tmp_path / "content")
    on_last_day = create_site_app(root, dt.date(2026, 5, 31))
    page = on_last_day.test_client().get("/penalties/2021-0004/").get_data(as_text=True)
    assert "【公示期满】" not in page
    assert "钱某某" in page


@pytest.mark.parametrize(("url", "why", "prefix"), NOTICES)
def test_notice_is_not_listed_anywhere(
    rendered: dict[str, Rendered], url: str, why: str, prefix: str
) -> None:
    for page_url, answer in rendered.items():
        if page_url == url or page_url.startswith("/static/"):
            continue
        if answer.mimetype == "text/html":
            targets = {_resolve(page_url, value) for _, value in links(parse(answer.text))}
            assert url not in targets, f"{page_url} links to {url}"
        elif page_url != "/feed.xml":
            assert BASE_URL.rstrip("/") + url not in answer.text, f"{page_url} names {url}"


def test_lists_are_paginated_with_static_pages(rendered: dict[str, Rendered]) -> None:
    # The folder shows the newest 20; the archive pages hold fixed blocks by date
    # (admin/site/archive.py): 2021, Jan–Oct 2025 packed, Nov–Dec 2025 packed.
    first = parse(rendered["/penalties/"].text)
    newest = parse(rendered["/penalties/page/202511/"].text)
    assert len(first.findall(".//ul[@class='records']/li")) == 20
    assert len(newest.findall(".//ul[@class='records']/li")) == 2
    pager_links = [a.get("href") for a in first.iter("a") if a.get("rel") == "next"]
    assert pager_links == ["page/202501/index.html"]
    back = [a.get("href") for a in newest.iter("a") if a.text == "最新"]
    assert back == ["../../index.html"]
    assert [a.get("rel") for a in newest.iter("a") if a.text == "较早"] == ["next"]
    current = [e.text for e in newest.iter("span") if e.get("aria-current") == "page"]
    assert current == ["2025年11月—12月"]
    assert "行政处罚决定（2025年11月—12月）" in rendered["/penalties/page/202511/"].text


def test_archive_pages_show_no_totals_and_no_body_counts(rendered: dict[str, Rendered]) -> None:
    # Nothing on an archive page depends on the list's length: no count, no last page.
    text = rendered["/penalties/page/202501/"].text
    assert "共 " not in text and "按执法主体" not in text and "最早" not in text
    assert "共 23 件" in rendered["/penalties/"].text


@pytest.mark.parametrize(
    ("url", "count"),
    [
        ("/penalties/year/2025/", 20),
        ("/penalties/year/2025/page/202511/", 2),
        ("/penalties/year/2025/page/202501/", 20),
        ("/penalties/year/2021/", 1),
        ("/penalties/kind/warning/", 11),
        ("/penalties/kind/fine/", 20),
        ("/penalties/kind/fine/page/202512/", 1),
        ("/penalties/kind/fine/page/2021/", 1),
        ("/penalties/kind/confiscate-gains/", 1),
        ("/inspections/year/2026/", 1),
        ("/info/year/2025/", 1),
    ],
)
def test_filter_pages_list_only_their_records(
    rendered: dict[str, Rendered], url: str, count: int
) -> None:
    document = parse(rendered[url].text)
    entries = document.findall(".//ul[@class='records']/li") or document.findall(
        ".//ol[@class='catalogue']/li"
    )
    assert len(entries) == count


@pytest.mark.parametrize(
    "url",
    [
        "/penalties/page/1/",
        "/penalties/page/2/",
        "/penalties/page/3/",
        "/penalties/page/202502/",  # a month inside the page of January to October
        "/penalties/page/2025/",  # 2025 is too long for one page
        "/penalties/year/2021/page/2021/",  # a list shown whole has no archive
        "/penalties/year/2030/",
        "/penalties/year/2025/page/1/",
        "/penalties/kind/detention/",
        "/penalties/kind/no-such-kind/",
        "/penalties/no-such-decision/",
        "/admin/",
        "/login/",
    ],
)
def test_pages_that_do_not_exist_answer_404_in_chinese(client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 404
    assert "页面未找到" in response.get_data(as_text=True)


def test_site_app_has_no_admin_session_or_secret(site_app) -> None:
    assert not site_app.secret_key
    endpoints = {rule.endpoint.split(".")[0] for rule in site_app.url_map.iter_rules()}
    assert endpoints <= {
        "home",
        "subjects",
        "officers",
        "items",
        "penalties",
        "licences",
        "inspections",
        "info",
        "projects",
        "pages",
        "stats",
        "data",
        "feeds",
        "reports",
        "search",
        "errors",
        "static",
    }


def test_links_inside_pages_are_relative_and_resolve(rendered: dict[str, Rendered]) -> None:
    known = set(rendered)
    for url, text in html_pages(rendered).items():
        if url == "/404.html":
            continue
        for attribute, value in links(parse(text)):
            if value.startswith("#") or value.startswith(("https://", "http://", "mailto:")):
                continue
            assert not value.startswith("/"), f"{url}: absolute path {value}"
            path = urlsplit(value).path
            assert path.endswith("index.html") or "." in posixpath.basename(path), (url, value)
            assert _resolve(url, value) in known, f"{url}: {attribute}={value} does not resolve"


def test_absolute_links_are_public_or_external_only(rendered: dict[str, Rendered]) -> None:
    allowed_hosts = {"beian.miit.gov.cn", "beian.mps.gov.cn", "zw.example.gov.cn"}
    for url, text in html_pages(rendered).items():
        for _, value in links(parse(text)):
            if value.startswith(("https://", "http://")):
                assert urlsplit(value).hostname in allowed_hosts, (url, value)


def test_404_page_links_by_public_url(rendered: dict[str, Rendered]) -> None:
    # The server sends it for a miss at any depth: relative links would break there.
    for _, value in links(parse(rendered["/404.html"].text)):
        if not value.startswith("#"):
            assert value.startswith(("https://", "http://")), value
    document = parse(rendered["/404.html"].text)
    stylesheet = [e.get("href") for e in document.iter("link") if e.get("rel") == "stylesheet"]
    assert stylesheet[0].startswith(BASE_URL + "static/site.css?v=")


def test_pages_are_the_same_under_a_sub_path(site_app, rendered: dict[str, Rendered]) -> None:
    # Served as a column of the county portal (SCRIPT_NAME=/dzc), links do not change.
    client = site_app.test_client()
    for url in ("/", "/penalties/2025-0001/", "/penalties/page/202511/", "/pages/guide/"):
        response = client.get(url, base_url="http://localhost/dzc/")
        assert response.status_code == 200
        assert response.data == rendered[url].data


@pytest.mark.parametrize(
    "name", ["SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType"]
)
def test_every_page_carries_the_site_metadata(rendered: dict[str, Rendered], name: str) -> None:
    for url, text in html_pages(rendered).items():
        assert meta_content(parse(text), name), f"{url} lacks {name}"


@pytest.mark.parametrize("url", DETAIL_PAGES)
def test_detail_pages_carry_article_metadata(rendered: dict[str, Rendered], url: str) -> None:
    document = parse(rendered[url].text)
    assert meta_content(document, "SiteName") == SITE["name"]
    assert meta_content(document, "SiteDomain") == "zw.example.gov.cn"
    assert meta_content(document, "SiteIDCode") == SITE["site_code"]
    assert meta_content(document, "ArticleTitle")
    if url == "/pages/guide/":
        # A hand-written page needs only a title: no date, no PubDate.
        assert meta_content(document, "PubDate") is None
    else:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta_content(document, "PubDate") or "")
    assert meta_content(document, "ContentSource")
    assert meta_content(document, "og:title", "property")
    assert meta_content(document, "og:description", "property")
    assert meta_content(document, "og:image", "property") == BASE_URL + "static/share.png"
    canonical = [e.get("href") for e in document.iter("link") if e.get("rel") == "canonical"]
    assert canonical == [BASE_URL + url.lstrip("/")]


def test_every_page_is_chinese_with_banner_skip_link_senior_mode_and_footer(
    rendered: dict[str, Rendered],
) -> None:
    for url, text in html_pages(rendered).items():
        document = parse(text)
        assert document.get("lang") == "zh-CN", url
        body = text_of(document)
        for phrase in (
            "示例数据",
            "主办单位",
            "联系方式",
            "网站标识码",
            "ICP备案号",
            "公安机关备案号",
            SITE["icp"],
            SITE["police_filing"],
            SITE["site_code"],
            SITE["sponsor"],
        ):
            assert phrase in body, f"{url} lacks {phrase}"
        hrefs = {a.get("href"): "".join(a.itertext()) for a in document.iter("a")}
        assert "#main" in hrefs, url
        assert "#elder" in hrefs and hrefs["#elder"] == "长者模式", url
        assert "网站地图" in hrefs.values() and "联系我们" in hrefs.values(), url
        assert document.find(".//*[@id='elder']") is not None, url
        assert document.find(".//*[@aria-label='党政机关网站标识']") is not None, url


def test_demo_banner_only_when_demo(tmp_path: Path) -> None:
    root = write_site(tmp_path / "content")
    site_toml = root / "site.toml"
    site_toml.write_text(
        site_toml.read_text(encoding="utf-8").replace("demo = true", "demo = false"),
        encoding="utf-8",
    )
    page = create_site_app(root, TODAY).test_client().get("/").get_data(as_text=True)
    assert "示例数据" not in page


@pytest.mark.parametrize("url", [*DETAIL_PAGES, *(n[0] for n in NOTICES)])
def test_detail_pages_show_a_qr_code_of_their_public_url(
    rendered: dict[str, Rendered], url: str
) -> None:
    text = rendered[url].text
    assert "扫一扫在手机上查看当前页面" in text
    assert str(qr_svg(BASE_URL + url.lstrip("/"))) in text


def test_senior_mode_works_without_javascript() -> None:
    css = (STATIC_DIR / "site.css").read_text(encoding="utf-8")
    assert "#elder:target" in css
    assert "@media print" in css
    assert "@font-face" not in css and "@import" not in css


def test_weights(rendered: dict[str, Rendered]) -> None:
    detail = max(len(rendered[url].data) for url in rendered if _is_detail(url))
    css = sum(p.stat().st_size for p in STATIC_DIR.rglob("*.css"))
    js = sum(p.stat().st_size for p in STATIC_DIR.rglob("*.js") if p.name != "search.js")
    assert detail <= 30 * 1024
    assert css <= 20 * 1024
    assert js <= 3 * 1024


def _is_detail(url: str) -> bool:
    parts = url.strip("/").split("/")
    return (
        len(parts) == 2
        and parts[0]
        in {"subjects", "items", "penalties", "inspections", "info", "pages", "reports"}
        and parts[1] not in {"page", "year", "kind"}
    )


def _resolve(page_url: str, link: str) -> str:
    """Return the site path a relative link on ``page_url`` points at (index.html folded)."""
    path = urlsplit(urljoin("http://site" + page_url, link)).path
    return path[: -len("index.html")] if path.endswith("/index.html") else path


@pytest.mark.parametrize(
    ("url", "current"),
    [
        ("/", ["首页"]),
        ("/penalties/page/202511/", ["处罚决定"]),
        ("/penalties/2025-0001/", ["处罚决定"]),
        ("/stats/", ["统计"]),
        ("/search/", []),
    ],
)
def test_main_navigation_marks_the_current_section(
    rendered: dict[str, Rendered], url: str, current: list[str]
) -> None:
    nav = parse(rendered[url].text).find(".//nav[@class='site-nav']")
    assert nav is not None
    marked = [a.text for a in nav.iter("a") if a.get("aria-current") == "page"]
    assert marked == current
    assert len(list(nav.iter("a"))) == 11
