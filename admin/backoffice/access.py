"""Who may open which route: every view declares its rule, anything undeclared is denied."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Flask, abort, current_app, g, redirect, request, session, url_for

from admin.models import User
from admin.models.db import db

F = TypeVar("F", bound=Callable[..., Any])
RULE_ATTRIBUTE = "gongshi_access_rule"
PUBLIC = ("public",)
#: Any signed-in account, whatever its roles (own password, dashboard).
SIGNED_IN = ("signed-in",)


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow the view to accounts holding any of ``roles``."""
    return _declare(tuple(roles))


def public(view: F) -> F:
    """Allow the view to anyone (the login page)."""
    return _declare(PUBLIC)(view)


def signed_in(view: F) -> F:
    """Allow the view to any signed-in account."""
    return _declare(SIGNED_IN)(view)


def _declare(rule: tuple[str, ...]) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        setattr(view, RULE_ATTRIBUTE, rule)
        return view

    return decorate


def rule_of(app: Flask, endpoint: str) -> tuple[str, ...] | None:
    """Return the declared rule of an endpoint, or None when it declared none."""
    if endpoint == "static":
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, RULE_ATTRIBUTE, None)


def load_user() -> None:
    """Load the signed-in account afresh on every request; a disabled one is signed out."""
    g.user = None
    user_id = session.get("user_id")
    if user_id is None:
        return
    user = db.session.scalar(sa.select(User).where(User.id == user_id))
    if user is None or not user.active or session.get("password_stamp") != password_stamp(user):
        session.clear()
        return
    g.user = user


def enforce_access() -> Any:
    """Refuse the request unless the endpoint's declared rule admits the current user."""
    if request.endpoint is None:
        return None  # no such route: Flask answers 404
    rule = rule_of(current_app, request.endpoint)
    if rule is None:
        current_app.logger.error("route %s declares no access rule: denied", request.endpoint)
        abort(403)
    if rule == PUBLIC:
        return None
    if g.user is None:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if rule == SIGNED_IN or any(g.user.has_role(role) for role in rule):
        return None
    abort(403)


def may_open(endpoint: str) -> bool:
    """Whether the signed-in account may open ``endpoint``: pages link only where it may."""
    rule = rule_of(current_app, endpoint)
    if rule is None:
        return False
    if rule == PUBLIC:
        return True
    user = g.get("user")
    if user is None:
        return False
    return rule == SIGNED_IN or any(user.has_role(role) for role in rule)


def password_stamp(user: User) -> str:
    """A value that changes when the password does, ending sessions made before."""
    return user.password_changed_at.isoformat()


def safe_next(target: str | None) -> str | None:
    """Return ``target`` if it is a path on this site, else None (no open redirect)."""
    if not target:
        return None
    target = target.replace("\\", "/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target


def init_app(app: Flask) -> None:
    app.before_request(load_user)
    app.before_request(enforce_access)
    app.jinja_env.globals["may_open"] = may_open
