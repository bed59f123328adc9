"""Archive pages of lists whose dates a hand-edited file got wrong (#16 item 6).

Every listed record is reached from the list's folder by following 「较早」, and sits on
exactly one archive page, whatever its date field holds: a date and time, or a 公开日期
that is no date at all.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient
from sitefixture import write_record

from admin.domain.contentfile import parse_content_file
from admin.freeze.leakguard import scan_bytes
from admin.site.app import create_site_app
from admin.site.archive import PER_PAGE

TODAY = dt.date(2026, 11, 1)
LATER = dt.date(2027, 12, 31)
OLDER = re.compile(r'<nav class="pager".*?<a href="([^"]+)" rel="next">较早</a>', re.S)


def _copies(content: Path, dataset: str, slug: str, dated: list[dict[str, Any]]) -> list[str]:
    """Write one copy of record ``slug`` per entry of ``dated`` (fields to change)."""
    meta = dict(parse_content_file((content / dataset / f"{slug}.md").read_text("utf-8")).meta)
    made = []
    for n, fields in enumerate(dated):
        made.append(f"2024-{n + 900:05d}")
        write_record(content, dataset, made[-1], {**meta, "title": f"副本{n}", **fields})
    return made


def _walk(client: FlaskClient, folder: str, dataset: str) -> tuple[set[str], list[str]]:
    """Follow 「较早」 from ``folder``; return the records on the folder page and those
    on the archive pages (each time one is shown). No page holds a number the build's
    leak guard takes for a personal one."""
    url, pages = folder, 0
    on_folder: set[str] = set()
    archived: list[str] = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        assert scan_bytes(response.data, "index.html") == [], url
        text = response.get_data(as_text=True)
        main = text[text.index("<main") : text.index('<nav class="pager"')]
        links = [_resolve(url, href) for href in re.findall(r'href="([^"#]+)"', main)]
        shown = [p.split("/")[2] for p in links if re.fullmatch(rf"/{dataset}/[^/]+/", p)]
        (archived.extend if pages else on_folder.update)(shown)
        found = OLDER.search(text)
        url = _resolve(url, found.group(1)) if found else ""
        pages += 1
    assert pages > 1
    return on_folder, archived


def _resolve(page: str, href: str) -> str:
    return posixpath.normpath(posixpath.join(page, href)).removesuffix("/index.html") + "/"


def _check(content: Path, folder: str, dataset: str, slugs: list[str]) -> None:
    client = create_site_app(content, TODAY).test_client()
    on_folder, archived = _walk(client, folder, dataset)
    assert len(archived) == len(set(archived)), "a record on two archive pages"
    assert set(slugs) <= on_folder | set(archived)


def test_an_item_dated_with_a_time_is_archived_under_its_day(content_dir: Path) -> None:
    days = [{"published_on": dt.date(2025, 10, 1) + dt.timedelta(days=n)} for n in range(30)]
    days[3] = {"published_on": dt.datetime(2025, 10, 4, 9, 30)}
    slugs = _copies(content_dir, "info", "2025-00001", days)
    _check(content_dir, "/info/", "info", slugs)


def test_an_item_whose_publication_date_is_no_date_is_reached_by_older_links(
    content_dir: Path,
) -> None:
    # Filed under its 发布日期 (the newest of all), so listed where that date puts it.
    dated = [
        {"published": dt.date(2025, 1, 1) + dt.timedelta(days=n), "published_on": None}
        for n in range(PER_PAGE + 10)
    ]
    for fields in dated:
        fields["published_on"] = fields["published"]
    dated[-1]["published_on"] = "2026年3月"
    dated[-1]["published"] = dt.date(2026, 10, 30)
    slugs = _copies(content_dir, "info", "2025-00001", dated)
    _check(content_dir, "/info/", "info", slugs)


def test_a_busy_day_of_1999_gives_no_archive_page_a_number_read_as_a_mobile(
    content_dir: Path,
) -> None:
    # Old documents imported in one go, all dated alike: the day is cut into runs, and
    # yyyymmdd×1000 + run was 19990101001, a mobile number to the leak guard.
    day = {"published_on": dt.date(1999, 1, 1)}
    slugs = _copies(content_dir, "info", "2025-00001", [day] * (2 * PER_PAGE + 5))
    _check(content_dir, "/info/", "info", slugs)
    _check(content_dir, "/info/year/1999/", "info", slugs)


def test_archive_numbers_no_block_has_are_not_found(content_dir: Path) -> None:
    # Three decisions a month through 2025: its months are packed, /page/2025/ is no page.
    days = [
        {"decision_date": dt.date(2025, 1, 5) + dt.timedelta(days=10 * n), "publicity_until": LATER}
        for n in range(30)
    ]
    _copies(content_dir, "penalties", "2025-0001", days)
    client = create_site_app(content_dir, TODAY).test_client()
    assert client.get("/penalties/page/202501/").status_code == 200
    for n in ("0", "-1", "99999999999999", "2025", "202513", "20250231", "1", "202501050001"):
        for folder in ("/penalties/", "/penalties/year/2025/", "/penalties/kind/fine/"):
            assert client.get(f"{folder}page/{n}/").status_code == 404, (folder, n)
