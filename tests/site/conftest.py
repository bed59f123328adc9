"""Fixtures of the site tests: the fixture ``content/``, the site app, every page rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sitefixture import TODAY, Rendered, write_site

from admin.site.app import create_site_app, site_urls
from admin.site.views.helpers import SITE_KEY


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A complete small ``content/`` folder."""
    return write_site(tmp_path / "content")


@pytest.fixture
def site_app(content_dir: Path) -> Flask:
    """The public site app on the fixture content, as on ``TODAY``."""
    app = create_site_app(content_dir, TODAY)
    app.config["TESTING"] = True
    return app


@pytest.fixture
def client(site_app: Flask) -> FlaskClient:
    """The Flask test client of the public site app."""
    return site_app.test_client()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Rendered]:
    """Every URL of ``site_urls`` on the fixture content, answered once for the session."""
    root = write_site(tmp_path_factory.mktemp("site") / "content")
    app = create_site_app(root, TODAY)
    client = app.test_client()
    answers = {}
    for url in site_urls(app.extensions[SITE_KEY]):
        response = client.get(url)
        answers[url] = Rendered(response.status_code, response.mimetype, response.data)
        response.close()
    return answers
