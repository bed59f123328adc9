"""The sitemap's parts: one file while it holds at most 50,000 URLs, else a sitemap index.

The sitemaps.org protocol allows a sitemap file 50,000 URLs; a county lists 140,000
records, and search engines refuse a longer file. Above the limit ``/sitemap.xml`` is a
sitemap index naming ``/sitemap-<part>.xml`` (at the root: a sitemap may
list only URLs below its own folder): ``site`` (the sections, projects and the
records of the reference datasets) and one part per disclosure dataset and year
(``penalties-2026``), cut again every 50,000 records (``penalties-2026-2``). A record
published in 2026 changes only the index and its year's part, so a rebuild renders
those alone (admin.freeze.incremental). A site within the limit keeps its one file.
"""

from __future__ import annotations

from admin.site.content import DISCLOSURES, Record, Site, record_year
from admin.site.projects import projects

#: The most URLs one sitemap file may list (sitemaps.org).
SITEMAP_URLS = 50_000
#: Datasets whose records the sitemap lists, in its order.
SITEMAP_DATASETS = (*DISCLOSURES, "subjects", "items", "pages", "reports")
#: The datasets of the ``site`` part, with the sections and projects.
SITE_PART_DATASETS = ("subjects", "items", "pages", "reports")
#: The part listing the sections, the projects and the reference datasets' records.
SITE_PART = "site"
#: List pages in the sitemap (in the ``site`` part), besides records and hand-written pages.
SECTION_ENDPOINTS = (
    "home.index",
    "subjects.index",
    "officers.index",
    "items.index",
    "penalties.index",
    "licences.index",
    "inspections.index",
    "info.index",
    "projects.index",
    "reports.index",
    "stats.index",
    "data.index",
    "pages.sitemap",
)


def sitemap_records(site: Site, datasets: tuple[str, ...] = SITEMAP_DATASETS) -> list[Record]:
    """Return the records the sitemap lists, in its order: each dataset's listed records."""
    return [record for dataset in datasets for record in site.listed(dataset)]


def sitemap_parts(site: Site) -> dict[str, list[Record]]:
    """Return the sitemap's parts, name to records in order, or {} when one file holds all.

    The ``site`` part lists the sections and projects besides its records.
    """
    return site.memo("sitemap parts", lambda: _parts(site))


def is_site_part(name: str) -> bool:
    """Tell whether the part ``name`` is the ``site`` part or one cut from it."""
    return name == SITE_PART or name.startswith(f"{SITE_PART}-")


def _parts(site: Site) -> dict[str, list[Record]]:
    besides = len(SECTION_ENDPOINTS) + len(projects(site))  # in the site part
    if besides + len(sitemap_records(site)) <= SITEMAP_URLS:
        return {}
    parts = _cut(SITE_PART, sitemap_records(site, SITE_PART_DATASETS), besides)
    for dataset in DISCLOSURES:
        by_year: dict[str, list[Record]] = {}
        for record in site.listed(dataset):
            year = record_year(record)
            by_year.setdefault(str(year) if year else "undated", []).append(record)
        for year, records in by_year.items():
            parts.update(_cut(f"{dataset}-{year}", records))
    return parts


def _cut(name: str, records: list[Record], besides: int = 0) -> dict[str, list[Record]]:
    """Return ``records`` cut into parts of at most :data:`SITEMAP_URLS` URLs, ``besides``
    other URLs in the first: name, name-2, …"""
    room = max(1, SITEMAP_URLS - besides)
    chunks = [records[at : at + room] for at in range(0, len(records), room)] or [[]]
    return {name if n == 1 else f"{name}-{n}": chunk for n, chunk in enumerate(chunks, start=1)}
