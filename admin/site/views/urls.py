"""Every page URL of the public site, in a fixed order: what the freezer renders."""

from __future__ import annotations

from collections.abc import Iterator

from admin.domain import rule_of_law, vocab
from admin.domain.datasets import DATASETS, WORKFLOW
from admin.site.content import Record, Site, record_year
from admin.site.projects import projects
from admin.site.views.fields import DATASET_NAMES
from admin.site.views.listing import page_count
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
    for dataset in PAGINATED:
        listed = site.listed(dataset)
        yield from _list_pages(f"/{dataset}/", listed)
        for year in site.years(dataset):
            yield from _list_pages(
                f"/{dataset}/year/{year}/", [r for r in listed if record_year(r) == year]
            )
    penalties = site.listed("penalties")
    for kind, slug in vocab.PENALTY_KIND_SLUGS.items():
        chosen = [r for r in penalties if kind in r.get("kinds", ())]
        if chosen:
            yield from _list_pages(f"/penalties/kind/{slug}/", chosen)
    for body in site.listed("subjects"):
        for dataset in BODY_LISTS:
            yield from _list_pages(
                f"/subjects/{body.slug}/{dataset}/", site.of_body(dataset, body.slug)
            )
    licences = site.listed("licences")
    for kind, slug in vocab.LICENCE_KIND_SLUGS.items():
        chosen = [r for r in licences if r.get("licence_kind") == kind]
        if chosen:
            yield from _list_pages(f"/licences/kind/{slug}/", chosen)
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
    yield from ("/feed.xml", "/sitemap.xml", "/404.html")


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


def _list_pages(first: str, records: list[Record]) -> Iterator[str]:
    yield first
    for number in range(2, page_count(len(records)) + 1):
        yield f"{first}page/{number}/"
