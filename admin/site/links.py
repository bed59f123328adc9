"""Links of the public site: relative inside pages, absolute folder URLs under ``base_url``.

Pages must work served from any sub-path (a column of the county portal) and opened from
files on disk, so every link inside a page is relative to the page and names the
``index.html`` of a folder explicitly (a ``file://`` browser does not look for it).
Canonical links, the sitemap, the feed and QR codes are the public folder URLs instead.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import urljoin


def relative_url(current_path: str, target_path: str) -> str:
    """Return the link from the page at ``current_path`` to ``target_path``.

    Both are site-absolute paths (``/penalties/2021-0001/``). A folder target gets
    ``index.html``; a query or fragment of the target is kept.
    """
    target, suffix = _split_suffix(target_path)
    if target.endswith("/"):
        target += "index.html"
    base = current_path if current_path.endswith("/") else posixpath.dirname(current_path) + "/"
    if base != "/" and _plain(base) and _plain(target) and not (target + "/").startswith(base):
        # A link out of the page's own folder is the same for every page beside it (the
        # decisions' pages link to the same menus, assets and lists): one step up, then
        # the link from the parent folder, found once. A fifth of a page's render, before.
        parent = base[: base.rindex("/", 0, -1) + 1]
        shared = _relpath_cached(target, parent)
        if shared != ".":
            return "../" + shared + suffix
    return _relpath(target, base) + suffix


@lru_cache(maxsize=4096)
def canonical_url(base_url: str, path: str) -> str:
    """Return the public folder URL of ``path`` under ``base_url`` (no ``index.html``)."""
    # Cached: a detail page asks for its own URL four times (head, Open Graph, QR code).
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    base = base_url if base_url.endswith("/") else base_url + "/"
    return urljoin(base, path.lstrip("/"))


@lru_cache(maxsize=16384)
def _relpath_cached(target: str, base: str) -> str:
    return _relpath(target, base)


def _relpath(target: str, base: str) -> str:
    """Return ``posixpath.relpath(target, base)`` for ``base`` a folder path ending in ``/``.

    Every link of every page goes through here, and ``relpath`` normalises both paths
    through ``abspath`` first (a tenth of a page's render): that only matters for
    ``.``, ``..`` or doubled slashes, which site paths never hold, so those take the
    slow way and the rest give the same answer by splitting on ``/``.
    """
    if not _plain(target) or not _plain(base) or target.endswith("/"):
        return posixpath.relpath(target, base)
    target_parts = target[1:].split("/")
    base_parts = base[1:-1].split("/") if base != "/" else []
    common = 0
    for mine, theirs in zip(base_parts, target_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(base_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def _plain(path: str) -> bool:
    # No empty, "." or ".." segment ("/." also sends names starting with a dot the
    # slow way, which is still right).
    return path.startswith("/") and "//" not in path and "/." not in path


def _split_suffix(path: str) -> tuple[str, str]:
    """Split ``path`` into the path proper and its ``?query#fragment`` tail."""
    if "?" not in path and "#" not in path:
        return path, ""
    cut = min((i for i in (path.find("?"), path.find("#")) if i >= 0), default=len(path))
    return path[:cut], path[cut:]
