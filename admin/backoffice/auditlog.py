"""The audit trail for administrators: browse, filter, check the chain, export as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zoneinfo
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, render_template, request

from admin.backoffice import queryargs
from admin.backoffice.access import roles_required
from admin.domain import pii, redact
from admin.domain.datasets import DATASETS
from admin.domain.fields import FIELD_LABELS
from admin.domain.localtime import format_local_time
from admin.domain.shuanggongshi import neutralise
from admin.errors import GongshiError
from admin.models import AuditEntry, Officer
from admin.models.db import db
from admin.publish.publishing import KINDS
from admin.store import audit

#: The published record types by audit entity: their model and Chinese name.
MODELS: dict[str, Any] = {entity: model for model, (_, entity, _) in KINDS.items()}
ENTITY_NAMES = {entity: name for _, entity, name in KINDS.values()}

bp = Blueprint("auditlog", __name__)
PAGE_SIZE = 50
FILTERS = ("actor", "action", "entity", "date_from", "date_to")
DATE_LABELS = {"date_from": "起始日期", "date_to": "截止日期"}

ACTION_LABELS = {
    "login": "登录",
    "login-failed": "登录失败",
    "login-throttled": "登录受限",
    "logout": "退出登录",
    "password-change": "修改密码",
    "user-add": "新建账户",
    "user-roles": "修改角色",
    "user-disable": "停用账户",
    "user-enable": "启用账户",
    "user-password-reset": "重置密码",
    "create": "新建",
    "edit": "修改",
    "publish": "公示",
    "withdraw": "撤回",
    "repair": "信用修复",
    "expire": "公示期满",
    "import": "导入",
    "export": "导出",
    "audit-export": "导出审计日志",
    "calendar-load": "载入节假日安排",
    "calendar-update": "更新节假日安排",
    "site-config": "修改网站信息",
    "publicity-settings": "修改公示期限",
    "demo-load": "载入示例数据",
}
#: What an entity is called, for the objects that are not published records.
OTHER_ENTITIES = {
    "account": "账户",
    "info_request": "依申请公开",
    "annual_report": "年度报告",
    "rule_of_law_report": "法治政府建设年度报告",
    "calendar_notice": "节假日安排",
    "audit_entry": "审计日志",
    "site": "网站信息",
    "attachment": "附件",
    "register": "登记",
}
#: The key of domain.fields.FIELD_LABELS for each dataset a record edit names.
FIELD_KEYS = {key: d.label_key for key, d in DATASETS.items()}
#: Detail keys whose values are private whoever looks (LAW.md §4): shown masked.
PRIVATE_KEYS = frozenset(
    {"id_number", "legal_rep_id_number", "party_phone", "party_address", "phone", "bank_account"}
)
#: Keys naming a person who may be a natural person: shown as 张某某.
NAME_KEYS = frozenset({"party_name", "name", "legal_rep"})
HIDDEN = "（已隐藏）"


class FilterError(GongshiError, ValueError):
    """A filter value was refused; the message names the field, in Chinese."""


def mask_value(value: Any, key: str = "") -> Any:
    """Return ``value`` for display: private fields and personal numbers masked, recursively."""
    if isinstance(value, dict):
        return {k: mask_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_value(item, key) for item in value]
    if not isinstance(value, str) or not value:
        return value
    if "password" in key:
        return HIDDEN
    if key in PRIVATE_KEYS:
        return pii.mask_number(value) if any(ch.isdigit() for ch in value) else HIDDEN
    if key in NAME_KEYS and _looks_like_person(value):
        return redact.mask_person_name(value)
    for found in reversed(pii.find_personal_numbers(value)):
        value = value[: found.start] + found.masked + value[found.end :]
    return value


def _looks_like_person(value: str) -> bool:
    # A firm's name is public and long; a person's is two to four Han characters (or dotted).
    core = value.replace("·", "")
    return 2 <= len(core) <= 6 and all("\u4e00" <= ch <= "\u9fff" for ch in core)


def changes_of(detail: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """Return (field label, before, after) rows of a field-level change, masked; [] for others."""
    before, after = detail.get("before"), detail.get("after")
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    labels = FIELD_LABELS.get(FIELD_KEYS.get(str(detail.get("dataset")), ""), {})
    fields = list(dict.fromkeys([*before, *after]))
    return [
        (
            labels.get(field, field),
            mask_value(before.get(field), field),
            mask_value(after.get(field), field),
        )
        for field in fields
    ]


def entity_name(entity: str) -> str:
    """Return what an audit entry's object type is called in Chinese."""
    return ENTITY_NAMES.get(entity) or OTHER_ENTITIES.get(entity) or entity


def object_labels(entries: list[AuditEntry]) -> dict[int, str]:
    """Name each entry's object as officers know it: 「行政处罚决定 中宁…〔2026〕12号」.

    One query per record type on the page; a record deleted since is named by its id.
    """
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        if entry.entity in MODELS and entry.entity_id is not None:
            wanted.setdefault(entry.entity, set()).add(entry.entity_id)
    found: dict[tuple[str, int], str] = {}
    for entity, ids in wanted.items():
        model = MODELS[entity]
        for record in db.session.scalars(sa.select(model).where(model.id.in_(ids))):
            found[(entity, record.id)] = _identify(record)
    labels = {}
    for entry in entries:
        name = entity_name(entry.entity or "")
        key = (entry.entity or "", entry.entity_id or 0)
        ident = found.get(key) or ("" if entry.entity_id is None else f"#{entry.entity_id}")
        labels[entry.id] = f"{name} {ident}".strip()
    return labels


def _identify(record: Any) -> str:
    # The number or title a clerk knows; an inspection by its address and day, since its
    # party may be a natural person, and an auxiliary (no certificate) is no public official.
    for attribute in ("decision_no", "title", "index_no"):
        if value := getattr(record, attribute, None):
            return str(value)
    if isinstance(record, Officer) and not record.certificate_no:
        return redact.mask_person_name(record.name)
    if name := getattr(record, "name", None):
        return str(name)
    inspected = getattr(record, "inspected_on", None)
    return f"{record.slug}（{inspected} 检查）" if inspected else str(record.slug)


def read_filters(args: Any) -> dict[str, Any]:
    """Return the filters of a request's arguments, dates parsed; raise FilterError."""
    labels = {"actor": "操作人", "action": "操作", "entity": "对象", **DATE_LABELS}
    try:
        filters: dict[str, Any] = {
            key: queryargs.parse_text(args.getlist(key), label) for key, label in labels.items()
        }
        for key, label in DATE_LABELS.items():
            if filters[key]:
                filters[key] = queryargs.parse_day(filters[key], label)
    except queryargs.ArgumentError as exc:
        raise FilterError(exc.message) from None
    return filters


def filtered(filters: dict[str, Any]) -> sa.Select[tuple[AuditEntry]]:
    """Return the query of the entries matching ``filters``, newest first."""
    statement = sa.select(AuditEntry).order_by(AuditEntry.id.desc())
    for key in ("actor", "action", "entity"):
        if filters[key]:
            statement = statement.where(getattr(AuditEntry, key) == filters[key])
    # Dates are the officer's local days; entries are stored in UTC.
    if filters["date_from"]:
        statement = statement.where(AuditEntry.at >= _utc_start(filters["date_from"]))
    if filters["date_to"]:
        end = _utc_start(filters["date_to"] + dt.timedelta(days=1))
        statement = statement.where(AuditEntry.at < end)
    return statement


def _zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(current_app.config["GONGSHI"].get("TIMEZONE") or "Asia/Shanghai")


def _utc_start(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time(), tzinfo=_zone())
    return local.astimezone(dt.UTC).replace(tzinfo=None)


def _distinct(column: Any) -> list[str]:
    # Sorted here, by code point: ORDER BY would follow PostgreSQL's collation (pinyin
    # under zh_CN) and list the choices in another order than on SQLite.
    return sorted(db.session.scalars(sa.select(column).distinct()))


@bp.route("/audit")
@roles_required("admin")
def index():
    try:
        filters = read_filters(request.args)
    except FilterError as exc:
        filters, error = dict.fromkeys(FILTERS, ""), exc.message
    else:
        error = None
    page = queryargs.arg_page()
    statement = filtered(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    entries = list(db.session.scalars(statement.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    objects = object_labels(entries)
    rows = [
        {
            "entry": entry,
            "action": ACTION_LABELS.get(entry.action, entry.action),
            "object": objects[entry.id],
            "changes": changes_of(entry.detail or {}),
            "detail": {
                k: mask_value(v, k)
                for k, v in (entry.detail or {}).items()
                if k not in ("before", "after")
            },
        }
        for entry in entries
    ]
    return render_template(
        "audit/index.html",
        rows=rows,
        filters={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in filters.items()},
        error=error,
        page=page,
        pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        total=total,
        actors=_distinct(AuditEntry.actor),
        actions=_distinct(AuditEntry.action),
        entities=[e for e in _distinct(AuditEntry.entity) if e],
        entity_name=entity_name,
        action_labels=ACTION_LABELS,
        problems=audit.verify_chain(db.session),
    ), (400 if error else 200)


@bp.route("/audit/export", methods=["POST"])
@roles_required("admin")
def export():
    try:
        filters = read_filters(request.form)
    except FilterError as exc:
        return Response(f"错误：{exc.message}", status=400, mimetype="text/plain")
    entries = list(db.session.scalars(filtered(filters)))
    data = render_csv(entries)
    shown = {k: (str(v) if v else "") for k, v in filters.items() if v}
    # Exporting the trail is itself an event the trail keeps.
    audit.record(
        db.session,
        g.user.username,
        "audit-export",
        "audit_entry",
        None,
        filters=shown,
        rows=len(entries),
    )
    db.session.commit()
    name = f"audit-{dt.date.today().isoformat()}.csv"
    return Response(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename={name}"},
    )


CSV_HEADERS = ("编号", "时间", "操作人", "操作", "对象类型", "对象", "详情", "哈希")


def render_csv(entries: list[AuditEntry]) -> bytes:
    """Return entries as CSV: UTF-8 with BOM (for Excel), masked, formula cells neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    objects = object_labels(entries)
    for entry in entries:
        detail = json.dumps(mask_value(entry.detail or {}), ensure_ascii=False, sort_keys=True)
        cells = [
            str(entry.id),
            format_local_time(entry.at, current_app.config["GONGSHI"].get("TIMEZONE")),
            entry.actor,
            ACTION_LABELS.get(entry.action, entry.action),
            entity_name(entry.entity or ""),
            objects[entry.id],
            detail,
            entry.hash,
        ]
        writer.writerow([neutralise(cell) for cell in cells])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
