"""The built site in headless Chromium: the real search through the page's own script.

Recall and precision are measured against ``searchoracle.py``, written independently of
the indexer: a page should be found exactly when, ignoring punctuation, one of its
whitespace- or block-separated runs of text contains each run of the query (Ctrl+F).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest
from buildsupport import ROOT, TODAY, serve
from searchoracle import QUERIES, expected_pages, runs, searchable

from admin.site.content import load_site, record_year
from tests.browsersupport import chromium, require_chromium

require_chromium()
from playwright.sync_api import Browser, Page  # noqa: E402

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
RANDOM_QUERIES = 100
# ---------------------------------------------------------------------------------------
# The browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP under a sub-path, like a column of the county portal."""
    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page that fails the test on any script error."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


#: Fill the form, submit it, then press 显示更多结果 (or 检索更早的记录) until every hit is
#: listed: the page's own handlers do the work; polling inside the page saves a round trip
#: per step.
_RUN_SEARCH = """async ([query, section, year]) => {
  const box = document.getElementById("search");
  const list = document.getElementById("search-results");
  const more = document.getElementById("search-more");
  const until = (ready) => new Promise((resolve) => {
    const check = () => (ready() ? resolve() : setTimeout(check, 5));
    check();
  });
  document.getElementById("search-q").value = query;
  document.getElementById("search-section").value = section;
  document.getElementById("search-year").value = year;
  box.removeAttribute("data-state");
  document.querySelector("#search-form button[type=submit]").click();
  await until(() => ["done", "error"].includes(box.dataset.state));
  while (!more.hidden && box.dataset.state === "done") {
    box.removeAttribute("data-state");
    more.click();
    await until(() => ["done", "error"].includes(box.dataset.state));
  }
  return {
    state: box.dataset.state,
    status: document.getElementById("search-status").textContent,
    count: Number(list.dataset.count || 0),
    complete: list.dataset.complete,
    links: Array.from(list.querySelectorAll("a"), (a) => a.href),
  };
}"""


def _search(page: Page, query: str, section: str = "", year: str = "") -> list[str]:
    """Search through the page's own form and script; return every hit's page path."""
    result = page.evaluate(_RUN_SEARCH, [query, section, year])
    assert result["state"] == "done", result["status"]
    base = page.url.split("search/index.html")[0]
    found = [link[len(base) :] for link in result["links"]]
    assert result["count"] == len(found)
    assert result["complete"] == "true"
    return found


def _open_search(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/index.html")
    page.wait_for_selector("#search[data-ready=true]")


def test_search_has_full_recall_and_precision_on_the_query_fixture(
    page: Page, base_url: str, built_site: Path
) -> None:
    pages = searchable(built_site)
    _open_search(page, base_url)
    rng = random.Random(20260601)
    runs = sorted(
        {(name, run) for name, page_runs in pages.items() for run in page_runs if len(run) >= 2}
    )
    randoms = []
    while len(randoms) < RANDOM_QUERIES:
        _, run = rng.choice(runs)
        size = rng.randint(2, min(4, len(run)))
        start = rng.randint(0, len(run) - size)
        randoms.append(run[start : start + size])
    misses, extras, relevant, returned = [], [], 0, 0
    for query in QUERIES + randoms:
        expected = expected_pages(pages, query)
        found = _search(page, query)
        assert len(found) == len(set(found)), query
        relevant += len(expected)
        returned += len(found)
        misses += [(query, name) for name in sorted(expected - set(found))]
        extras += [(query, name) for name in sorted(set(found) - expected)]
    recall = 1 - len(misses) / relevant
    precision = 1 - len(extras) / returned
    print(
        f"\nsearch: {len(QUERIES)} + {len(randoms)} queries, {relevant} relevant pages, "
        f"recall {recall:.2%}, precision {precision:.2%}"
    )
    assert misses[:10] == []
    assert extras[:10] == []
    assert relevant > 300  # the fixture queries do find things


@pytest.mark.parametrize(
    ("query", "must_find"),
    [
        ("长山头村", "penalties/2025-0001/index.html"),
        ("〔2025〕1号", "penalties/2025-0001/index.html"),
        ("政府", "subjects/dzc-zfb/index.html"),  # only 人民政府 there
        ("王执法", "officers/index.html"),
    ],
)
def test_known_pages_are_found_with_clean_excerpts(
    page: Page, base_url: str, query: str, must_find: str
) -> None:
    _open_search(page, base_url)
    assert must_find in _search(page, query)
    excerpt = page.inner_text("#search-results li .excerpt")
    marks = page.eval_on_selector_all("#search-results mark", "m => m.map(x => x.textContent)")
    assert "¦" not in excerpt
    assert not any(" " in mark for mark in marks)
    assert "".join(marks[: len(runs(query)[0])]).startswith(runs(query)[0][0])


#: Where an excerpt may start: a field's or a clause's start (not "-", "/" or ".", which
#: join the parts of a date or a code).
_CLAUSE_ENDS = "，。；：、！？）」』】》”,;!?)"


@pytest.mark.parametrize("query", ["经查", "合格", "责令整改", "土地管理法", "第七十七条", "应急"])
def test_excerpts_start_at_a_field_or_clause_not_mid_word(
    page: Page, base_url: str, query: str
) -> None:
    # Pagefind centres its window on the match, one character a word: 「21-04-19 检查情况」.
    _open_search(page, base_url)
    _search(page, query)
    results = page.eval_on_selector_all(
        "#search-results li",
        "items => items.map(i => [i.querySelector('a').href, i.querySelector('.excerpt')"
        ".textContent])",
    )
    assert results
    for link, excerpt in results:
        first = excerpt.split()[0]
        if runs(first) and runs(first)[0].startswith(runs(query)[0]):
            continue  # the excerpt starts at the match itself
        main = html5lib.parse(page.request.get(link).text(), namespaceHTMLElements=False)
        text = " ".join(main.find(".//main").itertext())
        starts = [m.start() for m in re.finditer(re.escape(first), text)]
        assert any(
            i == 0 or text[i - 1].isspace() or text[i - 1] in _CLAUSE_ENDS for i in starts
        ), (link, excerpt)


def test_notices_are_never_found(page: Page, base_url: str) -> None:
    _open_search(page, base_url)
    found = _search(page, "测试综执罚〔2021〕")
    assert found == ["penalties/2021-0001/index.html"]  # 2, 3, 4 and 5 only show notices


def _years(built_site: Path) -> dict[str, str]:
    """Map each record page with a year to that year, as the site files it."""
    site = load_site(built_site.parent / "content", TODAY)
    years = {
        f"{record.dataset}/{record.slug}/index.html": str(record_year(record))
        for dataset in ("penalties", "licences", "inspections", "info")
        for record in site.all(dataset)
    }
    years.update({f"reports/{r.slug}/index.html": r.slug for r in site.all("reports")})
    return years


def test_filters_by_section_and_year(page: Page, base_url: str, built_site: Path) -> None:
    years = _years(built_site)
    pages = searchable(built_site)
    _open_search(page, base_url)
    everything = expected_pages(pages, "测试")
    for section, year in [("penalties", ""), ("", "2025"), ("penalties", "2021"), ("info", "2026")]:
        found = set(_search(page, "测试", section, year))
        expected = {
            name
            for name in everything
            if (not section or name.startswith(section + "/"))
            and (not year or years.get(name) == year)
        }
        assert found == expected, (section, year)
        assert found
    assert page.url.endswith("?q=%E6%B5%8B%E8%AF%95&section=info&year=2026")


def _shard_of(path: str, years: dict[str, str]) -> str:
    section = path.split("/")[0]
    return f"{section}-{years[path]}" if path in years else section


def test_all_merges_the_shards_and_a_filter_loads_only_its_own(
    page: Page, base_url: str, built_site: Path
) -> None:
    shards = json.loads((built_site / "search/index/bundles.json").read_text("utf-8"))["shards"]
    years = _years(built_site)
    fetched: list[str] = []
    page.context.on("request", lambda request: fetched.append(request.url))
    _open_search(page, base_url)
    index = base_url + "search/index/"

    def shards_fetched() -> set[str]:
        names = {url[len(index) :].split("/")[0] for url in fetched if url.startswith(index)}
        fetched.clear()
        return names - {"bundles.json"}

    shards_fetched()
    found = _search(page, "测试")  # in penalties, information and annual reports alike
    assert {"penalties-2025", "info-2026", "reports-2025"} <= {_shard_of(f, years) for f in found}
    assert shards_fetched() == set(shards)  # every shard, merged into one result list
    assert found == _search(page, "测试")  # cached: the same list, in the same order
    found = _search(page, "测试", "penalties", "2025")
    assert found and {_shard_of(name, years) for name in found} == {"penalties-2025"}
    assert shards_fetched() <= {"penalties-2025"}
    found = _search(page, "测试", "", "2026")
    assert {_shard_of(name, years) for name in found} == {"info-2026", "inspections-2026"}
    assert shards_fetched() <= {name for name, shard in shards.items() if shard["year"] == "2026"}


def test_the_address_carries_the_query(page: Page, base_url: str) -> None:
    page.goto(base_url + "search/index.html?q=长山头村")
    page.wait_for_selector("#search[data-state=done]")  # no eval: the CSP forbids it
    assert page.input_value("#search-q") == "长山头村"
    assert page.locator("#search-results li").count() == 1


def test_without_javascript_the_search_page_links_to_the_catalogues(
    browser: Browser, base_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + "search/index.html")
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert not page.is_visible("#search-form")
    assert page.is_visible("#search-nojs")
    links = page.eval_on_selector_all(".search-catalogues a", "a => a.map(x => x.href)")
    assert any(link.endswith("penalties/index.html") for link in links)
    for link in links:
        assert page.goto(link).status == 200
    context.close()


def test_home_decision_and_senior_mode_open_in_the_browser(page: Page, base_url: str) -> None:
    response = page.goto(base_url + "index.html")
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "lang") == "zh-CN"
    assert "示例数据" in page.inner_text("body")
    page.click("a[href$='penalties/index.html']")
    page.click("a[href$='2025-0001/index.html']")
    assert "测试综执罚〔2025〕1号" in page.inner_text("h1")
    assert urlsplit(page.url).path.startswith("/dzc/penalties/2025-0001/")
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p, main dd')).fontSize)"
    )
    page.click(".elder-on")
    larger = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('main p, main dd')).fontSize)"
    )
    assert larger > size


def _axe(page: Page) -> list[str]:
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['nodes'][:3]}"
        for v in result
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "penalties/index.html",
        "penalties/page/202511/index.html",  # an archive page and its pager
        "penalties/2025-0001/index.html",
        "penalties/2021-0002/index.html",
        "officers/index.html",
        "info/2026-00001/index.html",
        "stats/index.html",
        "search/index.html?q=政府",
        "penalties/2025-0001/index.html#elder",
    ],
)
def test_axe_finds_no_serious_or_critical_violation(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    if path.startswith("search/"):
        page.wait_for_selector("#search[data-state=done]")  # no eval: the CSP forbids it
    assert _axe(page) == []
