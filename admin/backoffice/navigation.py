"""The back-office's main menu, declared in one place and grouped so it fits one line.

Entries are (label, endpoint, roles): shown to accounts holding one of ``roles`` (empty:
anyone signed in) and only when the endpoint exists. Groups open as a list under their
label (``<details>``: no script, keyboard and phone friendly); a group with one entry the
account may open shows as that entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g

ADMIN, OFFICER, REVIEWER = ("admin",), ("officer",), ("reviewer",)
ANYONE: tuple[str, ...] = ()
WORKS_ON_REPORTS = ("officer", "admin")

MENU: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("工作台", "home.index", ANYONE),
    (
        "记录",
        (
            ("行政处罚", "penalties.index", ANYONE),
            ("行政许可", "licences.index", ANYONE),
            ("检查结果", "inspections.index", ANYONE),
            ("政府信息", "info.index", ANYONE),
            ("依申请公开", "requests.index", OFFICER),
        ),
        ANYONE,
    ),
    (
        "主体与事项",
        (
            ("执法主体", "subjects.index", ANYONE),
            ("执法人员", "officers.index", ANYONE),
            ("执法事项", "items.index", ANYONE),
        ),
        ANYONE,
    ),
    ("年度报告", "annual_report.index", WORKS_ON_REPORTS),
    (
        "管理",
        (
            ("账户", "admin_accounts.index", ADMIN),
            ("网站信息", "admin_site.index", ADMIN),
            ("公示期限", "admin_publicity.index", ADMIN),
            ("节假日", "admin_calendar.index", ADMIN),
            ("审计日志", "auditlog.index", ADMIN),
        ),
        ADMIN,
    ),
)


@dataclass(frozen=True)
class MenuEntry:
    """One item of the menu: a link (``endpoint``) or a group of links (``children``)."""

    label: str
    endpoint: str = ""
    children: tuple[MenuEntry, ...] = ()

    def is_current(self, endpoint: str | None) -> bool:
        """Whether the page being shown is this entry or one of its children."""
        return endpoint == self.endpoint or any(c.is_current(endpoint) for c in self.children)


def menu_for(user: Any) -> list[MenuEntry]:
    """Return the menu entries ``user`` may open, groups with one entry flattened."""
    if user is None:
        return []
    return [entry for item in MENU if (entry := _entry(item, user)) is not None]


def _entry(item: tuple[str, Any, tuple[str, ...]], user: Any) -> MenuEntry | None:
    label, target, roles = item
    if roles and not any(user.has_role(role) for role in roles):
        return None
    if isinstance(target, str):
        return MenuEntry(label, target) if target in current_app.view_functions else None
    children = tuple(child for sub in target if (child := _entry(sub, user)) is not None)
    if len(children) <= 1:
        return children[0] if children else None
    return MenuEntry(label, children=children)


def init_app(app: Flask) -> None:
    """Give every template the signed-in account's menu."""

    @app.context_processor
    def _menu() -> dict[str, Any]:
        return {"menu": menu_for(g.get("user"))}
