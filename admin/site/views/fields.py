"""The public fields of each dataset: their Chinese names and what they mean.

Derived from the declaration (admin.domain.datasets) for the open-data files (CSV/JSON
headers), the ``/data/`` page and ``datapackage.json``, so a field is named alike everywhere.
"""

from __future__ import annotations

from admin.domain.datasets import DATASETS

#: (key, 中文名, 说明) per dataset, in the order of docs/content-format.md. ``body`` is the
#: record's Markdown body as plain text; ``url`` its page.
FIELDS: dict[str, tuple[tuple[str, str, str], ...]] = {
    key: tuple((f.key, f.title, f.description) for f in d.data_fields())
    for key, d in DATASETS.items()
}

#: Every dataset offered as open data, with its name and what one row is.
DATASET_NAMES: dict[str, tuple[str, str]] = {
    key: (d.data_title, d.data_row) for key, d in DATASETS.items()
}


def label(dataset: str, key: str) -> str:
    """Return the Chinese name of ``key`` in ``dataset`` (the key itself when unknown)."""
    for field_key, name, _ in FIELDS.get(dataset, ()):
        if field_key == key:
            return name
    return key
