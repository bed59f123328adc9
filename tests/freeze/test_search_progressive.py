"""Progressive search in headless Chromium: newest shards first, the rest when asked.

A site with a shard per year from 2019 to 2026 (the fixture's content plus decisions that
all say 鸣沙), its batch budget lowered through ``#search[data-batch-pages]`` so that the
first batch is the shards without a year and the newest year's decisions. Which shards a
search searched is read from the requests the browser made under ``search/index/``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from buildsupport import build, serve, site_fixture, write_content
from searchoracle import expected_pages, searchable

from tests.browsersupport import chromium, require_chromium

require_chromium()
from playwright.sync_api import Browser, Page  # noqa: E402

#: Decisions saying 鸣沙 per year; the newest year has more than a page of results.
COMMON = "鸣沙"
PER_YEAR = {2026: 24, 2025: 20, **{year: 12 for year in range(2019, 2025)}}
#: Said by one decision of the oldest year only.
RARE = "古渡口"
PAGE_SIZE = 20


def _write(root: Path) -> Path:
    content = write_content(root)
    for year, count in PER_YEAR.items():
        for number in range(count):
            decided = dt.date(year, 1 + number % 5, 1 + number)
            body = f"经查，当事人在{COMMON}村第{number + 1}组占用耕地。"
            if year == min(PER_YEAR) and number == 0:
                body += f"另在{RARE}私设码头。"
            site_fixture.write_record(
                content,
                "penalties",
                f"{year}-{number + 500:04d}",
                site_fixture.penalty(
                    f"测试综执罚〔{year}〕{number + 500}号",
                    decision_date=decided,
                    published=decided + dt.timedelta(days=5),
                    updated=decided + dt.timedelta(days=5),
                    publicity_until=dt.date(2027, 12, 31),
                ),
                body,
            )
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The many-year site, built with the real command."""
    base = tmp_path_factory.mktemp("progressive")
    out = base / "build"
    result = build(_write(base / "content"), out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def shards(site: Path) -> dict[str, dict]:
    listing = json.loads((site / "search/index/bundles.json").read_text("utf-8"))
    return listing["shards"]


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


class Reader:
    """The search page in a browser, recording which shards it fetched from."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.index = base_url + "search/index/"
        self.fetched: list[str] = []
        page.context.on("request", lambda request: self.fetched.append(request.url))

    def open(self, batch_pages: int) -> None:
        self.page.goto(self.base_url + "search/index.html")
        self.page.wait_for_selector("#search[data-ready=true]")
        self.page.evaluate(
            "(pages) => { document.getElementById('search').dataset.batchPages = pages; }",
            str(batch_pages),
        )
        self.fetched.clear()

    def shards_fetched(self) -> set[str]:
        """Return the shards searched since the last call: their index files were fetched
        (a result's fragment is fetched again when it is shown)."""
        return set(self.shards_in_order())

    def shards_in_order(self) -> list[str]:
        """Return the shards searched since the last call, in the order first asked."""
        names = [
            url[len(self.index) :].split("/")[0]
            for url in self.fetched
            if url.startswith(self.index) and "/fragment/" not in url
        ]
        self.fetched.clear()
        return [
            name
            for index, name in enumerate(names)
            if name != "bundles.json" and name not in names[:index]
        ]

    def search(self, query: str, year: str = "", section: str = "") -> dict:
        self.page.select_option("#search-year", year)
        self.page.select_option("#search-section", section)
        self.page.fill("#search-q", query)
        return self._after(lambda: self.page.click("#search-form button[type=submit]"))

    def more(self) -> dict:
        return self._after(lambda: self.page.click("#search-more"))

    def _after(self, action: Callable[[], None]) -> dict:
        """Do ``action``, wait until the page says it is done; return what it shows."""
        self.page.evaluate("() => document.getElementById('search').removeAttribute('data-state')")
        action()
        self.page.wait_for_selector("#search[data-state=done]")
        self.page.wait_for_load_state("networkidle")
        return self.page.evaluate(
            """() => {
              const list = document.getElementById("search-results");
              const more = document.getElementById("search-more");
              return {
                status: document.getElementById("search-status").textContent,
                count: Number(list.dataset.count), complete: list.dataset.complete,
                searched: Number(list.dataset.searched), total: Number(list.dataset.shards),
                links: Array.from(list.querySelectorAll("a"), (a) => a.pathname),
                more: more.hidden ? null : more.textContent,
              };
            }"""
        )


@pytest.fixture
def reader(browser: Browser, base_url: str) -> Iterator[Reader]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield Reader(page, base_url)
    context.close()
    assert errors == []


def _yearless(shards: dict[str, dict]) -> set[str]:
    return {name for name, shard in shards.items() if not shard["year"]}


def _first_budget(shards: dict[str, dict]) -> int:
    """A budget that takes the shards without a year and 2026's decisions, no more."""
    return sum(shards[name]["pages"] for name in _yearless(shards)) + PER_YEAR[2026]


def _paths(result: dict) -> list[str]:
    return [link.split("/", 2)[2] for link in result["links"]]  # without the "/dzc/"


def test_a_common_term_searches_the_newest_shards_and_says_so(
    reader: Reader, shards: dict[str, dict]
) -> None:
    reader.open(_first_budget(shards))
    result = reader.search(COMMON)
    assert reader.shards_fetched() == _yearless(shards) | {"penalties-2026"}
    assert len(result["links"]) == PAGE_SIZE
    assert all(link.split("/")[3].startswith("2026-") for link in result["links"])
    assert result["count"] == PER_YEAR[2026]
    assert result["complete"] == "false"
    searched = len(_yearless(shards)) + 1
    assert result["searched"] == searched and result["total"] == len(shards)
    assert result["status"] == (
        f"在最近的 {searched} 个分区（2026 年）中找到 {PER_YEAR[2026]} 个包含“{COMMON}”的页面，"
        f"其余 {len(shards) - searched} 个分区尚未检索。"
    )
    assert result["more"] == "显示更多结果"


def test_asking_for_more_searches_older_shards_and_appends_their_hits(
    reader: Reader, site: Path, shards: dict[str, dict]
) -> None:
    reader.open(_first_budget(shards))
    first = reader.search(COMMON)
    reader.shards_fetched()
    second = reader.more()
    fetched = reader.shards_fetched()
    unsearched = set(shards) - _yearless(shards) - {"penalties-2026"} - fetched
    assert fetched and unsearched  # a further batch, not the rest
    newest_left = max(shards[name]["year"] for name in unsearched)
    assert all(shards[name]["year"] >= newest_left for name in fetched)  # newest first
    assert second["links"][:PAGE_SIZE] == first["links"]  # shown hits stay in place
    assert len(second["links"]) == 2 * PAGE_SIZE
    assert len(set(second["links"])) == len(second["links"])
    assert second["complete"] == "false" and second["count"] > PER_YEAR[2026]
    later: set[str] = set()
    results = second
    while results["more"]:
        results = reader.more()
        later |= reader.shards_fetched()
    assert later == unsearched  # the rest, when asked
    everything = expected_pages(searchable(site), COMMON)
    assert len(everything) == sum(PER_YEAR.values())
    assert sorted(_paths(results)) == sorted(everything)
    assert results["links"][: 2 * PAGE_SIZE] == second["links"]
    assert results["complete"] == "true"
    assert results["status"] == f"找到 {len(everything)} 个包含“{COMMON}”的页面。"


def test_a_rare_term_in_the_oldest_shard_is_found_without_asking(
    reader: Reader, shards: dict[str, dict]
) -> None:
    reader.open(_first_budget(shards))
    result = reader.search(RARE)
    assert _paths(result) == ["penalties/2019-0500/index.html"]
    assert reader.shards_fetched() == set(shards)
    assert result["complete"] == "true" and result["more"] is None
    assert result["status"] == f"找到 1 个包含“{RARE}”的页面。"


def test_a_year_searches_exactly_its_own_shards(reader: Reader, shards: dict[str, dict]) -> None:
    reader.open(_first_budget(shards))
    for year in ("2024", "2026"):
        result = reader.search(COMMON, year=year)
        assert reader.shards_fetched() == {n for n, s in shards.items() if s["year"] == year}
        assert len(result["links"]) == min(PAGE_SIZE, PER_YEAR[int(year)])
        assert result["complete"] == "true"
    result = reader.search(COMMON, year="2021", section="penalties")
    assert reader.shards_fetched() == {"penalties-2021"}
    assert result["count"] == PER_YEAR[2021]


def test_quarters_and_months_of_a_year_are_searched_newest_first(
    browser: Browser, site: Path
) -> None:
    # A large year's decisions are cut by quarter, then month (admin/freeze/shards.py): two
    # shards renamed so, in a copy of the tree, one for the first quarter, one for December.
    tree = site.parent / "quarters" / "build"  # served from its own folder, not the site's
    shutil.copytree(site.resolve(), tree)
    index = tree / "search/index"
    listing = json.loads((index / "bundles.json").read_text("utf-8"))
    for old, new in (
        ("penalties-2024", "penalties-2025-q1"),
        ("penalties-2023", "penalties-2025-m12"),
    ):
        (index / old).rename(index / new)
        listing["shards"][new] = {**listing["shards"].pop(old), "year": "2025"}
    (index / "bundles.json").write_text(json.dumps(listing, ensure_ascii=False), "utf-8")
    context = browser.new_context()
    with serve(tree) as url:
        reader = Reader(context.new_page(), url)
        reader.open(1)  # one shard a batch, then two, then four
        result = reader.search("测试", year="2025", section="penalties")
        # December's 12 hits are not a page: the whole year's shard follows by itself.
        assert reader.shards_in_order() == ["penalties-2025-m12", "penalties-2025"]
        assert result["complete"] == "false"
        fetched = []
        while result["more"]:
            result = reader.more()
            fetched += reader.shards_in_order()
        assert fetched == ["penalties-2025-q1"]
        assert result["complete"] == "true"
        assert re.search(r"找到 \d+ 个", result["status"])
    context.close()
