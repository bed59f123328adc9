"""Checks a staged site must pass before it may replace ``--out``.

Links and assets resolve (:mod:`admin.freeze.links`); no redirect page was frozen; the
pages match ``content/`` one to one; the leak guard finds no personal data.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path

from admin.domain import rule_of_law
from admin.errors import GongshiError
from admin.freeze.filecheck import FileReport
from admin.freeze.leakguard import known_public
from admin.freeze.leakplace import describe_leaks
from admin.freeze.links import Link, Passed, distinct_links, link_problems
from admin.site.content import Record, Site

#: Datasets whose records each have a page at ``/<dataset>/<slug>/`` (DESIGN.md's table).
DETAIL_DATASETS: tuple[str, ...] = (
    "subjects",
    "items",
    "penalties",
    "licences",
    "inspections",
    "info",
    "pages",
    "reports",
)
#: Folders of a dataset that hold list pages, never records (never valid slugs either).
LISTING_FOLDERS = frozenset({"page", "year", "kind"})

#: How many problems a failed build prints; the rest are counted.
SHOWN_PROBLEMS = 20


class CheckFailed(GongshiError):
    """The staged site failed a check; ``problems`` are Chinese lines for the user."""

    def __init__(self, title: str, problems: list[str]) -> None:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        lines = [title, *(f"  {line}" for line in shown)]
        if more:
            lines.append(f"  ……另有 {more} 处")
        super().__init__("\n".join(lines))
        self.problems = problems


def check_pages_match_content(files: Iterable[str], site: Site) -> list[str]:
    """Return one line per record without its page and per page without its record.

    ``files`` are the relative paths of every file of the built tree.
    """
    present = set(files)
    built: dict[str, set[str]] = {dataset: set() for dataset in DETAIL_DATASETS}
    for name in present:
        parts = name.split("/")
        if (
            len(parts) == 3
            and parts[0] in built
            and parts[2] == "index.html"
            and parts[1] not in LISTING_FOLDERS
        ):
            built[parts[0]].add(parts[1])
    problems: list[str] = []
    for dataset in DETAIL_DATASETS:
        expected = {_page_folder(record) for record in site.all(dataset)}
        for slug in sorted(expected - built[dataset]):
            problems.append(f"{dataset}/{slug}：content 中有此记录，网站缺少它的页面")
        for slug in sorted(built[dataset] - expected):
            problems.append(f"{dataset}/{slug}/index.html：网站有此页面，content 中没有对应记录")
    return problems + _rule_of_law_pages(present, site)


def _page_folder(record: Record) -> str:
    """Return the folder of a record's page: its slug, or for a 法治政府建设年度报告 its year
    (its own page is checked by :func:`_rule_of_law_pages`)."""
    if record.dataset == "reports" and record.get("kind") == rule_of_law.CONTENT_KIND:
        return str(rule_of_law.slug_year(record.slug))
    return record.slug


def _rule_of_law_pages(files: set[str], site: Site) -> list[str]:
    problems = []
    for record in site.all("reports"):
        if record.get("kind") == rule_of_law.CONTENT_KIND:
            page = f"reports/{rule_of_law.slug_year(record.slug)}/rule-of-law/index.html"
            if page not in files:
                problems.append(f"reports/{record.slug}：content 中有此记录，网站缺少它的页面")
    return problems


def tree_files(root: Path, leave_out: Collection[str] = ()) -> list[str]:
    """Return the relative posix path of every file under ``root``, sorted.

    The folders ``leave_out`` (relative posix paths) are not walked: their files are left out.
    As with ``os.walk``, a link to a folder is neither walked nor listed, a link to a file
    is listed, and a folder that cannot be read is skipped.
    """
    # Not os.walk: it asks the system again whether each folder is a link (one lstat per
    # folder, and a county's tree has 155,000), where the folder's entry already says so.
    # Strings, not Path objects: 1.85 -> 1.17 s at county scale (#16).
    found: list[str] = []
    waiting = [(os.fspath(root), "")]
    while waiting:
        folder, prefix = waiting.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if not _is_folder(entry):
                        found.append(prefix + entry.name)
                    elif not entry.is_symlink():
                        relative = prefix + entry.name
                        if relative not in leave_out:
                            waiting.append((entry.path, relative + "/"))
        except OSError:
            continue  # as os.walk without onerror
    return sorted(found)


def _is_folder(entry: os.DirEntry) -> bool:
    """Tell whether ``entry`` is a folder or a link to one, as os.walk does."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def run_checks(
    reports: dict[str, FileReport],
    site: Site,
    passed: dict[str, FileReport] | None = None,
    links: set[Link] | None = None,
) -> None:
    """Raise :class:`CheckFailed` unless the tree whose files ``reports`` describes passes.

    ``reports`` must hold every file of the tree (:mod:`admin.freeze.filecheck`).
    ``passed``, when given, holds the reports of every file of the same tree at a time it
    passed these checks (an incremental build's stored state): only the links that may
    have broken since are judged again. ``links``, when given, holds every distinct link of
    the files ``reports`` describes, gathered beforehand (:func:`links_of`).
    """
    leaks = [line for report in reports.values() for line in report.leaks]
    if leaks:
        # Name the record behind each file, so one bad record is found, mended or
        # withdrawn at once rather than blocking every later build (issue 14).
        raise CheckFailed(
            "个人信息检查未通过（构建输出中疑似含有个人信息；请修改或撤回所列记录）：",
            describe_leaks(
                [line for name in sorted(reports) for line in reports[name].leaks],
                site,
                known_public(),
            ),
        )
    facts = {name: report.facts for name, report in reports.items() if report.facts}
    since = changes_since(passed, reports) if passed is not None else None
    problems = link_problems(facts, reports, since, links)
    if problems:
        raise CheckFailed("链接检查未通过：", problems)
    missing = check_pages_match_content(reports, site)
    if missing:
        raise CheckFailed("页面与 content 不一致：", missing)


def links_of(reports: dict[str, FileReport], files: Iterable[str]) -> set[Link]:
    """Return every distinct link of the files ``files`` that ``reports`` describes.

    What :func:`run_checks` takes as ``links`` when ``reports`` will then describe no
    other file of a kind whose links are checked (:data:`PARSED_SUFFIXES`).
    """
    return distinct_links(
        [report.facts for name in files if (report := reports.get(name)) and report.facts]
    )


def changes_since(passed: dict[str, FileReport], reports: dict[str, FileReport]) -> Passed:
    """Return what changed from the tree ``passed`` describes to the one ``reports`` does."""
    changed = {
        name
        for name, report in reports.items()
        if (before := passed.get(name)) is not report  # kept from the state: unchanged
        and (before is None or before.digest != report.digest)
    }
    return Passed(changed, set(passed.keys() - reports.keys()))
