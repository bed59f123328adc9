"""No import points up a layer: the folders of admin/ show the one-way flow, and it holds.

Every module's imports are read from its source (the AST, so imports inside functions
count too) and checked against the layer it sits in. The order is the data's path
(docs/architecture.md): the database side ``domain ← models ← store ← publish`` and the
public side ``domain ← content ← site ← freeze``, which never reaches the database; the
back office and the CLI sit on top. A linear reading of it is
``domain ← models ← store ← content ← publish ← site ← freeze ← {backoffice, cli}``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

ADMIN = ROOT / "admin"

# The base imports nothing of the program; admin.errors holds the one base exception and
# every layer, the domain included, may raise it.
BASE = {"base"}
PUBLIC_SIDE = BASE | {"domain", "content"}
#: Which layers each layer may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "base": set(),
    "domain": BASE,
    # Settings are checked with the domain's rules (the publicity policy).
    "config": BASE | {"domain"},
    "models": BASE | {"domain"},
    "store": BASE | {"domain", "config", "models"},
    # content/ is read and written without a database, so the build can run in CI alone.
    "content": BASE | {"domain"},
    "publish": BASE | {"domain", "config", "models", "store", "content"},
    "site": PUBLIC_SIDE,
    "freeze": PUBLIC_SIDE | {"site"},
    # The demo loads a township through the real services; only the top may load it.
    "demo": BASE | {"domain", "config", "models", "store", "content", "publish"},
    "backoffice": BASE
    | {"domain", "config", "models", "store", "content", "publish", "site", "freeze", "demo"},
    "cli": BASE
    | {
        "domain",
        "config",
        "models",
        "store",
        "content",
        "publish",
        "site",
        "freeze",
        "demo",
        "backoffice",
    },
    "main": {"cli"},
}
#: Libraries a layer must not import: the domain is plain functions (STYLE.md §2), and the
#: public side never touches a database.
DATABASE = {"sqlalchemy", "flask_sqlalchemy", "alembic"}
WEB = {"flask", "werkzeug", "jinja2", "flask_wtf", "flask_frozen", "click"}
FORBIDDEN_LIBRARIES = {
    "domain": DATABASE | WEB,
    "content": DATABASE,
    "site": DATABASE,
    "freeze": DATABASE,
}


def layer_of(module: str) -> str | None:
    """Return the layer of a module of the program, None for anything else."""
    parts = module.split(".")
    if parts[0] != "admin":
        return None
    if len(parts) == 1 or parts[1] == "errors":
        return "base"
    return {"__main__": "main"}.get(parts[1], parts[1])


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Return (line, module) for every import in the file, at any depth."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports_in(path.read_text(encoding="utf-8"), package)


def imports_in(source: str, package: str) -> list[tuple[int, str]]:
    """Return (line, module) for every import in ``source``, a module of ``package``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            # ``from admin import config`` imports the module admin.config, not admin.
            for alias in node.names:
                candidate = ROOT.joinpath(*f"{base}.{alias.name}".split("."))
                is_module = candidate.with_suffix(".py").is_file()
                is_package = (candidate / "__init__.py").is_file()
                found.append(
                    (node.lineno, f"{base}.{alias.name}" if is_module or is_package else base)
                )
    return found


def program_files() -> list[Path]:
    return sorted(p for p in ADMIN.rglob("*.py") if "/migrations/versions/" not in p.as_posix())


def violations() -> list[str]:
    found = []
    for path in program_files():
        here = layer_of(module_name(path))
        assert here in ALLOWED, f"{path}: a folder the layer table does not know"
        for line, module in imported_modules(path):
            where = f"{path.relative_to(ROOT)}:{line} imports {module}"
            there = layer_of(module)
            if there is not None and there != here and there not in ALLOWED[here]:
                found.append(f"{where} ({here} → {there})")
            if module.split(".")[0] in FORBIDDEN_LIBRARIES.get(here, set()):
                found.append(f"{where} ({here} must not use it)")
    return found


def test_no_import_points_up_a_layer() -> None:
    assert violations() == []


def test_the_layer_table_has_no_cycle() -> None:
    # A layer reached from itself through allowed imports would make "one way" a circle.
    def reachable(start: str) -> set[str]:
        seen, todo = set(), list(ALLOWED[start])
        while todo:
            layer = todo.pop()
            if layer not in seen:
                seen.add(layer)
                todo += ALLOWED[layer]
        return seen

    assert [layer for layer in ALLOWED if layer in reachable(layer)] == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from admin import config", "admin.config"),
        ("from admin.store.calendar import load_calendar", "admin.store.calendar"),
        ("def f():\n    from admin.backoffice.app import create_app", "admin.backoffice.app"),
        ("from . import preview", "admin.backoffice.workflow.preview"),
        ("from .clockview import region_of", "admin.backoffice.workflow.clockview"),
        ("import sqlalchemy as sa", "sqlalchemy"),
    ],
)
def test_imports_are_found_at_any_depth(source: str, expected: str) -> None:
    found = imports_in(source, "admin.backoffice.workflow")
    assert [module for _, module in found] == [expected]
