"""Name the record behind each leak the guard found in a built file (issue 14).

A failed build used to name only the file (``data/info.csv``), and a number in one record
then blocked every build until someone found it. Here each finding is traced back to the
dataset, slug and field of its record: a page ``/<dataset>/<slug>/`` names its record;
a row of ``data/<dataset>.csv`` or ``.json`` and a search fragment name the page URL the
guard read beside the number (:func:`admin.freeze.leakguard.scan_located`); any other file (a
list page, the feed) is traced by the masked value. The field is the one of the record
whose value holds a number with the same mask.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import urlsplit

from admin.domain import pii
from admin.site.content import Site
from admin.site.views.fields import label

#: The last ``/<dataset>/<slug>/`` of a page path or URL.
_PAGE_RE = re.compile(r"(?:^|/)([a-z]+)/([^/]+)/(?:index\.html)?$")
#: Folders of a dataset that hold list pages, never records.
_LISTINGS = frozenset({"page", "year", "kind"})


def describe_leaks(lines: list[str], site: Site, public: Collection[str] = ()) -> list[str]:
    """Return each leak line (``file<TAB>kind<TAB>masked[<TAB>where]``) with its record first.

    A file that names no record (a list page, the feed, the sitemap) is traced by its
    masked value to the first record holding it; a line nothing traces stays as it is.
    """
    found: dict[str, tuple[str, str] | None] = {}
    return [_describe(line, site, public, found) for line in lines]


def _describe(
    line: str, site: Site, public: Collection[str], found: dict[str, tuple[str, str] | None]
) -> str:
    path, kind, masked, *rest = [*line.split("\t"), ""][:4]
    where = rest[0] if rest else ""
    url, _, field = where.partition("#")
    record = _record_of(urlsplit(url).path if url else path, site)
    if record is None:
        if masked not in found:
            found[masked] = _holder_of(site, masked, public)
        record = found[masked]
    if record is None:
        return line
    dataset, slug = record
    field = _field_of(site, dataset, slug, masked, public) or _field_label(dataset, field)
    name = f"{dataset}/{slug}" + (f"（{field}）" if field else "")
    shown = "\t".join(part for part in (path, kind, masked) if part)
    return f"记录 {name}：{shown}"


def _record_of(path: str, site: Site) -> tuple[str, str] | None:
    """Return (dataset, slug) of the record whose page ``path`` is, if it is one."""
    match = _PAGE_RE.search(path.lstrip("/"))
    if match is None:
        return None
    dataset, slug = match.groups()
    if slug in _LISTINGS or site.find(dataset, slug) is None:
        return None
    return dataset, slug


def _holder_of(site: Site, masked: str, public: Collection[str]) -> tuple[str, str] | None:
    """Return (dataset, slug) of the first record with a number masked as ``masked``."""
    if masked in ("", "-"):
        return None
    for dataset in sorted(site.records):
        for record in site.all(dataset):
            if _field_of(site, dataset, record.slug, masked, public):
                return dataset, record.slug
    return None


def _field_of(
    site: Site, dataset: str, slug: str, masked: str, public: Collection[str]
) -> str | None:
    """Return the label of the record's field holding a number masked as ``masked``."""
    record = site.find(dataset, slug)
    if record is None or masked in ("", "-"):
        return None
    values = [*record.meta.items(), ("body", record.body), ("body", str(record.html))]
    for key, value in values:
        text = f"{key}：{value}"
        if any(hit.masked == masked for hit in pii.find_personal_numbers(text, public=public)):
            return _field_label(dataset, key)
    return None


def _field_label(dataset: str, key: str) -> str:
    """Return the Chinese name of ``key`` (a CSV column is one already, and stays)."""
    return label(dataset, key) if key else ""
