"""Back-office fixtures: accounts, and a client that signs in through the real form."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from admin.backoffice.app import create_app
from admin.demo import load_demo
from admin.demo.publish import TEMPLATE
from admin.domain.passwords import hash_password
from admin.models import User
from admin.models.db import db
from admin.models.migrate import upgrade_database
from admin.store.accounts import create_user

PASSWORD = "correct-horse-battery-9"


def csrf_token(client: FlaskClient, path: str = "/login", **request_args) -> str:
    """Return the CSRF token a page's form carries."""
    html = client.get(path, **request_args).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: FlaskClient, username: str, password: str = PASSWORD, **extra):
    """Sign in through the login form, as a browser does."""
    token = csrf_token(client)
    return client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token, **extra}
    )


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """An empty content/ with the demo's site identity, where publishing writes."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copyfile(TEMPLATE / "site.toml", root / "site.toml")
    return root


@pytest.fixture
def app(instance_dir, content_dir: Path) -> Iterator[Flask]:
    """The back-office app on a migrated SQLite file, with no app context left pushed.

    A context kept open across test-client requests would share ``flask.g`` between them
    (Flask reuses a pushed app context), hiding per-request state such as the CSRF token.
    Tests reach the database inside ``with app.app_context():``.
    """
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "CONTENT_DIR": str(content_dir)})
    with app.app_context():
        upgrade_database(db.engine)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def accounts(app: Flask) -> dict[str, int]:
    """One account per role, plus one holding officer and reviewer."""
    ids = {}
    with app.app_context():
        for name, roles in {
            "officer": ["officer"],
            "reviewer": ["reviewer"],
            "admin": ["admin"],
            "both": ["officer", "reviewer"],
        }.items():
            ids[name] = create_user(db.session, name, roles, PASSWORD, actor="test").id
        db.session.commit()
    return ids


@pytest.fixture
def demo(app: Flask) -> None:
    """The demo township in the database (not published); its accounts use PASSWORD."""
    with app.app_context():
        load_demo(db.session, actor="test")
        for user in db.session.scalars(sa.select(User)):
            user.password_hash = hash_password(PASSWORD)
        db.session.commit()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
