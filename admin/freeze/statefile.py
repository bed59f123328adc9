"""A tree's build state as JSON: explicit encoding of the file reports, shared values once.

Pages repeat the same links (menus, footers, assets) and the same sets of ids, so each
distinct link and id set is written once in a table and the reports refer to it by
position; reading it back makes the shared objects :class:`ReportPool` would have made.
The reader trusts nothing: a state of any other shape is refused (None), never an error.
"""

from __future__ import annotations

from typing import Any

from admin.freeze.filecheck import FileReport
from admin.freeze.links import Link, PageFacts

State = tuple[str, dict[str, str], dict[str, FileReport], dict[str, str]]


def encode_state(
    key: str, inputs: dict[str, str], reports: dict[str, FileReport], bundles: dict[str, str]
) -> dict[str, Any]:
    """Return a tree's state as JSON's types."""
    links: dict[Link, int] = {}
    id_sets: dict[frozenset[str], int] = {}
    encoded = {}
    for name, report in reports.items():
        facts = report.facts
        if facts is None:
            encoded[name] = [report.digest, list(report.leaks)]
            continue
        ids = id_sets.setdefault(facts.ids, len(id_sets))
        refs = [links.setdefault(link, len(links)) for link in facts.links]
        encoded[name] = [report.digest, list(report.leaks), ids, refs, list(facts.problems)]
    return {
        "key": key,
        "inputs": inputs,
        "bundles": bundles,
        "links": [list(link) for link in links],
        "id_sets": [sorted(ids) for ids in id_sets],
        "reports": encoded,
    }


def decode_state(payload: Any) -> State | None:
    """Return (key, inputs, reports, bundles) of a stored state, None when it is unusable."""
    try:
        key, inputs, bundles = payload["key"], payload["inputs"], payload["bundles"]
        links = [Link(*map(_text, link)) for link in payload["links"]]
        id_sets = [frozenset(map(_text, ids)) for ids in payload["id_sets"]]
        reports = {}
        for name, row in payload["reports"].items():
            digest, leaks = _text(row[0]), tuple(map(_text, row[1])) if row[1] else ()
            facts = None
            if len(row) == 5:
                chosen = tuple(links[i] for i in row[3])  # IndexError/TypeError if tampered
                problems = tuple(map(_text, row[4])) if row[4] else ()
                facts = PageFacts(id_sets[row[2]], chosen, problems)
            elif len(row) != 2:
                return None
            reports[name] = FileReport(digest, leaks, facts)
        if not (_strings(inputs) and _strings(bundles) and isinstance(key, str)):
            return None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    return key, inputs, reports, bundles


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _strings(mapping: Any) -> bool:
    return isinstance(mapping, dict) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
    )
