"""Does ``content/`` say what the database says was published? (``gongshi check content``)

Publishing commits the database before it renames the files into place, so after a crash
or a failed rename the database can be ahead of ``content/``; a file put there by hand can
be ahead of the database. Either is reported here, one line per file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.content.store import read_dataset
from admin.domain import vocab
from admin.models import InfoItem, Inspection, Licence, PenaltyDecision

#: Datasets whose records have a workflow state, their model and the number that names one.
STATEFUL: dict[str, tuple[type, str]] = {
    "penalties": (PenaltyDecision, "decision_no"),
    "licences": (Licence, "decision_no"),
    "inspections": (Inspection, ""),
    "info": (InfoItem, "index_no"),
}
#: The file statuses a database state allows (None: there must be no file).
ALLOWED: dict[str, tuple[str, ...] | None] = {
    vocab.STATE_PUBLISHED: ("published", "expired"),  # expiry works on content/ alone
    vocab.STATE_WITHDRAWN: ("withdrawn",),
    vocab.STATE_REPAIRED: ("repaired",),
}
STATUS_NAMES = {
    "published": "公示中",
    "expired": "公示期满",
    "withdrawn": "已撤回",
    "repaired": "已信用修复",
}


@dataclass(frozen=True)
class Mismatch:
    """One file (relative to content/) and what is wrong with it, in Chinese."""

    file: str
    what: str


def find_mismatches(session: Session, content_root: Path) -> list[Mismatch]:
    """Return every disagreement between ``content_root`` and the database's records."""
    found: list[Mismatch] = []
    for dataset, (model, number_key) in STATEFUL.items():
        found += _dataset_mismatches(session, Path(content_root), dataset, model, number_key)
    return sorted(found, key=lambda m: m.file)


def _dataset_mismatches(
    session: Session, root: Path, dataset: str, model: type, number_key: str
) -> Iterator[Mismatch]:
    records = {r.slug: r for r in session.scalars(sa.select(model))}
    by_number = {getattr(r, number_key): r for r in records.values()} if number_key else {}
    files = {f.slug: f for f in read_dataset(root, dataset)}
    for slug, record in records.items():
        expected = _expected(record)
        name = f"{dataset}/{slug}.md"
        file = files.get(slug)
        if file is None:
            if expected is not None:
                yield Mismatch(name, f"数据库中为「{record.state}」，content/ 中没有该文件")
            continue
        status = str(file.meta.get("status", "published"))
        if expected is None:
            yield Mismatch(name, f"数据库中为「{record.state}」（未公示），content/ 中却有该文件")
        elif status not in expected:
            shown = STATUS_NAMES.get(status, status)
            yield Mismatch(name, f"文件状态为「{shown}」，数据库中为「{record.state}」")
    for slug, file in files.items():
        if slug in records:
            continue
        name = f"{dataset}/{slug}.md"
        owner = by_number.get(file.meta.get(number_key)) if number_key else None
        if owner is not None:
            yield Mismatch(name, f"标识不符：数据库中该文号的记录标识为 {owner.slug}")
        else:
            yield Mismatch(name, "数据库中没有该记录")


def _expected(record: Any) -> tuple[str, ...] | None:
    """Return the file statuses the record's state allows (None: no file)."""
    if getattr(record, "repaired_on", None) is not None:
        return ALLOWED[vocab.STATE_REPAIRED]
    return ALLOWED.get(record.state)
