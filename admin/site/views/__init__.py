"""The public site's blueprints, one module per area; the site app registers them all."""

from __future__ import annotations

from admin.site.views import (
    data,
    errors,
    feeds,
    home,
    info,
    inspections,
    items,
    licences,
    officers,
    pages,
    penalties,
    projects,
    reports,
    search,
    stats,
    subjects,
)

BLUEPRINTS = (
    home.bp,
    subjects.bp,
    officers.bp,
    items.bp,
    penalties.bp,
    licences.bp,
    inspections.bp,
    info.bp,
    projects.bp,
    pages.bp,
    stats.bp,
    data.bp,
    feeds.bp,
    reports.bp,
    search.bp,
    errors.bp,
)
