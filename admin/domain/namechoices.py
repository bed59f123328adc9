"""The officer's choices about name candidates: find what is undecided, record a decision.

A choice lives in the record's ``masks`` JSON — ``{"mask": [...], "unmask": [...]}`` —
that the masker already reads: 遮蔽 adds the candidate to ``mask`` (masked wherever it
occurs), 保留 adds it to ``unmask`` (guarded from the recogniser). A string is in one list
or neither, never both.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from admin.domain import public_forms
from admin.domain.candidates import Candidate
from admin.domain.fieldmask import FieldMasker

#: Record types whose public text names people of a case: their candidates need decisions.
CHOOSABLE = ("penalties", "licences", "inspections", "info")


def review_masker(
    dataset: str,
    record: Any,
    *,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> FieldMasker:
    """Return a masker for ``record`` that lists undecided candidates instead of refusing."""
    if dataset == "info":
        return public_forms.info_masker(record, public_names=public_names, confirm_names=False)
    return public_forms.record_masker(
        record, site=site, public_names=public_names, confirm_names=False
    )


def run_form(
    dataset: str,
    record: Any,
    masker: FieldMasker,
    *,
    today: dt.date,
    site: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], str]:
    """Build the record's public form through ``masker`` (dates do not change the names)."""
    common: dict[str, Any] = {"today": today, "site": site, "masker": masker}
    if dataset == "penalties":
        return public_forms.penalty_form(record, publicity_until=None, on_time=False, **common)
    if dataset == "inspections":
        return public_forms.inspection_form(record, on_time=False, **common)
    if dataset == "licences":
        from admin.domain.licence_form import licence_form  # it imports public_forms too

        return licence_form(record, on_time=False, **common)
    return public_forms.info_form(record, on_time=False, **common)


def undecided_names(
    dataset: str,
    record: Any,
    *,
    today: dt.date,
    site: Mapping[str, Any] | None = None,
    public_names: Iterable[str] = (),
) -> list[Candidate]:
    """Return the name candidates of ``record`` that no one has marked 遮蔽 or 保留."""
    if dataset not in CHOOSABLE:
        return []
    masker = review_masker(dataset, record, site=site, public_names=public_names)
    # Refused for another reason (a minor, a number in a title): what was masked still counts.
    with contextlib.suppress(public_forms.NotPublishable):
        run_form(dataset, record, masker, today=today, site=site)
    return masker.candidates


def with_choices(
    masks: Mapping[str, Any] | None, *, mask: Iterable[str] = (), keep: Iterable[str] = ()
) -> dict[str, list[str]]:
    """Return a new ``masks`` with ``mask`` masked and ``keep`` kept (a later choice wins)."""
    chosen = {
        "mask": list((masks or {}).get("mask", [])),
        "unmask": list((masks or {}).get("unmask", [])),
    }
    for key, other, items in (("mask", "unmask", mask), ("unmask", "mask", keep)):
        for item in items:
            if item in chosen[other]:
                chosen[other].remove(item)
            if item not in chosen[key]:
                chosen[key].append(item)
    return chosen
