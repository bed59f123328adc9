"""The back-office application factory: wires config, extensions, blueprints; nothing else."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, Flask, has_request_context, request

from admin import config
from admin.domain.roles import configure_role_nouns
from admin.models.db import configure_sqlite, db

#: Methods that change nothing (RFC 9110): on SQLite their transactions begin deferred,
#: reading beside a writer instead of queueing for the write lock; what such a request
#: writes anyway (its session, a touch) goes through db.write_transaction.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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

    configure_role_nouns(settings["ROLE_NOUNS"])  # publishing, preview and import share it
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine, may_defer=_safe_request, strict=app.testing)
    _init_web(app, settings)
    return app


def _safe_request() -> bool:
    # Asked when a transaction begins, from open_session on: the session's own read is
    # the first query of a request, before any before_request hook could decide.
    return has_request_context() and request.method in SAFE_METHODS


def _init_web(app: Flask, settings: Mapping[str, Any]) -> None:
    from flask_wtf.csrf import CSRFProtect
    from werkzeug.middleware.proxy_fix import ProxyFix

    from admin.backoffice import access, errors, filters, headers, navigation, queryargs, sessions

    proxies = int(settings.get("TRUSTED_PROXIES") or 0)
    if proxies:
        # Trust X-Forwarded-* only from the configured number of reverse proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    # Flask ships these keys with defaults, so set them unless a test overrode them.
    defaults = {
        "SESSION_COOKIE_NAME": ("session", "gongshi_session"),
        "SESSION_COOKIE_SAMESITE": (None, "Lax"),
        # Uploads are the largest requests; leave room for the form around the file.
        "MAX_CONTENT_LENGTH": (None, int(settings["UPLOAD_MAX_BYTES"]) + 1024 * 1024),
    }
    for key, (flask_default, ours) in defaults.items():
        if app.config.get(key) == flask_default:
            app.config[key] = ours
    queryargs.init_app(app)
    sessions.init_app(app)
    CSRFProtect(app)
    access.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    filters.init_app(app)
    navigation.init_app(app)
    for blueprint in _blueprints():
        app.register_blueprint(blueprint)


def _blueprints() -> list[Blueprint]:
    """Return every area of the back-office, listed here so a new one is a visible change."""
    from admin.backoffice import (
        admin_accounts,
        admin_calendar,
        admin_publicity,
        admin_site,
        annual_report,
        auditlog,
        auth,
        home,
        rule_of_law,
    )
    from admin.backoffice import request_views as requests
    from admin.backoffice import upload_views as uploads
    from admin.backoffice.records import (
        info,
        inspections,
        items,
        licences,
        officers,
        penalties,
        subjects,
    )
    from admin.backoffice.workflow import views as workflow

    areas = (home, penalties, inspections, info, officers, items, subjects, requests, auth)
    areas += (uploads, workflow, annual_report, auditlog, admin_accounts, admin_site)
    areas += (admin_calendar, admin_publicity, licences, rule_of_law)
    return [area.bp for area in areas]
