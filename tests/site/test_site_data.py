"""Open data and feeds: Atom, sitemap, CSV with a BOM and JSON, every row with its page."""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from sitefixture import BASE_URL, Rendered

from admin.site.views.fields import DATASET_NAMES, FIELDS

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
#: Listed records per dataset in the fixture.
LISTED = {
    "subjects": 2,
    "officers": 2,
    "items": 6,
    "penalties": 23,
    "inspections": 2,
    "info": 4,
    "licences": 1,
}


def test_feed_is_valid_atom(rendered: dict[str, Rendered]) -> None:
    answer = rendered["/feed.xml"]
    assert answer.mimetype == "application/atom+xml"
    feed = ET.fromstring(answer.data)
    assert feed.tag == f"{ATOM}feed"
    for child in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{child}") is not None, child
    assert RFC3339.fullmatch(feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(ids) == len(set(ids))
    for entry in entries:
        for child in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert RFC3339.fullmatch(entry.findtext(f"{ATOM}updated"))
        url = entry.find(f"{ATOM}link").get("href")
        assert url.startswith(BASE_URL) and url.endswith("/")
        # A withdrawal is an entry of its own: the page's URL with the withdrawal's date.
        assert entry.findtext(f"{ATOM}id") in (url, f"{url}#withdrawn-{entry_date(entry)}")


def entry_date(entry: ET.Element) -> str:
    return entry.findtext(f"{ATOM}updated")[:10]


def test_feed_entries_run_newest_first(rendered: dict[str, Rendered]) -> None:
    feed = ET.fromstring(rendered["/feed.xml"].data)
    dates = [entry_date(e) for e in feed.findall(f"{ATOM}entry")]
    assert dates == sorted(dates, reverse=True)


def test_feed_announces_withdrawals_without_personal_details(
    rendered: dict[str, Rendered],
) -> None:
    feed = ET.fromstring(rendered["/feed.xml"].data)
    entries = {e.findtext(f"{ATOM}id"): e for e in feed.findall(f"{ATOM}entry")}
    [withdrawn_id] = [i for i in entries if i.startswith(BASE_URL + "penalties/2021-0002/")]
    assert withdrawn_id == BASE_URL + "penalties/2021-0002/#withdrawn-2021-04-02"
    withdrawn = entries[withdrawn_id]
    assert withdrawn.findtext(f"{ATOM}title") == "【已撤回】测试综执罚〔2021〕2号"
    assert withdrawn.findtext(f"{ATOM}updated").startswith("2021-04-02")
    assert "撤回" in withdrawn.findtext(f"{ATOM}summary")
    # Expired and repaired records are not news; an expired-by-date one keeps its party.
    for slug in ("2021-0003", "2021-0004", "2021-0005"):
        assert BASE_URL + f"penalties/{slug}/" not in entries
    assert "钱某某" not in rendered["/feed.xml"].text
    assert BASE_URL + "penalties/2025-0001/" in entries


def test_sitemap_lists_listed_pages_as_public_folder_urls(rendered: dict[str, Rendered]) -> None:
    sitemap = ET.fromstring(rendered["/sitemap.xml"].data)
    assert sitemap.tag == f"{SITEMAP}urlset"
    locations = [u.findtext(f"{SITEMAP}loc") for u in sitemap.findall(f"{SITEMAP}url")]
    assert len(locations) == len(set(locations))
    for location in locations:
        assert location.startswith(BASE_URL) and location.endswith("/"), location
    for path in ("", "penalties/", "penalties/2025-0001/", "info/2026-00001/", "pages/guide/"):
        assert BASE_URL + path in locations
    for path in ("penalties/2021-0002/", "penalties/2021-0004/", "info/2025-00002/"):
        assert BASE_URL + path not in locations


@pytest.mark.parametrize("dataset", list(DATASET_NAMES))
def test_csv_has_a_bom_and_every_row_its_page(rendered: dict[str, Rendered], dataset: str) -> None:
    answer = rendered[f"/data/{dataset}.csv"]
    assert answer.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(answer.data.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header == [name for _, name, _ in FIELDS[dataset]] + ["网址"]
    assert len(body) == LISTED[dataset]
    pages = set(rendered)
    for row in body:
        assert len(row) == len(header)
        url = row[-1]
        assert url.startswith(BASE_URL) and url.endswith("/")
        assert "/" + url[len(BASE_URL) :] in pages


@pytest.mark.parametrize("dataset", list(DATASET_NAMES))
def test_json_lists_public_rows_with_their_page(
    rendered: dict[str, Rendered], dataset: str
) -> None:
    document = json.loads(rendered[f"/data/{dataset}.json"].data)
    assert document["dataset"] == dataset
    assert [f["key"] for f in document["fields"]] == [k for k, _, _ in FIELDS[dataset]] + ["url"]
    assert len(document["records"]) == LISTED[dataset]
    for row in document["records"]:
        assert list(row) == [k for k, _, _ in FIELDS[dataset]] + ["url"]
        assert row["url"].startswith(BASE_URL)


def test_data_files_hold_public_forms_only(rendered: dict[str, Rendered]) -> None:
    penalties = json.loads(rendered["/data/penalties.json"].data)["records"]
    numbers = {row["decision_no"] for row in penalties}
    assert "测试综执罚〔2021〕2号" not in numbers  # withdrawn
    assert "测试综执罚〔2021〕4号" not in numbers  # expired by date
    person = next(r for r in penalties if r["decision_no"] == "测试综执罚〔2025〕2号")
    assert person["party_name"] == "张某某"
    assert "status" not in person and "on_time" not in person
    text = rendered["/data/penalties.csv"].text
    assert "钱某某" not in text
    assert "2000.00" in text  # 分 shown as 元 for spreadsheet readers


def test_data_page_describes_every_field(rendered: dict[str, Rendered]) -> None:
    text = rendered["/data/"].text
    for dataset, fields in FIELDS.items():
        assert f"{dataset}.csv" in text
        for key, name, _ in fields:
            assert f"<code>{key}</code>" in text
            assert name in text


def _csv_rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture(scope="module")
def demo_rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """The shipped demo's data files, its annual report with tables included."""
    from admin.demo.dates import DEMO_TODAY
    from admin.site.app import SITE_KEY, create_site_app, site_urls
    from tests.shipped import shipped_content

    app = create_site_app(shipped_content(tmp_path_factory.mktemp("demo") / "c"), DEMO_TODAY)
    client, answers = app.test_client(), {}
    for url in site_urls(app.extensions[SITE_KEY]):
        if url.endswith((".csv", ".json")):
            with client.get(url) as response:
                answers[url] = Rendered(response.status_code, response.mimetype, response.data)
    return answers


def test_report_tables_are_tidy_csv(demo_rendered: dict[str, Rendered]) -> None:
    rendered = demo_rendered
    tables = [url for url in rendered if re.fullmatch(r"/reports/[^/]+/table-\d\.csv", url)]
    assert len(tables) >= 3
    for url in tables:
        rows = _csv_rows(rendered[url].data)
        header, body = rows[0], rows[1:]
        # One header row, every column named once, every row as wide, a number per row.
        assert all(header) and len(set(header)) == len(header), (url, header)
        assert body and all(len(row) == len(header) for row in body), url
        count = header.index("件数") if "件数" in header else header.index("数值")
        assert all(re.fullmatch(r"\d+(\.\d+)?", row[count]) for row in body), url
        assert not any(cell.startswith("第二十条") for cell in header)  # no title lines


@pytest.mark.parametrize("which", ["fixture", "demo"])
def test_the_data_package_describes_every_csv(
    rendered: dict[str, Rendered], demo_rendered: dict[str, Rendered], which: str
) -> None:
    rendered = demo_rendered if which == "demo" else rendered
    base = BASE_URL if which == "fixture" else "https://dzc.example.gov.cn/gongshi/"
    package = json.loads(rendered["/data/datapackage.json"].data)
    assert package["profile"] == "tabular-data-package" and package["resources"]
    assert re.fullmatch(r"[a-z0-9-]+", package["name"])
    paths = {resource["path"]: resource for resource in package["resources"]}
    csvs = [url for url in rendered if url.endswith(".csv")]
    for url in csvs:
        key = url.removeprefix("/data/") if url.startswith("/data/") else base + url[1:]
        resource = paths.pop(key)
        header = _csv_rows(rendered[url].data)[0]
        fields = resource["schema"]["fields"]
        assert [field["name"] for field in fields] == header, url
        assert all(field["title"] and field["description"] for field in fields), url
    assert paths == {}  # nothing described that the site does not publish


def test_feed_entries_carry_the_records_last_change(rendered: dict[str, Rendered]) -> None:
    feed = ET.fromstring(rendered["/feed.xml"].data)
    sitemap = ET.fromstring(rendered["/sitemap.xml"].data)
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in sitemap.findall(f"{SITEMAP}url")
    }
    checked = 0
    for entry in feed.findall(f"{ATOM}entry"):
        url = entry.find(f"{ATOM}link").get("href")
        if "#withdrawn-" in entry.findtext(f"{ATOM}id") or not lastmod.get(url):
            continue
        assert entry_date(entry) == lastmod[url], url
        checked += 1
    assert checked
