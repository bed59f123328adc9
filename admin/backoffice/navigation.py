"""Find the back-office's areas and build the menu from what each one declares.

Each module of ``admin.backoffice`` (or subpackage) that defines a blueprint ``bp`` is an
area and is registered by the factory; an area may declare ``NAV = [(label, endpoint,
roles)]`` for the main menu, shown to accounts holding one of ``roles`` (empty: anyone
signed in). Areas are added without touching a shared list.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from flask import Flask, current_app, g

import admin.backoffice as package

#: Menu order: lower first; an area may set ``NAV_ORDER``.
DEFAULT_ORDER = 50


def area_modules() -> list[ModuleType]:
    """Return every back-office module that defines a blueprint ``bp``, in a stable order."""
    modules = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        module = importlib.import_module(info.name)
        if hasattr(module, "bp"):
            modules.append(module)
    return sorted(modules, key=lambda m: (getattr(m, "NAV_ORDER", DEFAULT_ORDER), m.__name__))


def menu_for(user: Any) -> list[tuple[str, str]]:
    """Return (label, endpoint) of the menu entries ``user`` may open."""
    if user is None:
        return []
    entries = []
    for label, endpoint, roles in current_app.extensions["gongshi_nav"]:
        if endpoint in current_app.view_functions and (
            not roles or any(user.has_role(role) for role in roles)
        ):
            entries.append((label, endpoint))
    return entries


def init_app(app: Flask) -> None:
    app.extensions["gongshi_nav"] = [
        entry for module in area_modules() for entry in getattr(module, "NAV", [])
    ]

    @app.context_processor
    def _menu() -> dict[str, Any]:
        return {"menu": menu_for(g.get("user"))}
