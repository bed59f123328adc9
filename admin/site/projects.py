"""重大建设项目: the projects the published 政府信息 items name, each with its eight stages.

A project has no file of its own: it is the set of listed info items whose ``project``
names it (docs/projects.md). Its page folder comes from the name
(:func:`admin.domain.slugs.project_slug`); its stages are 国办发〔2017〕94号's eight, in
its order, each with the project's items of that category (possibly none: 「暂无」).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from admin.domain import vocab
from admin.domain.slugs import project_key, project_slug
from admin.site.content import Record, Site


@dataclass(frozen=True)
class Project:
    """One 重大建设项目 as the site shows it."""

    name: str
    slug: str
    #: (category, its items by date) for each of the eight categories, in 94号's order,
    #: then any other category a hand-edited file gives.
    stages: tuple[tuple[str, tuple[Record, ...]], ...]

    @property
    def items(self) -> list[Record]:
        """Return every item of the project, stage by stage."""
        return [r for _, records in self.stages for r in records]

    @property
    def latest(self) -> dt.date:
        """Return the publication date of the project's newest item."""
        return max((r.published for r in self.items if r.published), default=dt.date.min)

    @property
    def filled(self) -> int:
        """Return how many of the categories have at least one item."""
        return sum(1 for _, records in self.stages if records)


def project_of(record: Record) -> str:
    """Return the project an info item belongs to ('' for an ordinary item)."""
    return str(record.get("project") or "").strip()


def stage_of(record: Record) -> str:
    """Return the 94号 category of an info item, in the stored spelling."""
    return vocab.project_stage(str(record.get("project_stage") or ""))


def projects(site: Site) -> list[Project]:
    """Return the site's projects, the most recently updated first."""
    # Once per site: every info item's page asks which project it belongs to.
    return list(site.memo("projects", lambda: _projects(site)))


def project_of_item(site: Site, record: Record) -> Project | None:
    """Return the project whose page lists the info item ``record``, or None."""
    by_slug = site.memo(
        "project_items", lambda: {r.slug: p for p in projects(site) for r in p.items}
    )
    return by_slug.get(record.slug) if record.dataset == "info" else None


def _projects(site: Site) -> list[Project]:
    # Grouped as the slug reads the name (slugs.project_key): 「（二期）」 and 「(二期)」 are
    # one project at one address, not two pages with the older one moved to "<slug>-2".
    grouped: dict[str, list[Record]] = {}
    for record in site.listed("info"):
        name = project_of(record)
        if name:
            grouped.setdefault(project_key(name), []).append(record)
    made: list[Project] = []
    taken: set[str] = set()
    for key in sorted(grouped):
        # Shown as most of its items spell it (ties: the first in code-point order).
        spellings = Counter(project_of(r) for r in grouped[key])
        name = min(spellings, key=lambda n: (-spellings[n], n))
        slug = project_slug(key)
        if slug in taken:  # two names with one 8-digit hash: never seen, but never merged
            slug = next(f"{slug}-{n}" for n in range(2, 100) if f"{slug}-{n}" not in taken)
        taken.add(slug)
        made.append(Project(name, slug, _stages(grouped[key])))
    return sorted(made, key=lambda p: (p.latest, p.name), reverse=True)


def find_project(site: Site, slug: str) -> Project | None:
    """Return the project whose page is ``/projects/<slug>/``, or None."""
    by_slug = site.memo("project_slugs", lambda: {p.slug: p for p in projects(site)})
    return by_slug.get(slug)


def _stages(records: list[Record]) -> tuple[tuple[str, tuple[Record, ...]], ...]:
    by_stage: dict[str, list[Record]] = {stage: [] for stage in vocab.PROJECT_STAGES}
    for record in records:
        by_stage.setdefault(stage_of(record) or "其他", []).append(record)
    return tuple(
        (stage, tuple(sorted(chosen, key=_item_date))) for stage, chosen in by_stage.items()
    )


def _item_date(record: Record) -> tuple[dt.date, str]:
    written = record.get("written_on")
    day = written if isinstance(written, dt.date) else record.published or dt.date.min
    return day, record.slug
