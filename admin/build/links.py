"""Every internal link and asset of a built site resolves inside it, as a browser would.

Links are resolved from each file's own location, exactly as a browser resolves them when
the site is served from any sub-path or opened from disk; absolute URLs under
``base_url`` (canonical links, sitemap, feed) are mapped back into the tree. Fragments
must name an element of the target page.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from admin.build.render import parallel_map

#: Attributes that load or link something, whatever the tag.
_LINK_ATTRIBUTES = {"href", "src", "poster", "action", "data", "xlink:href"}
_SKIPPED_SCHEMES = {"mailto", "tel", "data", "sms"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""")


@dataclass
class _Page:
    links: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    refresh: bool = False
    error: str = ""


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.page.ids.add(value)
            elif name in _LINK_ATTRIBUTES and not (tag == "form" and not value):
                self.page.links.append(value.strip())
            elif name == "srcset":
                self.page.links.extend(part.split()[0] for part in value.split(",") if part.split())
        if tag == "meta":
            found = dict(attrs)
            if (found.get("http-equiv") or "").lower() == "refresh":
                self.page.refresh = True


def check_links(root: Path, base_url: str) -> list[str]:
    """Return one Chinese line per broken internal link, asset or redirect page under ``root``."""
    pages = _parse_tree(root)
    problems: list[str] = []
    for relative, page in sorted(pages.items()):
        if page.error:
            problems.append(f"{relative}：{page.error}")
        if page.refresh:
            problems.append(f"{relative}：是跳转页面（meta refresh），不应发布")
        for link in page.links:
            problem = _check_one(root, pages, relative, link, base_url)
            if problem:
                problems.append(f"{relative}：链接 {link} {problem}")
    return problems


def _parse_tree(root: Path) -> dict[str, _Page]:
    """Parse every HTML, XML and CSS file under ``root`` into its links and ids."""
    paths = sorted(path for path in root.rglob("*") if path.suffix.lower() in _PARSED)
    # Parsing is most of the check's time: share it across the cores in slices.
    step = max(1, len(paths) // 64)
    jobs = [(root, paths[start : start + step]) for start in range(0, len(paths), step)]
    pages: dict[str, _Page] = {}
    for parsed in parallel_map(_parse_files, jobs) if len(paths) > 256 else map(_parse_files, jobs):
        pages.update(parsed)
    return pages


_PARSED = frozenset({".html", ".htm", ".xml", ".css"})


def _parse_files(job: tuple[Path, list[Path]]) -> dict[str, _Page]:
    """Parse the files of one slice (in a worker process)."""
    root, paths = job
    pages: dict[str, _Page] = {}
    for path in paths:
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix in (".html", ".htm"):
            parser = _LinkParser()
            parser.feed(path.read_text(encoding="utf-8", errors="replace"))
            parser.close()
            pages[relative] = parser.page
        elif suffix == ".xml":
            pages[relative] = _parse_xml(path)
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
            links = [m.group(2) or m.group(4) for m in _CSS_URL.finditer(text)]
            pages[relative] = _Page(links=[link.strip() for link in links])
    return pages


def _parse_xml(path: Path) -> _Page:
    """Collect ``href`` attributes and sitemap ``<loc>`` values of an XML file."""
    page = _Page()
    try:
        tree = ET.parse(path)  # our own build output, never untrusted input
    except ET.ParseError as exc:
        page.error = f"无法解析（{exc}）"
        return page
    for element in tree.iter():
        if element.tag.rsplit("}", 1)[-1] == "loc" and element.text:
            page.links.append(element.text.strip())
        href = element.get("href")
        if href:
            page.links.append(href.strip())
    return page


def _check_one(root: Path, pages: dict[str, _Page], source: str, link: str, base: str) -> str:
    """Return why ``link`` in ``source`` does not resolve, or "" when it does."""
    parts = urlsplit(link)
    scheme = parts.scheme.lower()
    if scheme in _SKIPPED_SCHEMES:
        return ""
    if scheme in ("http", "https") or link.startswith("//"):
        if not link.startswith(base):
            return ""  # another site's page: not ours to check
        target = posixpath.normpath("/" + unquote(urlsplit(link[len(base) :]).path)).lstrip("/")
        if link[len(base) :].split("?")[0].split("#")[0].endswith("/") or not target:
            target = posixpath.join(target, "index.html") if target else "index.html"
        return _check_target(root, pages, target, parts.fragment)
    if scheme:
        return f"使用了不允许的协议 {scheme}:"
    if parts.path.startswith("/"):
        return "以 / 开头，在子路径下或从磁盘打开时会失效"
    if not parts.path:
        return _check_target(root, pages, source, parts.fragment)
    if source.endswith(".html") and parts.path.endswith("/"):
        return "指向文件夹却没有写 index.html，从磁盘打开时无法访问"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    if joined == ".." or joined.startswith("../"):
        return "指向网站目录之外"
    return _check_target(root, pages, joined, parts.fragment)


def _check_target(root: Path, pages: dict[str, _Page], target: str, fragment: str) -> str:
    path = root / target
    if path.is_dir():
        target = posixpath.join(target, "index.html")
        path = root / target
    if not path.is_file():
        return f"指向不存在的文件 {target}"
    if fragment and target in pages and unquote(fragment) not in pages[target].ids:
        return f"指向 {target} 中不存在的位置 #{fragment}"
    return ""
