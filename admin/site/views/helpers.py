"""Template helpers of the public site: links, assets, canonical URLs, QR codes, pages."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for
from markupsafe import Markup, escape

import admin
from admin.domain import rule_of_law
from admin.domain.datasets import DATASETS
from admin.domain.datasetspec import LIST, WIDE, YUAN, Field
from admin.site import links as sitelinks
from admin.site.content import Record, Site
from admin.site.qrcode import qr_svg
from admin.site.stats import yuan

SITE_DIR = Path(admin.__file__).resolve().parent.parent / "site"
TEMPLATE_DIR = SITE_DIR / "templates"
STATIC_DIR = SITE_DIR / "static"
SITE_KEY = "gongshi_site"
#: The app's memo of built paths: ``(script root, endpoint, values in call order) -> path``.
PATHS_KEY = "gongshi_site_paths"
#: Set in a request's environ when its page links by absolute public URL (the 404 page).
ABSOLUTE_LINKS = "gongshi.absolute_links"


def current_site() -> Site:
    """Return the content the current app serves."""
    return current_app.extensions[SITE_KEY]


@dataclass(frozen=True)
class PageMeta:
    """What the layout needs to know about a page: title, column, article metadata."""

    title: str
    column: str
    column_type: str = "信息公开"
    description: str = ""
    article: bool = False
    pub_date: dt.date | None = None
    source: str = ""
    noindex: bool = False


def render_page(template: str, meta: PageMeta, **context: Any) -> str:
    """Render ``template`` with the page's metadata and the given context."""
    return render_template(template, page=meta, **context)


def link_to(endpoint: str, **values: Any) -> str:
    """Return the link from the current page to ``endpoint`` (relative, ending in index.html)."""
    return link_to_path(site_path(endpoint, **values))


def link_to_path(target: str) -> str:
    """Return the link from the current page to the site path ``target``."""
    page = request._get_current_object()  # one context lookup, not one per attribute
    if ABSOLUTE_LINKS in page.environ:  # not ``g``: a lookup of ``g`` cost 7 % of a page
        # The 404 page is served at any depth: only absolute links work there.
        return sitelinks.canonical_url(current_site().config["base_url"], target)
    return sitelinks.relative_url(page.script_root + page.path, target)


def site_path(endpoint: str, **values: Any) -> str:
    """Return ``url_for(endpoint, **values)``, built once per app for the same arguments."""
    # A page links to the same few dozen endpoints as every other page, and the URL map
    # never changes after the app is made: building each path once saves a tenth of a build.
    if endpoint.startswith("."):
        return url_for(endpoint, **values)  # relative to the current blueprint
    key = (request.script_root, endpoint, tuple(values.items()))
    paths = current_app.extensions.setdefault(PATHS_KEY, {})
    path = paths.get(key)
    if path is None:
        path = paths[key] = url_for(endpoint, **values)
    return path


def asset(filename: str) -> str:
    """Return the link to a static file, with its content hash so caches renew on change."""
    return link_to("static", filename=filename) + "?v=" + static_hash(filename)


def canonical(path: str | None = None) -> str:
    """Return the public folder URL of ``path`` (default: the current page) under base_url."""
    return sitelinks.canonical_url(current_site().config["base_url"], path or request.path)


def qr_for(path: str | None = None) -> str:
    """Return the inline SVG QR code of the current page's public URL."""
    return qr_svg(canonical(path))


#: The endpoint of each dataset's detail page (officers have none: one list page).
DETAIL_ENDPOINTS = {
    "subjects": "subjects.detail",
    "items": "items.detail",
    "penalties": "penalties.detail",
    "licences": "licences.detail",
    "inspections": "inspections.detail",
    "info": "info.detail",
    "pages": "pages.page",
    "reports": "reports.detail",
}


def record_path(record: Record) -> str:
    """Return the site path of a record's page."""
    if is_rule_of_law(record):
        return site_path("reports.rule_of_law", year=rule_of_law.slug_year(record.slug))
    return site_path(DETAIL_ENDPOINTS[record.dataset], slug=record.slug)


def record_link(record: Record) -> str:
    """Return the link from the current page to a record's page."""
    return link_to_path(record_path(record))


def is_rule_of_law(record: Record) -> bool:
    """Return whether ``record`` is a 法治政府建设年度报告 (page: /reports/<yyyy>/rule-of-law/)."""
    return record.dataset == "reports" and record.get("kind") == rule_of_law.CONTENT_KIND


_HASHES: dict[str, str] = {}


def static_hash(filename: str) -> str:
    """Return the first ten hex digits of a static file's SHA-256."""
    # Keyed by name, not resolved path: every page asks for the same two files, and
    # resolving the path costs system calls each time.
    if filename not in _HASHES:
        path = (STATIC_DIR / filename).resolve()
        _HASHES[filename] = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
    return _HASHES[filename]


#: The main navigation: (endpoint, label).
NAV = (
    ("home.index", "首页"),
    ("subjects.index", "执法主体"),
    ("officers.index", "执法人员"),
    ("items.index", "执法事项"),
    ("penalties.index", "处罚决定"),
    ("licences.index", "行政许可"),
    ("inspections.index", "检查结果"),
    ("info.index", "信息公开"),
    ("projects.index", "重大项目"),
    ("stats.index", "统计"),
    ("data.index", "开放数据"),
)
#: Short names of the datasets, for tags and feed categories.
SECTION_NAMES = {
    "subjects": "执法主体",
    "officers": "执法人员",
    "items": "执法事项",
    "penalties": "行政处罚",
    "licences": "行政许可",
    "inspections": "行政检查",
    "info": "政府信息",
    "pages": "指引",
    "reports": "年度报告",
}


#: Blueprints that belong to another's entry of the main navigation: the annual reports
#: are part of the 信息公开 column.
NAV_PARENTS = {"reports": "info"}
#: The 信息公开 column's standard structure on a government site: (hand-written page slug
#: or endpoint, label). Pages missing from ``content/pages/`` are left out.
INFO_COLUMN = (
    ("guide", "政府信息公开指南"),
    ("rules", "政府信息公开制度"),
    ("info.index", "法定主动公开内容"),
    ("reports.index", "政府信息公开年报"),
)
INFO_COLUMN_PAGES = frozenset(target for target, _ in INFO_COLUMN if "." not in target)


def nav_links() -> list[tuple[str, str, bool]]:
    """Return ``(link, label, is current section)`` for each entry of the main navigation."""
    section = NAV_PARENTS.get(request.blueprint or "", request.blueprint)
    if section == "pages" and (request.view_args or {}).get("slug") in INFO_COLUMN_PAGES:
        section = "info"  # the guide and the rules are parts of the 信息公开 column
    return [
        (link_to(endpoint), label, endpoint.split(".")[0] == section) for endpoint, label in NAV
    ]


def info_column_links() -> list[tuple[str, str, bool]]:
    """Return ``(link, label, is current)`` for each part of the 信息公开 column."""
    site = current_site()
    links = []
    for target, label in INFO_COLUMN:
        if "." in target:
            link = link_to(target)
            current = request.blueprint == target.split(".")[0]
        elif site.find("pages", target) is not None:
            link = link_to(DETAIL_ENDPOINTS["pages"], slug=target)
            current = request.blueprint == "pages" and request.view_args == {"slug": target}
        else:
            continue
        links.append((link, label, current))
    return links


def field_row(label: str, value: Any, wide: bool = False) -> Markup:
    """Return one ``<dt>``/``<dd>`` pair of a field list, or nothing for an empty value."""
    # A template macro did this, called 25 times by every decision's page: calling a
    # macro costs more than the whole row. Both parts are escaped as ``{{ }}`` would.
    if value in (None, "", [], 0):
        return Markup("")
    css = ' class="wide"' if wide else ""
    return Markup(f"<div{css}><dt>{escape(label)}</dt><dd>{escape(value)}</dd></div>\n")


def declared_rows(
    record: Record, section: str, links: Mapping[str, Record] | None = None
) -> Markup:
    """Return the rows of the declaration's fields in ``section`` of the record's page.

    ``links`` names a listed record a field's value links to (its text is the field's
    value, else the record's name).
    The text is what one ``{{ row(...) }}`` per line wrote: each row then an end of line;
    an amount had an ``{% if %}`` around it, whose line end the template dropped.
    """
    out = []
    for field in DATASETS[record.dataset].section(section):
        linked = (links or {}).get(field.key)
        if linked is not None:
            text = record.get(field.key) or linked.get("name")
            link = f'<a href="{escape(record_link(linked))}">{escape(text)}</a>'
            out.append(Markup(f"<div><dt>{escape(field.page_label)}</dt><dd>{link}</dd></div>"))
            continue
        value = record.get(field.key)
        if field.fallback and not value:
            value = getattr(record, field.fallback)
        if field.show == LIST:
            value = "、".join(value or [])
        elif field.show == YUAN:
            if not value:
                continue
            value = f"{yuan(value)} 元"
        row = field_row(field.page_label, value, wide=field.show == WIDE)
        out.append(row if field.show == YUAN else row + "\n")
    return Markup("").join(out)


def section_fields(record: Record, section: str) -> tuple[Field, ...]:
    """Return the declaration's fields in ``section`` of the record's page (for a loop)."""
    return DATASETS[record.dataset].section(section)


def template_globals() -> dict[str, Any]:
    """Return the helpers every template and macro can use, the same on every page."""
    # Globals rather than context: macro files imported without context are then
    # loaded once, not once per page.
    return {
        "nav_links": nav_links,
        "info_column_links": info_column_links,
        "section_names": SECTION_NAMES,
        "link_to": link_to,
        "asset": asset,
        "canonical": canonical,
        "qr_for": qr_for,
        "record_path": record_path,
        "record_link": record_link,
        "row": field_row,
        "rows": declared_rows,
        "section_fields": section_fields,
    }


def template_helpers() -> dict[str, Any]:
    """Return the names every template can use that depend on the site and the page."""
    site = current_site()
    contact = site.find("pages", "contact")
    return {
        "site_domain": urlsplit(site.config["base_url"]).netloc,
        "police_code": _digits(site.config["police_filing"]),
        "contact_link": record_link(contact) if contact else "#site-footer",
        "site": site,
        "cfg": site.config,
    }


def _digits(value: object) -> str:
    return "".join(ch for ch in str(value) if ch.isdigit())
