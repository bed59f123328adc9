"""Every page URL of the public site, in a fixed order: what the freezer renders."""

from __future__ import annotations

from collections.abc import Iterator

from admin.domain import rule_of_law, vocab
from admin.domain.datasets import DATASETS, WORKFLOW
from admin.site.archive import Archive, archive_of
from admin.site.content import Record, Site
from admin.site.projects import projects
from admin.site.sitemaps import sitemap_parts
from admin.site.views.fields import DATASET_NAMES
from admin.site.views.subjects import BODY_LISTS

#: Datasets with a paginated list and year pages.
PAGINATED = WORKFLOW
#: Record pages by dataset: every record, listed or not (a notice keeps its URL).
DETAIL_PREFIX = {key: d.url("").removesuffix("/") for key, d in DATASETS.items() if d.has_pages} | {
    "pages": "/pages/",
    "reports": "/reports/",
}


def page_urls(site: Site) -> Iterator[str]:
    """Yield the path of every page and data file, each once, in a fixed order."""
    yield "/"
    yield from ("/subjects/", "/officers/", "/items/", "/reports/")
    for folder, _, records in list_folders(site):
        yield folder
        yield from (f"{folder}page/{b.number}/" for b in list_archive(site, folder, records).blocks)
    for dataset, prefix in DETAIL_PREFIX.items():
        if dataset == "reports":
            yield from report_urls(site)
            continue
        for record in site.all(dataset):
            yield f"{prefix}{record.slug}/"
    yield "/projects/"
    yield from (f"/projects/{project.slug}/" for project in projects(site))
    yield from ("/stats/", "/search/", "/sitemap/", "/data/", "/data/datapackage.json")
    for dataset in DATASET_NAMES:
        yield f"/data/{dataset}.csv"
        yield f"/data/{dataset}.json"
    yield from ("/feed.xml", "/sitemap.xml")
    yield from (f"/sitemap-{name}.xml" for name in sitemap_parts(site))
    yield "/404.html"


def report_urls(site: Site) -> Iterator[str]:
    """Yield each year's page and each 法治政府建设年度报告's own page (views/reports.py)."""
    years: dict[str, None] = {}
    for record in site.all("reports"):
        if record.get("kind") == rule_of_law.CONTENT_KIND:
            years.setdefault(str(rule_of_law.slug_year(record.slug)), None)
        else:
            years.setdefault(record.slug, None)
    for year in years:
        yield f"/reports/{year}/"
        if site.find("reports", rule_of_law.content_slug(int(year)) if year.isdigit() else ""):
            yield f"/reports/{year}/rule-of-law/"


def list_folders(site: Site) -> Iterator[tuple[str, str, list[Record]]]:
    """Yield ``(folder URL, dataset, records newest first)`` of every list with archive pages."""
    for dataset in PAGINATED:
        listed = site.listed(dataset)
        yield f"/{dataset}/", dataset, listed
        for year in site.years(dataset):
            yield f"/{dataset}/year/{year}/", dataset, site.listed_in_year(dataset, year)
    for kind, slug in vocab.PENALTY_KIND_SLUGS.items():
        chosen = site.listed_with_kind(kind)
        if chosen:
            yield f"/penalties/kind/{slug}/", "penalties", chosen
    for body in site.listed("subjects"):
        for dataset in BODY_LISTS:
            yield f"/subjects/{body.slug}/{dataset}/", dataset, site.of_body(dataset, body.slug)
    licences = site.listed("licences")
    for kind, slug in vocab.LICENCE_KIND_SLUGS.items():
        chosen = [r for r in licences if r.get("licence_kind") == kind]
        if chosen:
            yield f"/licences/kind/{slug}/", "licences", chosen


def list_archive(site: Site, folder: str, records: list[Record]) -> Archive:
    """Return the archive blocks of the list at ``folder`` (cut once per build)."""
    return archive_of(site, folder, records)
