"""The demo site on a 320 px phone in headless Chromium: no page scrolls sideways.

WCAG 1.4.10 (reflow): at 320 CSS pixels every page template, in normal and in 长者模式,
fits the screen; long tokens such as the 索引号 ``11640521328907888U/2026-00016`` wrap,
and wide tables scroll inside their own box. The officers table becomes stacked rows on
a phone, so no name breaks one character per line.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from admin.demo.dates import DEMO_TODAY
from admin.domain.slugs import project_slug
from tests.browsersupport import chromium, require_chromium
from tests.conftest import ROOT, run_gongshi
from tests.shipped import shipped_content

require_chromium()
from playwright.sync_api import Browser, Page  # noqa: E402

TEMPLATES = ROOT / "site" / "templates"
#: The demo's 重大建设项目 (admin/demo/data/info.toml).
PROJECT = "大战场镇红宝村道路硬化及排水工程"
#: Layouts and macros that no page renders alone.
PARTIALS = {"base.html", "_macros.html", "_law_link.html"}
#: One page of every page template in the demo build (several where lists differ), by
#: template. A new template fails the coverage test below until a page of it is added.
PAGES: dict[str, list[str]] = {
    "home/index.html": ["index.html"],
    "subjects/index.html": ["subjects/index.html"],
    "subjects/detail.html": ["subjects/dzc-gov/index.html"],
    "officers/index.html": ["officers/index.html"],
    "items/index.html": ["items/index.html"],
    "items/detail.html": ["items/cf-0001/index.html"],
    "penalties/index.html": ["penalties/index.html", "penalties/year/2026/index.html"],
    "penalties/detail.html": ["penalties/2026-0001/index.html"],
    "notice.html": ["penalties/2021-0001/index.html"],
    "licences/index.html": ["licences/index.html", "licences/kind/general/index.html"],
    "licences/detail.html": ["licences/2026-0001/index.html"],
    "inspections/index.html": ["inspections/index.html"],
    "inspections/detail.html": ["inspections/2021-0001/index.html"],
    "info/index.html": [
        "info/index.html",
        "info/page/2021/index.html",
        "info/year/2026/index.html",
    ],
    "info/detail.html": ["info/2026-0016/index.html"],
    "pages/page.html": [
        "pages/apply/index.html",
        "pages/guide/index.html",
        "pages/widetable/index.html",
    ],
    "pages/sitemap.html": ["sitemap/index.html"],
    "projects/index.html": ["projects/index.html"],
    "projects/detail.html": [f"projects/{project_slug(PROJECT)}/index.html"],
    "reports/index.html": ["reports/index.html"],
    "reports/detail.html": ["reports/2021/index.html"],
    "reports/year.html": ["reports/2020/index.html"],
    "reports/rule_of_law.html": ["reports/2020/rule-of-law/index.html"],
    "stats/index.html": ["stats/index.html"],
    "data/index.html": ["data/index.html"],
    "search.html": ["search/index.html?q=11640521328907888U"],
    "404.html": ["404.html"],
}
MODES = {"normal": "", "senior": "#elder"}
#: A published 法治政府建设年度报告 of a year without a 政府信息公开 report.
RULE_OF_LAW = """+++
title = "2020年大战场镇人民政府法治政府建设年度报告"
status = "published"
published = 2021-03-26
updated = 2021-03-26
kind = "rule-of-law"
year = 2020
body_name = "大战场镇人民政府"
+++
## 一、主要举措和成效

推行行政执法公示、执法全过程记录和重大执法决定法制审核制度。

| 时限 | 期限 | 依据 | 按期 | 逾期 | 按期率 |
| --- | --- | --- | --- | --- | --- |
| 行政处罚决定公示 | 7个工作日 | 国办发〔2018〕118号；国发〔2016〕33号 | 14 | 1 | 93.3% |
"""
#: A published 行政许可决定 of the demo township (a firm: nothing is masked).
LICENCE = """+++
title = "乡村建设规划许可决定书（中宁大战场规许〔2026〕1号）"
status = "published"
published = 2026-10-20
updated = 2026-10-20
party_kind = "法人及非法人组织"
party_name = "中宁县大战场镇示例农业发展有限公司"
party_credit_code = "91640521MA76000012"
legal_rep = "马国强"
doc_name = "乡村建设规划许可决定书"
decision_no = "中宁大战场规许〔2026〕1号"
licence_kind = "普通"
certificate_name = "乡村建设规划许可证"
licence_no = "乡字第640521202600001号"
decision_date = 2026-10-15
valid_from = 2026-10-15
valid_until = 2028-10-14
authority = "大战场镇人民政府"
authority_code = "11640521328907888U"
current_status = "有效"
subject = "dzc-gov"
on_time = true
+++
准予在大战场村新建农业生产用房一处，建筑面积以许可证所附图件为准。
"""
#: An item of the demo's 重大建设项目, so the project's pages reflow before content/ is
#: regenerated with the demo's own items (then it is one more item of the project).
PROJECT_ITEM = f"""+++
title = "{PROJECT}施工进度情况"
status = "published"
published = 2026-09-10
updated = 2026-09-10
index_no = "11640521328907888U/2026-00901"
summary = "路面、排水边沟和过路涵的完成工程量（截至2026年9月7日）。"
topic = "乡村振兴"
publisher = "大战场镇人民政府"
doc_no = ""
written_on = 2026-09-07
published_on = 2026-09-10
validity = "有效"
project = "{PROJECT}"
project_stage = "施工有关信息"
subject = "dzc-gov"
attachments = []
on_time = true
+++
已完成道路硬化 5.1 公里、排水边沟 4.3 公里、过路涵 11 道。
"""
#: The demo's ``base_url`` (content/site.toml).
BASE_URL = "https://dzc.example.gov.cn/gongshi/"


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped demo ``content/`` (a copy) built with the real command."""
    base = tmp_path_factory.mktemp("reflow")
    content = shipped_content(base / "content")
    # A page with a table wider than any phone: it must scroll in its own box.
    header = "| " + " | ".join(f"第{n}列较长的表头" for n in range(1, 17)) + " |"
    row = "| " + " | ".join("2026年12月6日公示的内容" for _ in range(16)) + " |"
    table = "\n".join([header, "|" + "---|" * 16, row, row])
    (content / "pages" / "widetable.md").write_text(
        f'+++\ntitle = "宽表格"\n+++\n{table}\n', encoding="utf-8"
    )
    # The demo has no 行政许可 yet: one licence, so its list and page reflow too.
    (content / "licences").mkdir(exist_ok=True)
    (content / "licences" / "2026-0001.md").write_text(LICENCE, encoding="utf-8")
    # A year with only its 法治政府建设年度报告: the year page and the report's own page.
    (content / "reports" / "2020-rule-of-law.md").write_text(RULE_OF_LAW, encoding="utf-8")
    (content / "info" / "2026-0901.md").write_text(PROJECT_ITEM, encoding="utf-8")
    out = base / "www" / "dzc"
    out.parent.mkdir()
    built = run_gongshi(
        "build", "--content", str(content), "--out", str(out), "--today", DEMO_TODAY.isoformat()
    )
    assert built.returncode == 0, built.stderr
    assert f'base_url = "{BASE_URL}"' in (content / "site.toml").read_text(encoding="utf-8")
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(demo_site: Path) -> Iterator[str]:
    """The demo site served over HTTP under a sub-path (search needs HTTP)."""
    handler = functools.partial(_QuietHandler, directory=str(demo_site.parent))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/dzc/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _phone(browser: Browser, width: int, site: Path) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    # 404.html links to its assets by absolute URL (it is served at any depth): answer
    # those from the build, as the deployed site would.
    page.route(
        BASE_URL + "**",
        lambda route: route.fulfill(path=site / route.request.url[len(BASE_URL) :].split("?")[0]),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


@pytest.fixture
def phone_320(browser: Browser, demo_site: Path) -> Iterator[Page]:
    """A fresh 320 px wide page that fails the test on any script error."""
    yield from _phone(browser, 320, demo_site)


@pytest.fixture
def phone_360(browser: Browser, demo_site: Path) -> Iterator[Page]:
    """A fresh 360 px wide page (a common Android phone) that fails on any script error."""
    yield from _phone(browser, 360, demo_site)


#: What sticks out to the right of the screen, to say why a page scrolls sideways.
_OVERFLOW = """() => {
  const root = document.documentElement;
  const culprits = [];
  for (const element of document.querySelectorAll("body *")) {
    const box = element.getBoundingClientRect();
    if (box.right > root.clientWidth + 0.5 && box.width > 0) {
      culprits.push(element.tagName.toLowerCase() + "." + element.className + ": "
        + (element.textContent || "").trim().slice(0, 40));
    }
  }
  return {scroll: root.scrollWidth, client: root.clientWidth, culprits: culprits.slice(-3)};
}"""


def _open(page: Page, url: str) -> None:
    page.goto(url)
    if "search/" in url:
        page.wait_for_selector("#search[data-state=done]")


def test_every_page_template_has_a_reflow_page() -> None:
    templates = {
        path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*.html")
        if path.name not in PARTIALS
    }
    assert templates == set(PAGES)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("template", sorted(PAGES))
def test_no_page_scrolls_sideways_at_320_px(
    phone_320: Page, base_url: str, template: str, mode: str
) -> None:
    for path in PAGES[template]:
        # 404.html is opened where it is deployed: its absolute asset links are then the
        # page's own origin, as the site's Content-Security-Policy ('self') requires.
        origin = BASE_URL if path == "404.html" else base_url
        _open(phone_320, origin + path + MODES[mode])
        if mode == "senior":
            assert phone_320.evaluate("document.documentElement.classList.contains('elder')")
        found = phone_320.evaluate(_OVERFLOW)
        assert found["scroll"] <= found["client"], (path, found["culprits"])


@pytest.mark.parametrize("mode", MODES)
def test_officer_names_stay_on_one_line_on_a_phone(
    phone_360: Page, base_url: str, mode: str
) -> None:
    _open(phone_360, base_url + "officers/index.html" + MODES[mode])
    names = phone_360.evaluate(
        """() => Array.from(document.querySelectorAll("main tbody td:first-child"), (cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
          return [cell.textContent, lines.size];
        })"""
    )
    assert len(names) >= 9
    assert [name for name, lines in names if lines != 1] == []
    found = phone_360.evaluate(_OVERFLOW)
    assert found["scroll"] <= found["client"], found["culprits"]


@pytest.mark.parametrize("mode", MODES)
def test_chart_text_is_body_size_on_a_phone(phone_320: Page, base_url: str, mode: str) -> None:
    # Drawn to a viewBox, the charts shrank with the screen: 11 px text on a phone.
    _open(phone_320, base_url + "stats/index.html" + MODES[mode])
    sizes = phone_320.evaluate(
        """() => {
          // The height of one character's box: its font's size as drawn.
          const height = (node) => {
            const range = document.createRange();
            range.setStart(node, 0);
            range.setEnd(node, 1);
            return range.getBoundingClientRect().height;
          };
          const body = height(document.querySelector("main > p").firstChild);
          const texts = document.querySelectorAll(".chart text, .chart tspan");
          return Array.from(texts, (t) => height(t.firstChild) / body);
        }"""
    )
    assert len(sizes) > 20
    assert all(0.9 <= size <= 1.1 for size in sizes), sizes
