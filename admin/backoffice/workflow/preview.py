"""A record exactly as it will appear on the public site, and what the masker hid.

The page is rendered by the public site app itself (``create_site_app``) over a temporary
content/ holding site.toml, the small catalogue datasets and this one record, so the
preview uses the site's own templates, CSS and links.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from admin.content.store import read_site_config, write_record_file
from admin.domain import clocks, namechoices, public_forms, publicity, vocab
from admin.domain.candidates import Candidate
from admin.domain.datasets import DATASETS
from admin.domain.fieldmask import FieldMasker
from admin.domain.licence_form import licence_form
from admin.domain.redact import Masked, mask_person_name
from admin.models.db import db
from admin.publish import publishing
from admin.site.app import create_site_app

from .clockview import publishing_on_time

#: Datasets the public pages link to: copied so the preview's links resolve.
CATALOGUES = ("subjects", "items")
#: Kinds of masked text whose original may be shown to the officer (never a number).
SHOWN_ORIGINALS = ("name", "manual")


@dataclass(frozen=True)
class MaskedField:
    """One free-text field as published: plain and masked segments, and what was masked."""

    label: str
    segments: tuple[tuple[str, bool], ...]  # (text, masked?)
    masked: tuple[Masked, ...]
    candidates: tuple[Candidate, ...] = ()  # possible names no one has decided on yet


def public_form(
    dataset: str, record: Any, *, today: dt.date, root: Path, masker: FieldMasker | None = None
) -> tuple[dict, str]:
    """Return the record's public form as publishing would write it today.

    Raises ``public_forms.NotPublishable`` when it may not be published at all. With a
    ``masker`` (:func:`review_masker`) undecided name candidates are listed, not refused.
    """
    site = read_site_config(root)
    names = officer_roster()
    extra = {"masker": masker} if masker is not None else {}
    if dataset == "penalties":
        until = record.publicity_until
        if record.state != vocab.STATE_PUBLISHED or until is None:
            until = publicity.publicity_until(
                record.decision_date,
                record.severity,
                procedure=record.procedure,
                kinds=record.kinds,
                imported_until=record.publicity_until if record.imported else None,
            )
        clock = clocks.publish_penalty_clock(record.decision_date, record.published_on)
        on_time = publishing_on_time(clock, today=today, content_root=root)
        return public_forms.penalty_form(
            record,
            today=today,
            publicity_until=until,
            on_time=on_time,
            site=site,
            public_names=names,
            **extra,
        )
    if dataset == "inspections":
        clock = clocks.publish_inspection_clock(record.inspected_on, record.published_on)
        on_time = publishing_on_time(clock, today=today, content_root=root)
        return public_forms.inspection_form(
            record, today=today, on_time=on_time, site=site, public_names=names, **extra
        )
    if dataset == "licences":
        clock = clocks.publish_licence_clock(record.decision_date, record.published_on)
        on_time = publishing_on_time(clock, today=today, content_root=root)
        return licence_form(
            record, today=today, on_time=on_time, site=site, public_names=names, **extra
        )
    if dataset == "info":
        formed = record.written_on or record.published_on or today
        clock = clocks.publish_info_clock(formed, record.published_on)
        on_time = publishing_on_time(clock, today=today, content_root=root)
        return public_forms.info_form(
            record, today=today, on_time=on_time, site=site, public_names=names, **extra
        )
    if dataset == "officers":
        form = public_forms.officer_form(record, today=today, site=site)
        if form is None:
            raise public_forms.NotPublishable("执法人员：辅助人员或无执法证的人员不予公示")
        return form
    function = {"subjects": public_forms.subject_form, "items": public_forms.item_form}[dataset]
    return function(record, today=today, site=site, public_names=names)


def officer_roster() -> tuple[str, ...]:
    """Return the names of certified officers: public officials, never masked."""
    return publishing.officer_roster(db.session)


def page_path(dataset: str, slug: str) -> str:
    """Return the public site's path of the record's page."""
    return DATASETS[dataset].url(slug)


@contextmanager
def preview_site(
    dataset: str, slug: str, form: tuple[dict, str], *, today: dt.date, root: Path
) -> Iterator[Any]:
    """Yield a test client of the public site holding this record as it would be published."""
    meta, body = form
    meta = {key: value for key, value in meta.items() if value is not None}
    meta.setdefault("status", "published")
    with tempfile.TemporaryDirectory(prefix="gongshi-preview-") as folder:
        preview_root = Path(folder)
        shutil.copyfile(root / "site.toml", preview_root / "site.toml")
        for catalogue in CATALOGUES:
            if (root / catalogue).is_dir() and catalogue != dataset:
                shutil.copytree(root / catalogue, preview_root / catalogue)
        write_record_file(preview_root, dataset, slug, meta, body)
        yield create_site_app(preview_root, today).test_client()


def review_masker(dataset: str, record: Any, *, root: Path) -> FieldMasker | None:
    """Return a masker that lists the record's candidates, or None for a catalogue page."""
    if dataset not in namechoices.CHOOSABLE:
        return None
    site = read_site_config(root)
    return namechoices.review_masker(dataset, record, site=site, public_names=officer_roster())


def masked_fields(record: Any, masker: FieldMasker | None, *, root: Path) -> list[MaskedField]:
    """Return the public text fields as the form masked them, with what is undecided."""
    if masker is None:
        return []
    out = []
    site = read_site_config(root)
    natural = getattr(record, "party_kind", "") == vocab.PARTY_NATURAL
    if natural and not site.get("show_full_names", False):
        public = mask_person_name(record.party_name)
        span = Masked("name", 0, len(record.party_name), record.party_name, public)
        out.append(MaskedField("当事人名称", ((public, True),), (span,)))
    for field in masker.fields:
        if not field.original:
            continue
        segments = _segments(field.original, field.redacted.masked)
        out.append(MaskedField(field.label, segments, field.redacted.masked, field.candidates))
    return out


def shown_original(masked: Masked) -> str:
    """Return what the officer may see of a masked span: names yes, numbers never."""
    if masked.kind in SHOWN_ORIGINALS:
        return masked.original
    return "（号码、地址不显示）"


def masked_for_audit(text: str) -> str:
    """Return a mask string as the audit trail keeps it: a name masked, never a number."""
    return mask_person_name(text) if not any(ch.isdigit() for ch in text) else "＊" * len(text)


def _segments(text: str, masked: tuple[Masked, ...]) -> tuple[tuple[str, bool], ...]:
    segments, last = [], 0
    for span in masked:
        segments += [(text[last : span.start], False), (span.replacement, True)]
        last = span.end
    segments.append((text[last:], False))
    return tuple(s for s in segments if s[0])
