"""The public site application: ``content/`` in, pages out; nothing else is routed.

The freezer renders every route it can reach, so this app registers the public
blueprints only: no admin route, no session, no secret key, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from flask import Flask

from admin.site.content import Site, load_site
from admin.site.stats import yuan
from admin.site.views import BLUEPRINTS
from admin.site.views.errors import not_found
from admin.site.views.helpers import (
    SITE_KEY,
    STATIC_DIR,
    TEMPLATE_DIR,
    template_globals,
    template_helpers,
)
from admin.site.views.reports import report_csv_urls
from admin.site.views.urls import page_urls


def create_site_app(content_dir: Path, today: dt.date, body: str | None = None) -> Flask:
    """Create the public site app for ``content_dir`` as it stands on ``today``.

    ``body`` narrows it to that body's column (see :func:`admin.site.content.load_site`).
    """
    site = load_site(Path(content_dir), today, body)
    app = Flask(
        __name__,
        template_folder=str(TEMPLATE_DIR),
        static_folder=str(STATIC_DIR),
        static_url_path="/static",
    )
    app.config.update(
        # Frozen files must not depend on the build machine's clock.
        SEND_FILE_MAX_AGE_DEFAULT=None,
        FREEZER_IGNORE_MIMETYPE_WARNINGS=True,
        FREEZER_REDIRECT_POLICY="error",
    )
    app.extensions[SITE_KEY] = site
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_error_handler(404, not_found)
    app.jinja_env.globals.update(template_globals())
    app.context_processor(template_helpers)
    app.add_template_filter(yuan, "yuan")
    return app


def site_urls(site: Site) -> Iterator[str]:
    """Yield every URL path of the site once, in a fixed order (freezer, page checks)."""
    yield from page_urls(site)
    yield from report_csv_urls(site)
    for path in sorted(p for p in STATIC_DIR.rglob("*") if p.is_file()):
        yield "/static/" + path.relative_to(STATIC_DIR).as_posix()
