"""Freeze the public site app with Frozen-Flask into a fresh staging folder, on every core.

Frozen-Flask's defaults are unsafe for a publisher (SECURITY.md): it freezes every
argument-less GET route, follows redirects by copying the target, and writes into and
deletes from its destination in place. Here the URLs come only from the site app's own
generator, any status but 200 fails the build (no redirect followed, no 404 ignored), no
file is removed, and a full build's destination is a new empty folder. The pages are
frozen by :mod:`admin.freeze.pagewriter`: one Frozen-Flask freezer per forked worker
process over its share of the URLs. :func:`plain_freeze` is the documented one-process
freeze, kept as the reference the parallel output is tested and benchmarked against.
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path

from flask import Flask
from flask_frozen import Freezer, MissingURLGeneratorWarning

from admin.errors import GongshiError
from admin.freeze.filecheck import FileReport, ReportPool
from admin.freeze.pagewriter import RenderError, explain, freeze_urls
from admin.freeze.progress import Progress
from admin.site.app import create_site_app, site_urls
from admin.site.content import Site
from admin.site.views.helpers import SITE_KEY


class FreezeError(GongshiError):
    """A page could not be frozen; the message is for the user, in Chinese."""


def site_app(content_dir: Path, today: dt.date) -> Flask:
    """Return the public site app for ``content_dir`` on ``today``, configured for freezing."""
    app = create_site_app(content_dir, today)
    app.config.update(
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        FREEZER_REDIRECT_POLICY="error",  # a redirect would be frozen as a copy of its target
        FREEZER_IGNORE_404_NOT_FOUND=False,
        FREEZER_REMOVE_EXTRA_FILES=False,  # the folder is new: there is nothing to remove
        FREEZER_RELATIVE_URLS=False,  # the templates write relative links themselves
        FREEZER_SKIP_EXISTING=False,
        FREEZER_BASE_URL=None,
    )
    return app


def site_of(app: Flask) -> Site:
    """Return the loaded content the site app serves."""
    return app.extensions[SITE_KEY]


def freeze(app: Flask, staging: Path, progress: Progress, workers: int | None = None) -> list[str]:
    """Freeze every URL of the site app into the empty folder ``staging``; return the URLs."""
    if any(staging.iterdir()):
        raise FreezeError(f"临时目录 {staging}：不是空目录")
    urls = site_url_list(app)
    render_into(app, urls, staging, progress, workers)
    return urls


def site_url_list(app: Flask) -> list[str]:
    """Return every URL of the site app once, in the generator's order."""
    return list(dict.fromkeys(site_urls(site_of(app))))


def render_into(
    app: Flask, urls: list[str], root: Path, progress: Progress, workers: int | None = None
) -> dict[str, FileReport]:
    """Freeze ``urls`` into ``root``; return each file's report, or raise FreezeError.

    A file whose bytes are already the page's is left as it is (an incremental build).
    """
    reports: dict[str, FileReport] = {}
    base_url = site_of(app).config["base_url"]
    pool = ReportPool()  # shared as they arrive: a county's reports would double the memory
    try:
        for relative, report in progress.track(
            freeze_urls(app, urls, root, base_url, workers), "生成页面", len(urls)
        ):
            reports[relative] = pool.share(report)
    except RenderError as exc:
        raise FreezeError(exc.message) from None
    return reports


def plain_freeze(app: Flask, destination: Path) -> list[str]:
    """Freeze the site the documented way: one Frozen-Flask process, URL by URL."""
    app.config["FREEZER_DESTINATION"] = str(destination.resolve())
    urls = site_url_list(app)
    freezer = Freezer(app, with_static_files=False, with_no_argument_rules=False, log_url_for=False)
    freezer.register_generator(lambda: iter(urls))
    done = []
    with warnings.catch_warnings():
        # URLs come as paths, so Frozen-Flask cannot tell which endpoints they reached.
        warnings.simplefilter("ignore", MissingURLGeneratorWarning)
        try:
            for page in freezer.freeze_yield():
                done.append(page.url)
        except ValueError as exc:
            raise FreezeError(f"生成页面失败：{explain(exc)}") from None
    return done
