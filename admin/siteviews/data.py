"""开放数据: ``/data/`` describes each dataset; ``.csv`` (BOM, for Excel) and ``.json``."""

from __future__ import annotations

import csv
import io
import json

from flask import Blueprint, Response, abort

from admin.sitecontent import Record
from admin.siteviews.fields import DATASET_NAMES, FIELDS
from admin.siteviews.helpers import PageMeta, canonical, current_site, render_page

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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for _, name, _ in FIELDS[dataset]] + ["网址"])
    for record in records:
        row = [_csv_cell(key, value) for key, value in public_row(dataset, record).items()]
        writer.writerow(row)
    return Response("\ufeff" + buffer.getvalue(), mimetype="text/csv; charset=utf-8")


@bp.get("/<dataset>.json")
def as_json(dataset: str) -> Response:
    """Return a dataset as JSON: its name, its fields and one object per listed record."""
    records = _listed_or_404(dataset)
    document = {
        "dataset": dataset,
        "name": DATASET_NAMES[dataset][0],
        "fields": [{"key": k, "name": n, "description": d} for k, n, d in FIELDS[dataset]]
        + [{"key": "url", "name": "网址", "description": "本条记录的页面"}],
        "records": [public_row(dataset, record) for record in records],
    }
    text = json.dumps(document, ensure_ascii=False, indent=1, default=str, sort_keys=False)
    # As Flask's htmlsafe filter does: no raw < > & even if someone embeds the file.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Response(text + "\n", mimetype="application/json")


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
    row["url"] = (
        canonical(f"/{dataset}/{record.slug}/")
        if dataset != "officers"
        else canonical("/officers/")
    )
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
