"""A tree's build state as JSON: explicit encoding of the file reports, shared values once.

Pages repeat the same links (menus, footers, assets) and the same sets of ids, so each
distinct link and id set is written once in a table and the reports refer to it by
position; reading it back makes the shared objects :class:`ReportPool` would have made.
The reader trusts nothing: a state of any other shape is refused (None), never an error.

A state is a full file, named by a random token, and optionally a file of changes made
against that full file: the reports, inputs and table entries that differ, with the key
and bundles. Rewriting a county's whole 149 MB state after each publish took 1.6 s of a
rebuild that changed 80 pages (#16); the changes file is written instead until it holds
more than one entry in :data:`CHANGES_SHARE` of the full file's, which is then rewritten.
"""

from __future__ import annotations

import secrets
from collections import deque
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from admin.freeze.filecheck import FileReport
from admin.freeze.links import Link, PageFacts

State = tuple[str, dict[str, str], dict[str, FileReport], dict[str, str]]

#: A changes file may hold up to one entry for this many of the full file's.
CHANGES_SHARE = 8


@dataclass(frozen=True)
class Stored:
    """How a loaded state is stored: what writing only its changes needs.

    ``reports`` and ``inputs`` are the loaded state's own dicts: a report of a later state
    that is the same object as the loaded one is unchanged. ``changes`` is the changes
    file as read (its raw entries), empty when there was none.
    """

    token: str
    base_entries: int
    links: list[Link]
    id_sets: list[frozenset[str]]
    reports: dict[str, FileReport]
    inputs: dict[str, str]
    changes: dict[str, Any]


def new_token() -> str:
    """Return the name of a new full state file's content."""
    return secrets.token_hex(16)


def encode_state(
    key: str,
    inputs: dict[str, str],
    reports: dict[str, FileReport],
    bundles: dict[str, str],
    token: str = "",
) -> dict[str, Any]:
    """Return a tree's state as JSON's types (a full state file, named ``token``)."""
    links: dict[Link, int] = {}
    id_sets: dict[frozenset[str], int] = {}
    encoded = {name: _row(report, links, id_sets) for name, report in reports.items()}
    return {
        "token": token,
        "key": key,
        "inputs": inputs,
        "bundles": bundles,
        "links": [list(link) for link in links],
        "id_sets": [sorted(ids) for ids in id_sets],
        "reports": encoded,
    }


def encode_changes(
    key: str,
    inputs: dict[str, str],
    reports: dict[str, FileReport],
    bundles: dict[str, str],
    like: Stored,
) -> dict[str, Any] | None:
    """Return the changes file that turns ``like``'s full file into this state.

    None when it would hold too many entries: the full state should be written instead.
    """
    previous = like.changes
    rows: dict[str, Any] = dict(previous.get("reports", {}))
    changed_inputs: dict[str, Any] = dict(previous.get("inputs", {}))
    # New table entries go after those of the full file and of the earlier changes (a
    # re-rendered sitemap alone holds a link to every page: each must be found, not added).
    links = dict(zip(like.links, range(len(like.links)), strict=True))
    id_sets = dict(zip(like.id_sets, range(len(like.id_sets)), strict=True))
    known_links, known_ids = len(links), len(id_sets)
    if (known_links, known_ids) != (len(like.links), len(like.id_sets)):
        return None  # equal entries at two places: new ones would be numbered wrong
    for name, report in reports.items():
        before = like.reports.get(name)
        if before is not report and before != report:  # the same object, or read again
            rows[name] = _row(report, links, id_sets)
    rows.update(dict.fromkeys(like.reports.keys() - reports.keys()))  # removed: null
    for url, value in inputs.items():
        if like.inputs.get(url) != value:
            changed_inputs[url] = value
    changed_inputs.update(dict.fromkeys(like.inputs.keys() - inputs.keys()))
    # Every entry the file will hold: the earlier changes' table entries are written again.
    extra_links = len(previous.get("links", [])) + len(links) - known_links
    extra_ids = len(previous.get("id_sets", [])) + len(id_sets) - known_ids
    entries = len(rows) + len(changed_inputs) + extra_links + extra_ids
    if entries * CHANGES_SHARE > like.base_entries:
        return None
    return {
        "base": like.token,
        "key": key,
        "bundles": bundles,
        "inputs": changed_inputs,
        "links": [*previous.get("links", []), *(list(k) for k in list(links)[known_links:])],
        "id_sets": [*previous.get("id_sets", []), *(sorted(s) for s in list(id_sets)[known_ids:])],
        "reports": rows,
    }


def _row(report: FileReport, links: dict[Link, int], id_sets: dict[frozenset[str], int]) -> Any:
    """Return a report as a row of a state file, adding its new links and ids to the tables."""
    facts = report.facts
    if facts is None:
        return [report.digest, list(report.leaks)]
    ids = id_sets.setdefault(facts.ids, len(id_sets))
    refs = [links.setdefault(link, len(links)) for link in facts.links]
    return [report.digest, list(report.leaks), ids, refs, list(facts.problems)]


def decode_state(payload: Any) -> State | None:
    """Return (key, inputs, reports, bundles) of a full state, None when it is unusable."""
    found = read_state(payload, None)
    return found[0] if found is not None else None


def read_state(payload: Any, changes: Any) -> tuple[State, Stored] | None:
    """Return the state a full file and its changes file (or None) hold, and how.

    A changes file made against another full file is left out: the full file was written
    after it. None when either is unusable.
    """
    try:
        token = payload["token"]
        if not isinstance(token, str) or (
            changes is not None and not isinstance(changes["base"], str)
        ):
            return None
        if changes is not None and changes["base"] != token:
            changes = None
        part = changes if changes is not None else payload
        key, bundles = part["key"], part["bundles"]
        links = _links(payload["links"])
        id_sets = _id_sets(payload["id_sets"])
        reports = _rows(payload["reports"], links, id_sets)
        inputs = payload["inputs"]
        if not (_strings(inputs) and isinstance(reports, dict)):
            return None
        base_entries = len(reports) + len(inputs)
        if changes is not None:
            links += _links(changes["links"])
            id_sets += _id_sets(changes["id_sets"])
            changed = _rows(changes["reports"], links, id_sets, removed=True)
            if changed is None or not _strings(changes["inputs"], removed=True):
                return None
            reports = _applied(reports, changed)
            inputs = _applied(inputs, changes["inputs"])
        if reports is None or not (_strings(bundles) and isinstance(key, str)):
            return None
    except (KeyError, TypeError, ValueError, IndexError, AttributeError):
        return None
    stored = Stored(token, base_entries, links, id_sets, reports, inputs, changes or {})
    return (key, inputs, reports, bundles), stored


def _links(table: Any) -> list[Link]:
    """Return the links of a table, refusing an entry that is not four texts (TypeError).

    In C: a county's million links took 0.57 s one by one in Python, 0.27 s so.
    """
    deque(map("".join, table), maxlen=0)  # TypeError unless each entry holds texts only
    return list(map(Link._make, table))  # TypeError unless each entry holds four


def _id_sets(table: Any) -> list[frozenset[str]]:
    return [frozenset(map(_text, ids)) for ids in table]


def _rows(
    rows: Any, links: list[Link], id_sets: list[frozenset[str]], removed: bool = False
) -> dict[str, Any] | None:
    """Return the reports of a state file's rows (None for a removed one), None if damaged."""
    reports: dict[str, Any] = {}
    for name, row in rows.items():
        if row is None and removed:
            reports[name] = None
            continue
        digest, leaks = _text(row[0]), tuple(map(_text, row[1])) if row[1] else ()
        facts = None
        if len(row) == 5:
            chosen = _chosen(links, row[3])  # IndexError/TypeError if tampered
            problems = tuple(map(_text, row[4])) if row[4] else ()
            facts = PageFacts(id_sets[_position(row[2])], chosen, problems)
        elif len(row) != 2:
            return None
        reports[name] = FileReport(digest, leaks, facts)
    return reports


def _chosen(links: list[Link], refs: list[Any]) -> tuple[Link, ...]:
    """Return the links at positions ``refs`` (itemgetter picks them in C: 5 million a county)."""
    if refs and min(refs) < 0:
        raise IndexError(min(refs))  # a position counted from the end: not one we write
    if len(refs) > 1:
        return itemgetter(*refs)(links)  # type: ignore[no-any-return]
    return (links[refs[0]],) if refs else ()


def _position(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise TypeError(value)
    return value


def _applied(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``changes`` made (a None value removes the entry)."""
    for name, value in changes.items():
        if value is None:
            base.pop(name, None)
        else:
            base[name] = value
    return base


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value


def _strings(mapping: Any, removed: bool = False) -> bool:
    return isinstance(mapping, dict) and all(
        isinstance(k, str) and (isinstance(v, str) or (removed and v is None))
        for k, v in mapping.items()
    )
