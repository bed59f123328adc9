"""Every internal link and asset of a built site resolves inside it, as a browser would.

Links are resolved from each file's own location, exactly as a browser resolves them when
the site is served from any sub-path or opened from disk; absolute URLs under
``base_url`` (canonical links, sitemap, feed) are mapped back into the tree. Fragments
must name an element of the target page.

The check has two halves so that it can run where the bytes are: :func:`page_facts`
reads one file (in the freezing workers, right after it was written) into its ids
and its links already resolved to paths in the tree; :func:`link_problems` then checks
those paths against the set of the tree's files with set lookups only. An incremental
build keeps every page's facts, so a rebuild checks the tree without reading it, and
judges again only the links that what it changed may have broken (:class:`Passed`).
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from itertools import compress
from operator import itemgetter
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

#: Attributes that load or link something, whatever the tag.
_LINK_ATTRIBUTES = {"href", "src", "poster", "action", "data", "xlink:href"}
_SKIPPED_SCHEMES = {"mailto", "tel", "data", "sms"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
#: Files whose links are checked, by suffix.
PARSED_SUFFIXES = frozenset({".html", ".htm", ".xml", ".css"})


class Link(NamedTuple):
    """One link of a page: as written, and where it leads (``target`` empty: not ours)."""

    raw: str
    target: str = ""
    fragment: str = ""
    problem: str = ""


class PageFacts(NamedTuple):
    """What the link check needs of one file: its ids, its links, its own problems."""

    ids: frozenset[str]
    links: tuple[Link, ...]
    problems: tuple[str, ...] = ()


def page_facts(relative: str, data: bytes, base_url: str) -> PageFacts | None:
    """Read the file ``relative`` (its bytes) into its facts; None for unparsed kinds."""
    suffix = posixpath.splitext(relative)[1].lower()
    if suffix not in PARSED_SUFFIXES:
        return None
    problems: list[str] = []
    ids: set[str] = set()
    text = "" if suffix in (".html", ".htm") else data.decode("utf-8", errors="replace")
    if suffix in (".html", ".htm"):
        raw, refresh = _html_links(data, ids)
        if refresh:
            problems.append("是跳转页面（meta refresh），不应发布")
    elif suffix == ".xml":
        raw, error = _xml_links(text)
        if error:
            problems.append(error)
    else:
        raw = [(m.group(2) or m.group(4)).strip() for m in _CSS_URL.finditer(text)]
    links = tuple(_resolve(relative, link, base_url) for link in raw)
    return PageFacts(frozenset(ids), links, tuple(problems))


def link_problems(
    facts: dict[str, PageFacts],
    files: Iterable[str],
    since: Passed | None = None,
    links: set[Link] | None = None,
) -> list[str]:
    """Return one Chinese line per broken link, asset or redirect page, by file then link.

    ``facts`` holds every parsed file of the tree, ``files`` every file of it. ``since``
    describes an earlier state of the same tree that passed this check: a link is judged
    again only when a page that changed since holds it or when it leads to a file that was
    added, removed or changed since (or to one of their folders). ``links``, when given,
    is :func:`distinct_links` of ``facts``, gathered while the build had a core to spare.
    """
    present = set(files)
    folders = _Folders(present)
    # Pages share their links (menus, footers, assets: admin.freeze.filecheck.ReportPool),
    # and whether a link is broken depends on the link alone: each distinct link is
    # judged once, and a page is looked at only when it holds a broken one.
    distinct = distinct_links(facts.values()) if links is None else links
    if since is not None:
        touched = since.touched()
        fresh: set[Link] = set()
        for name in since.changed:
            if name in facts:
                fresh.update(facts[name].links)
        # The links whose target was touched, picked in C (a million distinct at county scale).
        every = list(distinct)
        leads = map(touched.__contains__, map(_TARGET, every))
        distinct = fresh.union(compress(every, leads))
    broken = {}
    for link in distinct:
        problem = link.problem or (_missing(link, present, folders, facts) if link.target else "")
        if problem:
            broken[link] = problem
    problems: list[str] = []
    for relative in sorted(
        name
        for name, page in facts.items()
        if page.problems or (broken and not broken.keys().isdisjoint(page.links))
    ):
        page = facts[relative]
        problems += [f"{relative}：{problem}" for problem in page.problems]
        problems += [
            f"{relative}：链接 {link.raw} {broken[link]}" for link in page.links if link in broken
        ]
    return problems


def distinct_links(facts: Iterable[PageFacts]) -> set[Link]:
    """Return the links ``facts`` hold, each once.

    A county's 155,000 pages hold five million links, one million distinct: gathering
    them is most of a rebuild's link check (0.8 s, #16).
    """
    distinct: set[Link] = set()
    for page in facts:
        distinct.update(page.links)
    return distinct


class Passed(NamedTuple):
    """What changed in a tree since it last passed the link check."""

    #: The files added or whose bytes changed since.
    changed: set[str]
    #: The files removed since.
    removed: set[str]

    def touched(self) -> set[str]:
        """Return every target whose verdict may have changed: the files added, removed
        or changed since, each with its folders (a link may lead to a folder)."""
        names = self.changed | self.removed
        touched = set(names)
        for name in names:
            touched.update(_parents(name))
        return touched | {"."} if "" in touched else touched


_TARGET = itemgetter(1)


def _html_links(data: bytes, ids: set[str]) -> tuple[list[str], bool]:
    """Collect the links of an HTML page and add its ids to ``ids``; tell if it redirects.

    Lexbor parses the page as a browser's HTML5 parser does (comments, script text and
    misnested tags included), in C: a twentieth of html.parser's time per page.
    """
    links: list[str] = []
    refresh = False
    for node in LexborHTMLParser(data).root.traverse(include_text=False):
        attrs = node.attributes
        if not attrs:
            continue
        tag = node.tag
        for name, value in attrs.items():
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                ids.add(value)
            elif name in _LINK_ATTRIBUTES and not (tag == "form" and not value):
                links.append(value.strip())
            elif name == "srcset":
                links.extend(part.split()[0] for part in value.split(",") if part.split())
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            refresh = True
    return links, refresh


def _xml_links(text: str) -> tuple[list[str], str]:
    """Collect ``href`` attributes and sitemap ``<loc>`` values of an XML file."""
    try:
        tree = ET.fromstring(text)  # our own build output, never untrusted input
    except ET.ParseError as exc:
        return [], f"无法解析（{exc}）"
    links: list[str] = []
    for element in tree.iter():
        if element.tag.rsplit("}", 1)[-1] == "loc" and element.text:
            links.append(element.text.strip())
        href = element.get("href")
        if href:
            links.append(href.strip())
    return links, ""


def _resolve(source: str, link: str, base: str) -> Link:
    """Resolve ``link`` written in ``source`` to a path in the tree, or say why it is wrong."""
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme in _SKIPPED_SCHEMES:
        return Link(link)
    if scheme in ("http", "https") or link.startswith("//"):
        if not link.startswith(base):
            return Link(link)  # another site's page: not ours to check
        target = posixpath.normpath("/" + unquote(urlsplit(link[len(base) :]).path)).lstrip("/")
        if link[len(base) :].split("?")[0].split("#")[0].endswith("/") or not target:
            target = posixpath.join(target, "index.html") if target else "index.html"
        return Link(link, target, parts.fragment)
    if scheme:
        return Link(link, problem=f"使用了不允许的协议 {scheme}:")
    if parts.path.startswith("/"):
        return Link(link, problem="以 / 开头，在子路径下或从磁盘打开时会失效")
    if not parts.path:
        return Link(link, source, parts.fragment)
    if source.endswith(".html") and parts.path.endswith("/"):
        return Link(link, problem="指向文件夹却没有写 index.html，从磁盘打开时无法访问")
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return Link(link, problem="指向网站目录之外")
    return Link(link, joined, parts.fragment)


class _Folders:
    """The folders of a tree's files, found the first time a link leads to no file.

    A tree has as many folders as pages (0.3 s at county scale), and the links of a good
    tree lead to files: most checks never need them.
    """

    def __init__(self, files: set[str]) -> None:
        self._files = files
        self._folders: set[str] | None = None

    def __contains__(self, name: str) -> bool:
        if self._folders is None:
            folders = {posixpath.dirname(path) for path in self._files}
            self._folders = folders | {p for folder in folders for p in _parents(folder)}
        return name in self._folders


def _missing(link: Link, present: set[str], folders: _Folders, facts: dict[str, PageFacts]) -> str:
    """Return why the resolved ``link`` finds no file or no fragment, or ""."""
    target = "" if link.target == "." else link.target
    if target not in present and target in folders:  # the browser shows its index.html
        target = posixpath.join(target, "index.html")
    if target not in present:
        return f"指向不存在的文件 {target}"
    page = facts.get(target)
    if link.fragment and page is not None and unquote(link.fragment) not in page.ids:
        return f"指向 {target} 中不存在的位置 #{link.fragment}"
    return ""


def _parents(folder: str) -> Iterable[str]:
    while folder:
        folder = posixpath.dirname(folder)
        yield folder
