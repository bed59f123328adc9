"""Index the staged site for Chinese search with Pagefind, deterministically.

Pagefind indexes a search-only copy of each listed page (:mod:`admin.build.searchtext`),
never the public pages themselves. Filters by section and year come from separate
indexes, not ``data-pagefind-filter``: Pagefind 1.5.2 writes its filter files in a
different order on each run, and a build must be a pure function of its inputs. There is
one index for every filter choice the search page offers (all, each section, each year,
each section in each year), so a query loads exactly one index: merging several at query
time (``mergeIndex``) would fetch each one's 68 KB WebAssembly module again.
``search/index/bundles.json`` tells the page which indexes exist.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from admin.build.checks import DETAIL_DATASETS, LISTING_FOLDERS
from admin.build.progress import Progress
from admin.build.searchtext import GAP, page_text, spaced
from admin.sitecontent import DISCLOSURES, Site, record_year

#: Where the indexes go inside the site.
INDEX_DIR = "search/index"
#: Section folders and the names the search page shows for them.
SECTION_LABELS: dict[str, str] = {
    "penalties": "行政处罚决定",
    "inspections": "检查结果",
    "info": "政府信息公开",
    "items": "执法事项",
    "subjects": "执法主体",
    "officers": "执法人员",
    "reports": "年度报告",
    "pages": "公开指南与制度",
    "data": "开放数据",
    "stats": "统计",
}
#: Pagefind files the search page never loads.
_UNUSED_FILES = (
    "pagefind-ui",
    "pagefind-component-ui",
    "pagefind-modular-ui",
    "pagefind-highlight",
)


class SearchIndexError(Exception):
    """Pagefind failed; the message is for the user, in Chinese."""


@dataclass(frozen=True)
class SearchPage:
    """One page to index: where it is, what it says, where it files."""

    path: str
    title: str
    blocks: tuple[str, ...]
    section: str
    year: str


def searchable_pages(root: Path, site: Site) -> list[SearchPage]:
    """Return the pages search should find: records and single pages, not lists or notices."""
    years = _record_years(site)
    notices = _unlisted(site)
    pages = []
    for path in sorted(root.rglob("*.html")):
        relative = path.relative_to(root).as_posix()
        parts = relative.split("/")
        if not _is_listed(parts) or (len(parts) == 3 and (parts[0], parts[1]) in notices):
            continue
        found = page_text(path.read_text(encoding="utf-8"))
        if found.noindex or not found.blocks:
            continue
        section = parts[0]
        year = years.get((section, parts[1]), "") if len(parts) == 3 else ""
        pages.append(SearchPage(relative, found.title, tuple(found.blocks), section, year))
    return pages


def index_site(
    root: Path,
    site: Site,
    progress: Progress | None = None,
    previous: dict[str, str] | None = None,
) -> dict[str, str]:
    """Write the search indexes and ``bundles.json`` into ``root``; return each index's digest.

    ``previous`` maps the indexes already in ``root`` to the digests of the pages they were
    built from: those whose pages are unchanged are kept, the others are rebuilt, and
    indexes no longer needed are removed (an incremental build's idle tree).
    """
    from pagefind_bin import get_executable

    previous = previous or {}
    pages = searchable_pages(root, site)
    bundles = _bundles(pages)
    digests = {name: _bundle_digest(members) for name, members in bundles.items()}
    target = root / INDEX_DIR
    target.mkdir(parents=True, exist_ok=True)
    for folder in sorted(target.iterdir()):
        if folder.is_dir() and previous.get(folder.name) != digests.get(folder.name):
            shutil.rmtree(folder)  # stale or gone: rebuilt below from nothing, or dropped
    stale = sorted(name for name in bundles if not (target / name).is_dir())
    executable = get_executable()
    progress = progress or Progress(quiet=True)
    with tempfile.TemporaryDirectory(prefix="gongshi-search-") as scratch:

        def index_one(name: str) -> str:
            copy = Path(scratch) / name
            for page in bundles[name]:
                _write_copy(copy / page.path, page)
            _run_pagefind(executable, copy, target / name)
            shutil.rmtree(copy)  # keep the scratch space (RAM on a tmpfs) small
            return name

        # Each index is written by its own Pagefind process into its own folder, so the
        # order they finish in changes nothing in the output. The largest run first, so
        # the small ones fill the other cores meanwhile.
        stale.sort(key=lambda name: -len(bundles[name]))
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            jobs = [pool.submit(index_one, name) for name in stale]
            for job in progress.track(as_completed(jobs), "建立搜索索引", len(jobs)):
                job.result()
    listing = _listing(pages, bundles)
    text = json.dumps(listing, ensure_ascii=False, indent=1, sort_keys=True)
    (target / "bundles.json").write_text(text + "\n", encoding="utf-8")
    return digests


def _bundle_digest(members: list[SearchPage]) -> str:
    """Return the digest of everything an index is built from: its pages' copies."""
    digest = hashlib.sha256()
    for page in members:
        digest.update(json.dumps([page.path, page.title, page.blocks], ensure_ascii=False).encode())
    return digest.hexdigest()


def _is_listed(parts: list[str]) -> bool:
    """Tell whether a page at ``parts`` is one search lists (not home, 404, lists, search)."""
    if parts[0] in ("index.html", "404.html", "search", "sitemap"):
        return False
    if parts[0] in DETAIL_DATASETS:
        return len(parts) == 3 and parts[1] not in LISTING_FOLDERS and parts[2] == "index.html"
    return parts[-1] == "index.html"


def _record_years(site: Site) -> dict[tuple[str, str], str]:
    """Map (dataset, slug) to the year the site files the record under (its year pages)."""
    years: dict[tuple[str, str], str] = {}
    for dataset in DISCLOSURES:
        for record in site.all(dataset):
            year = record_year(record)
            if year is not None:
                years[(dataset, record.slug)] = str(year)
    for record in site.all("reports"):
        if record.slug.isdigit():
            years[("reports", record.slug)] = record.slug
    return years


def _unlisted(site: Site) -> set[tuple[str, str]]:
    """Return the records whose pages are notices (withdrawn, expired, repaired)."""
    return {
        (dataset, record.slug)
        for dataset in DETAIL_DATASETS
        for record in site.all(dataset)
        if not record.listed
    }


def _bundles(pages: list[SearchPage]) -> dict[str, list[SearchPage]]:
    """Group pages into one index per filter choice: all, section, year, section × year."""
    bundles: dict[str, list[SearchPage]] = defaultdict(list)
    for page in pages:
        bundles["all"].append(page)
        bundles[f"s-{page.section}"].append(page)
        if page.year:
            bundles[f"y-{page.year}"].append(page)
            bundles[f"s-{page.section}-y-{page.year}"].append(page)
    return dict(bundles)


def _listing(pages: list[SearchPage], bundles: dict[str, list[SearchPage]]) -> dict:
    """Describe the sections, years and indexes for the search page's filters."""
    sections = sorted({page.section for page in pages}, key=_section_order)
    years = sorted({page.year for page in pages if page.year}, reverse=True)
    return {
        "sections": [
            {"id": section, "label": SECTION_LABELS.get(section, section)} for section in sections
        ],
        "years": years,
        "bundles": {name: len(members) for name, members in sorted(bundles.items())},
    }


def _section_order(section: str) -> tuple[int, str]:
    order = list(SECTION_LABELS)
    return (order.index(section) if section in order else len(order), section)


def _write_copy(path: Path, page: SearchPage) -> None:
    """Write the search-only copy of ``page``: real title as metadata, spaced text indexed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = f" {GAP} ".join(spaced(block) for block in page.blocks)
    path.write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(page.title)}</title></head><body><main data-pagefind-body>"
        f'<p data-pagefind-ignore><span data-pagefind-meta="title">{html.escape(page.title)}'
        f"</span></p><p>{html.escape(body)}</p></main></body></html>\n",
        encoding="utf-8",
    )


def _run_pagefind(executable: Path, site: Path, output: Path) -> None:
    """Index ``site`` into ``output`` with the standard binary; drop the UI files."""
    command = [
        str(executable),
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--keep-index-url",
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"搜索索引：无法运行 Pagefind（{exc}）") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["无输出"]
        raise SearchIndexError(f"搜索索引：Pagefind 失败（{detail[0]}）")
    for path in sorted(output.iterdir()):
        if path.name.startswith(_UNUSED_FILES):
            path.unlink()
    # The playground is only written on request; remove it should a default change.
    shutil.rmtree(output / "playground", ignore_errors=True)
