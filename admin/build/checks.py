"""Checks a staged site must pass before it may replace ``--out``.

Links and assets resolve (:mod:`admin.build.links`); no redirect page was frozen; the
pages match ``content/`` one to one; the leak guard finds no personal data.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from admin.build.links import check_links
from admin.contentstore import read_dataset
from admin.leakguard import MEDIA_SUFFIXES, LeakFinding, scan_bytes, scan_tree

#: Datasets whose records each have a page at ``/<dataset>/<slug>/`` (DESIGN.md's table).
DETAIL_DATASETS: tuple[str, ...] = (
    "subjects",
    "items",
    "penalties",
    "inspections",
    "info",
    "pages",
    "reports",
)
#: Folders of a dataset that hold list pages, never records (never valid slugs either).
LISTING_FOLDERS = frozenset({"page", "year", "kind"})

#: How many problems a failed build prints; the rest are counted.
SHOWN_PROBLEMS = 20


class CheckFailed(Exception):
    """The staged site failed a check; ``problems`` are Chinese lines for the user."""

    def __init__(self, title: str, problems: list[str]) -> None:
        shown = problems[:SHOWN_PROBLEMS]
        more = len(problems) - len(shown)
        lines = [title, *(f"  {line}" for line in shown)]
        if more:
            lines.append(f"  ……另有 {more} 处")
        super().__init__("\n".join(lines))
        self.problems = problems


def check_pages_match_content(root: Path, content_dir: Path) -> list[str]:
    """Return one line per record without its page and per page without its record."""
    problems: list[str] = []
    for dataset in DETAIL_DATASETS:
        expected = {record.slug for record in read_dataset(content_dir, dataset)}
        folder = root / dataset
        built = set()
        if folder.is_dir():
            built = {
                child.name
                for child in folder.iterdir()
                if child.name not in LISTING_FOLDERS and (child / "index.html").is_file()
            }
        for slug in sorted(expected - built):
            problems.append(f"{dataset}/{slug}：content 中有此记录，网站缺少它的页面")
        for slug in sorted(built - expected):
            problems.append(f"{dataset}/{slug}/index.html：网站有此页面，content 中没有对应记录")
    return problems


def check_leaks(root: Path, only: Iterable[str] | None = None) -> list[str]:
    """Return one line per leak-guard finding in ``root``, as ``gongshi check`` prints it.

    With ``only`` (relative paths), just those files are read: an incremental build's
    other files are byte for byte the ones an earlier build's scan passed.
    """
    if only is None:
        return [f"{f.path}\t{f.kind}\t{f.masked}" for f in scan_tree(root)]
    found = []
    for relative in sorted(set(only)):
        path = root / relative
        if path.suffix.lower() in MEDIA_SUFFIXES or not path.is_file():
            continue
        found += [
            f"{f.path}\t{f.kind}\t{f.masked}"
            for f in (
                LeakFinding(relative, kind, value)
                for kind, value in scan_bytes(path.read_bytes(), path.name)
            )
        ]
    return found


def run_checks(
    root: Path, content_dir: Path, base_url: str, changed: Iterable[str] | None = None
) -> None:
    """Raise :class:`CheckFailed` unless the staged site ``root`` passes every check.

    ``changed`` limits the leak guard to the files an incremental build wrote.
    """
    leaks = check_leaks(root, changed)
    if leaks:
        raise CheckFailed("个人信息检查未通过（构建输出中疑似含有个人信息）：", leaks)
    links = check_links(root, base_url)
    if links:
        raise CheckFailed("链接检查未通过：", links)
    missing = check_pages_match_content(root, content_dir)
    if missing:
        raise CheckFailed("页面与 content 不一致：", missing)
