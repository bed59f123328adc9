"""The back-office application factory: wires config, extensions, blueprints; nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from admin import config
from admin.db import configure_sqlite, db


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Create the back-office app from the instance folder, environment and ``test_config``."""
    instance = config.instance_dir()
    settings = config.load_settings(instance, overrides=test_config)
    app = Flask(__name__, instance_path=str(instance), instance_relative_config=True)
    app.config.update(
        GONGSHI=settings,
        SQLALCHEMY_DATABASE_URI=settings["DATABASE_URL"],
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
    )
    if settings["SECRET_KEY"]:
        app.config["SECRET_KEY"] = settings["SECRET_KEY"]
    elif (instance / config.SECRET_FILE).exists():
        app.config["SECRET_KEY"] = config.read_or_create_secret_key(instance)
    if test_config:
        app.config.update({k: v for k, v in test_config.items() if k.isupper()})

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    return app
