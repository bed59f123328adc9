"""开放数据: ``/data/`` describes each dataset; ``.csv`` (BOM, for Excel) and ``.json``."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort

from admin.domain import annual_report as ar
from admin.domain import report_data as rd
from admin.domain.datasets import DATASETS
from admin.site.content import Record
from admin.site.views.fields import DATASET_NAMES, FIELDS
from admin.site.views.helpers import PageMeta, canonical, current_site, render_page
from admin.site.views.reports import TABLE_NUMBERS, tidy_tables

bp = Blueprint("data", __name__, url_prefix="/data")
#: A cell starting with one of these is a formula to Excel: prefix it with a quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@bp.get("/")
def index() -> str:
    """Describe each public dataset, its fields and its files."""
    site = current_site()
    counts = {dataset: len(site.listed(dataset)) for dataset in DATASET_NAMES}
    meta = PageMeta(title="开放数据", column="开放数据", description="可下载的公开数据集及字段说明")
    return render_page("data/index.html", meta, names=DATASET_NAMES, fields=FIELDS, counts=counts)


@bp.get("/<dataset>.csv")
def as_csv(dataset: str) -> Response:
    """Return a dataset as CSV in UTF-8 with a BOM, one row per listed record."""
    records = _listed_or_404(dataset)
    fragments = current_site().fragments
    lines = [_csv_line([name for _, name, _ in FIELDS[dataset]] + ["网址"])]
    for record in records:
        # A county's rebuild made 20,000 rows for one new record: rows are remembered.
        lines.append(
            fragments.text(f"csv-{dataset}", record, lambda r=record: _csv_record(dataset, r))
        )
    return Response("\ufeff" + "".join(lines), mimetype="text/csv; charset=utf-8")


def _csv_record(dataset: str, record: Record) -> str:
    return _csv_line([_csv_cell(k, v) for k, v in public_row(dataset, record).items()])


def _csv_line(cells: list[str]) -> str:
    """Return one CSV line as the file's writer writes it (it keeps no state between rows)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()


@bp.get("/<dataset>.json")
def as_json(dataset: str) -> Response:
    """Return a dataset as JSON: its name, its fields and one object per listed record."""
    records = _listed_or_404(dataset)
    fragments = current_site().fragments
    document = {
        "dataset": dataset,
        "name": DATASET_NAMES[dataset][0],
        "fields": [{"key": k, "name": n, "description": d} for k, n, d in FIELDS[dataset]]
        + [{"key": "url", "name": "网址", "description": "本条记录的页面"}],
        "records": _RECORDS_HERE,
    }
    # The document is json.dumps(document with its records, indent=1), written in parts:
    # each record's object is dumped on its own (remembered, like the CSV's rows) and
    # indented by the two levels it sits at; raw newlines in JSON are only indentation.
    objects = [
        fragments.text(f"json-{dataset}", r, lambda r=r: _json_record(dataset, r)) for r in records
    ]
    listing = "[" + ",".join(f"\n  {text}" for text in objects) + "\n ]" if objects else "[]"
    text = _htmlsafe(_json_text(document)).replace(_json_text(_RECORDS_HERE), listing, 1)
    return Response(text + "\n", mimetype="application/json")


#: Where the records go in the dumped JSON document (a NUL: no field text has one).
_RECORDS_HERE = "\0records\0"


def _json_record(dataset: str, record: Record) -> str:
    return _htmlsafe(_json_text(public_row(dataset, record))).replace("\n", "\n  ")


def _json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str, sort_keys=False)


def _htmlsafe(text: str) -> str:
    """As Flask's htmlsafe filter does: no raw < > & even if someone embeds the file."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@bp.get("/datapackage.json")
def datapackage() -> Response:
    """Return the Frictionless data package describing every CSV the site publishes.

    Each dataset's CSV and each annual report's tidy tables, with field titles and
    descriptions; the licence is the one ``site.toml`` names (``data_licence``), if any.
    """
    site = current_site()
    config = site.config
    package: dict[str, object] = {
        "profile": "tabular-data-package",
        "name": _package_name(config.get("site_code", "")),
        "title": f"{config.get('name') or '政务公开'}开放数据",
        "homepage": canonical("/data/"),
    }
    licence = config.get("data_licence")
    if licence:
        package["licenses"] = [licence if isinstance(licence, dict) else {"name": str(licence)}]
    resources: list[dict[str, object]] = []
    for dataset, (name, row_text) in DATASET_NAMES.items():
        fields = [(label, text) for _, label, text in FIELDS[dataset]] + [
            ("网址", "本条记录的页面")
        ]
        columns = [{"name": n, "title": n, "type": "string", "description": d} for n, d in fields]
        resources.append(_resource(dataset, f"{dataset}.csv", name, row_text, columns))
    for record in site.listed("reports"):
        if tidy_tables(record) is None:
            continue
        for number in TABLE_NUMBERS:
            title = f"{record.title} {ar.TABLE_TITLES[number]}"
            columns = [
                {"name": c.name, "title": c.name, "type": c.type, "description": c.description}
                for c in rd.SCHEMAS[number]
            ]
            path = canonical(f"/reports/{record.slug}/table-{number}.csv")
            name = f"report-{record.slug}-table-{number}"
            resources.append(_resource(name, path, title, "每个数字一行", columns))
    package["resources"] = resources
    text = json.dumps(package, ensure_ascii=False, indent=1)
    return Response(text + "\n", mimetype="application/json")


def _resource(
    name: str, path: str, title: str, description: str, fields: list[dict[str, object]]
) -> dict[str, object]:
    return {
        "name": name,
        "path": path,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "profile": "tabular-data-resource",
        "schema": {"fields": fields},
    }


def _package_name(site_code: str) -> str:
    # Frictionless names are lower-case ASCII: the 网站标识码 when there is one.
    code = "".join(ch for ch in str(site_code).lower() if ch.isalnum())
    return f"gongshi-{code}" if code else "gongshi"


def public_row(dataset: str, record: Record) -> dict[str, object]:
    """Return a record's public fields in the dataset's order, plus its page URL."""
    row: dict[str, object] = {}
    for key, _, _ in FIELDS[dataset]:
        if key == "body":
            row[key] = record.plain
        elif key == "title":
            row[key] = record.title
        else:
            value = record.get(key, "")
            row[key] = value.isoformat() if hasattr(value, "isoformat") else value
    row["url"] = canonical(DATASETS[dataset].url(record.slug))
    return row


def _listed_or_404(dataset: str) -> list[Record]:
    if dataset not in DATASET_NAMES:
        abort(404)
    return current_site().listed(dataset)


def _csv_cell(key: str, value: object) -> str:
    if key.endswith("_fen") and isinstance(value, int):
        return f"{value // 100}.{value % 100:02d}"
    if isinstance(value, list):
        value = "；".join(str(v) for v in value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
