"""Incremental builds: which URLs must be re-rendered, decided by an explicit rule.

Every URL gets an *input digest*: a hash of exactly what its output can depend on. A URL
whose digest equals the one recorded for a tree renders to the same bytes in that tree,
so bringing the tree up to date means re-rendering only the URLs whose digest changed and
deleting the files of URLs that are gone. The rule:

- everything ← the *site key*: the build's code and theme (``admin/``, ``site/``),
  ``site.toml``, and the reference datasets every page may show (subjects, officers,
  items, pages, reports: menus, footers, item names on decisions);
- a disclosure's own page (``/penalties/<slug>/``, ``/inspections/…``, ``/info/…``) ← its
  file (front matter and body) and its notice state on the build date (expiry by date);
- a list's folder page (``/penalties/``, ``/penalties/year/<yyyy>/``, ``…/kind/<kind>/``,
  ``/subjects/<slug>/penalties/`` …) ← the front matter and notice state of every record
  of its dataset (it shows the newest records, the counts and the 按执法主体 filter with
  counts; there are a few dozen such pages, however long the lists);
- an archive page ``…/page/<n>/`` of a list (admin/site/archive.py) ← exactly what it
  shows: its number, the front matter and notice state of its block's records, the
  links to the blocks beside it, and its dataset's year and kind filters (lists never
  show a body). Blocks are fixed by date, so a publish re-renders the folder pages and
  the one block per list the new record falls in (and that block's neighbours when a
  block appears or splits), never the rest of a long list;
- ``/data/<dataset>.csv|json`` ← the records of that dataset, bodies included;
- a part ``/sitemap-<dataset>-<year>.xml`` of a sitemap too large for one file
  (admin.site.sitemaps) ← the front matter and notice state of the records it lists, in
  order (the ``site`` part, with the projects, follows the rule for every other page);
- the reference pages that show reference datasets alone (``/items/``, ``/items/<slug>/``,
  ``/officers/``, ``/pages/<slug>/``) ← the site key alone (a county has hundreds of
  items: re-rendering them for every publish was two thirds of its rebuild's pages);
- every other page (home, feed, sitemap, stats, 404, search, reference pages and static
  files) ← the front matter and notice state of every disclosure.

The state of each versioned tree (its input digests, and the report of every file:
digest, leak-guard lines, link facts) is stored in ``.<out>-state/<tree>.json`` beside
``--out``, and what later rebuilds changed in ``<tree>.changes.json`` beside it
(:mod:`admin.freeze.statefile`). It is JSON, not pickle, so a planted or altered state
cannot run code; one that is damaged, truncated or of another shape is discarded and the
tree is built in full.
Beside the states are the memos every build shares: parsed content files (admin.content.datapickle),
converted Markdown, records' entries in the whole-dataset files (admin.freeze.fragmentcache).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

import admin
from admin.content.memofile import encode_value, load_json, save_json
from admin.freeze.copycache import COPY_CACHE_PREFIX
from admin.freeze.filecheck import FileReport
from admin.freeze.statefile import Stored, encode_changes, encode_state, new_token, read_state
from admin.site.content import DISCLOSURES, Record, Site
from admin.site.sitemaps import is_site_part, sitemap_parts
from admin.site.views.urls import list_archive, list_folders

#: Bump when the rule or the state's shape changes: every stored state becomes unusable.
RULE_VERSION = "5"
#: The file beside the trees' states that remembers parsed content files.
PARSE_CACHE_NAME = "content-cache.pickle"
#: The file beside the trees' states that remembers converted Markdown.
CONVERSION_CACHE_NAME = "markdown-cache.json"
#: The start of the files beside the trees' states that remember records' entries in
#: whole-dataset files (one per file: admin.freeze.fragmentcache).
FRAGMENT_CACHE_PREFIX = "fragments-"
#: The end of the name of a tree's changes file, beside its full state file.
CHANGES_SUFFIX = ".changes.json"
#: Datasets every page may show: a change re-renders everything.
REFERENCE_DATASETS = ("subjects", "officers", "items", "pages", "reports")
#: Sections whose pages show reference datasets alone (and ``/pages/<slug>/``).
REFERENCE_PAGES = ("items", "officers")
_SITE_DIR = Path(admin.__file__).resolve().parents[1] / "site"
#: The package's folders and top-level modules the public site and the build import.
_SITE_PACKAGES = ("content", "data", "domain", "freeze", "site")
_SITE_MODULES = ("__init__",)


@dataclass
class TreeState:
    """What a versioned tree holds: the inputs its files were rendered from, and the files."""

    key: str
    inputs: dict[str, str] = field(default_factory=dict)
    reports: dict[str, FileReport] = field(default_factory=dict)
    bundles: dict[str, str] = field(default_factory=dict)
    #: How the state was stored, when it was loaded: a later state saves only its changes.
    stored: Stored | None = field(default=None, compare=False, repr=False)


def state_dir(out: Path) -> Path:
    """Return the folder holding the trees' states beside ``out``."""
    return out.parent / f".{out.name}-state"


def load_state(out: Path, tree: Path) -> TreeState | None:
    """Return the stored state of ``tree``, or None when it is missing or unusable."""
    changes_file = _changes_file(out, tree)
    changes = load_json(changes_file, RULE_VERSION)
    if changes is None and changes_file.exists():
        return None  # the tree changed since its full state was written, and it is unreadable
    found = read_state(load_json(_state_file(out, tree), RULE_VERSION), changes)
    if found is None:
        return None
    (key, inputs, reports, bundles), stored = found
    return TreeState(key, inputs, reports, bundles, stored)


def save_state(out: Path, tree: Path, state: TreeState, like: TreeState | None = None) -> None:
    """Store the state of ``tree``; each file is written to a temporary name, then renamed.

    ``like`` is the state loaded for the tree and set aside while it was updated: when
    few entries changed since its full file was written, only a changes file is written
    and the full file set aside is put back (:mod:`admin.freeze.statefile`).
    """
    path = _state_file(out, tree)
    aside = _aside(path)
    fields = (state.key, state.inputs, state.reports, state.bundles)
    stored = like.stored if like is not None else None
    changes = encode_changes(*fields, stored) if stored is not None else None
    if changes is not None and aside.exists():
        save_json(_changes_file(out, tree), RULE_VERSION, changes)
        aside.replace(path)
        return
    save_json(path, RULE_VERSION, encode_state(*fields, new_token()))
    aside.unlink(missing_ok=True)  # the state it replaces, if set aside
    _changes_file(out, tree).unlink(missing_ok=True)  # made against that one


@contextmanager
def state_set_aside(out: Path, tree: Path) -> Iterator[None]:
    """Move the stored state of ``tree`` aside while the tree is changed in place.

    Meanwhile the tree has no usable state. If the block fails the state set aside is
    deleted (the tree is neither its old nor its new self); otherwise ``save_state``
    stores the new one, or ``restore_state`` brings back the same.
    """
    path = _state_file(out, tree)
    if path.exists():
        path.replace(_aside(path))
    try:
        yield
    except BaseException:
        _aside(path).unlink(missing_ok=True)
        raise


def restore_state(out: Path, tree: Path) -> None:
    """Bring back the state set aside: the tree ended as it was (nothing had changed).

    Writing the same state again would cost a quarter of a second at county scale.
    """
    path = _state_file(out, tree)
    _aside(path).replace(path)


def _state_file(out: Path, tree: Path) -> Path:
    return state_dir(out) / f"{tree.name}.json"


def _changes_file(out: Path, tree: Path) -> Path:
    return state_dir(out) / f"{tree.name}{CHANGES_SUFFIX}"


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.aside")


def parse_cache_path(out: Path) -> Path:
    """Return where the builds of ``out`` remember parsed content files (content.parsecache)."""
    return state_dir(out) / PARSE_CACHE_NAME


def conversion_cache_path(out: Path) -> Path:
    """Return where the builds of ``out`` remember converted Markdown (build.conversions)."""
    return state_dir(out) / CONVERSION_CACHE_NAME


def prune_states(out: Path, keep: Iterable[Path]) -> None:
    """Delete the states of trees that no longer exist (and any older kind of state)."""
    names = {f"{tree.name}{end}" for tree in keep for end in (".json", CHANGES_SUFFIX)}
    names |= {PARSE_CACHE_NAME, CONVERSION_CACHE_NAME}
    folder = state_dir(out)
    kept = (FRAGMENT_CACHE_PREFIX, COPY_CACHE_PREFIX)  # memos (the index prunes its own)
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name not in names and not path.name.startswith(kept):
                path.unlink(missing_ok=True)


def site_key(site: Site, content_dir: Path) -> str:
    """Return the digest of everything every page may depend on (code, theme, identity)."""
    digest = hashlib.sha256(f"rule {RULE_VERSION}\n".encode())
    for path in _code_files():
        digest.update(path.as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    digest.update((Path(content_dir) / "site.toml").read_bytes())
    # A column built with --body leaves other bodies' pages out: it never shares a tree
    # state with the whole site's build, nor with another body's column.
    digest.update(f"body {site.scope or ''}\n".encode())
    for dataset in REFERENCE_DATASETS:
        for record in site.all(dataset):
            digest.update(_record_digests(record)[1].encode())
    return digest.hexdigest()


def _code_files() -> list[Path]:
    """Return the site's code: the theme, and the package's parts that shape a page.

    The back office shares the package and changes independently, so only the folders
    and modules the public site and the build use count (a fixed list: what happens to
    be imported differs from one process to the next).
    """
    package = _SITE_DIR.parent / "admin"
    files = [path for path in _SITE_DIR.rglob("*") if path.is_file()]
    for folder in _SITE_PACKAGES:
        files += [p for p in (package / folder).rglob("*") if p.is_file() and p.suffix != ".pyc"]
    files += [package / f"{name}.py" for name in _SITE_MODULES if (package / f"{name}.py").exists()]
    return sorted(files)


def url_inputs(site: Site, urls: Iterable[str]) -> dict[str, str]:
    """Return each URL's inputs according to the rule above: what the page is rendered from,
    named and digested. Every URL depends on the site key too, which the state keeps once."""
    full: dict[str, dict[str, str]] = {}
    head: dict[str, dict[str, str]] = {}
    meta: dict[str, str] = {}
    for dataset in DISCLOSURES:
        digests = _disclosure_digests(site)[dataset]
        full[dataset] = {r.slug: d[1] for r, d in zip(site.all(dataset), digests, strict=True)}
        head[dataset] = {r.slug: d[0] for r, d in zip(site.all(dataset), digests, strict=True)}
        meta[dataset] = _combine(d[0] for d in digests)
    data = {d: _combine(full[d][r.slug] for r in site.all(d)) for d in DISCLOSURES}
    every = _combine(meta[d] for d in DISCLOSURES)
    archives = _archive_sources(site, head)
    sitemaps = _sitemap_sources(site, head)
    inputs = {}
    for url in urls:
        parts = url.strip("/").split("/")
        if url in archives:
            source = "archive " + archives[url]
        elif parts[0] in DISCLOSURES and len(parts) == 2 and parts[1] in full[parts[0]]:
            source = "page " + full[parts[0]][parts[1]]
        elif parts[0] in DISCLOSURES:
            source = "list " + meta[parts[0]]
        elif parts[0] == "subjects" and len(parts) == 3 and parts[2] in DISCLOSURES:
            source = "list " + meta[parts[2]]  # a body's folder page
        elif parts[0] in REFERENCE_PAGES or (parts[0] == "pages" and len(parts) == 2):
            source = "reference"
        elif parts[0] == "data" and len(parts) == 2 and parts[1].rsplit(".", 1)[0] in data:
            source = "data " + data[parts[1].rsplit(".", 1)[0]]
        elif url in sitemaps:
            source = "sitemap " + sitemaps[url]
        else:
            source = "all " + every
        # The state keeps the key once (TreeState.key) and each input under its URL.
        inputs[url] = source
    return inputs


def _sitemap_sources(site: Site, head: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return the digest of what each sitemap part of one dataset lists (its records' front
    matter and notices, in order); the ``site`` part, with the projects, follows every record."""
    return {
        f"/sitemap-{name}.xml": _combine(head[r.dataset][r.slug] for r in records)
        for name, records in sitemap_parts(site).items()
        if not is_site_part(name)
    }


def disclosure_digests(site: Site) -> dict[str, list[tuple[str, str]]]:
    """Return each disclosure's two digests, by dataset, in the order of ``site.all``.

    For a forked process to work out while the build lists the URLs (1.3 s of a
    county's rebuild, #16); the building process keeps them with :func:`adopt_digests`.
    """
    return _disclosure_digests(site)


def adopt_digests(site: Site, digests: dict[str, list[tuple[str, str]]]) -> None:
    """Keep ``digests`` as if ``site`` had computed them (the inputs and entry memos use them)."""
    site.memo(_DIGESTS_MEMO, lambda: digests)


_SLUG = attrgetter("slug")


def _archive_sources(site: Site, head: dict[str, dict[str, str]]) -> dict[str, str]:
    """Return the digest of what each archive page shows (its block, neighbours, filters)."""
    filters = {
        dataset: json.dumps(
            [
                site.years(dataset),
                sorted({str(k) for r in site.listed(dataset) for k in r.get("kinds", ())}),
                sorted({str(r.get("licence_kind")) for r in site.listed(dataset)}),
            ]
        )
        for dataset in DISCLOSURES
    }
    sources = {}
    for folder, dataset, records in list_folders(site):
        found = list_archive(site, folder, records)
        numbers = [block.number for block in found.blocks]
        for at, block in enumerate(found.blocks):
            beside = numbers[max(0, at - 1) : at + 2]
            sources[f"{folder}page/{block.number}/"] = _combine(
                (
                    f"block {block.number} {block.label} beside {beside}",
                    filters[dataset],
                    *map(head[dataset].__getitem__, map(_SLUG, block.records)),  # in C
                )
            )
    return sources


def record_digests(site: Site) -> dict[tuple[str, str], str]:
    """Return the digest of each disclosure (front matter, notice and body), by (dataset, slug).

    It is what a record's own page is rendered from, and so what its entries in the
    whole-dataset files are made from (admin.site.fragments).
    """
    found = _disclosure_digests(site)
    return {
        (dataset, record.slug): digests[1]
        for dataset in DISCLOSURES
        for record, digests in zip(site.all(dataset), found[dataset], strict=True)
    }


def _disclosure_digests(site: Site) -> dict[str, list[tuple[str, str]]]:
    """Return each disclosure's two digests, in the order of ``site.all``, computed once."""
    return site.memo(
        _DIGESTS_MEMO,
        lambda: {d: [_record_digests(r) for r in site.all(d)] for d in DISCLOSURES},
    )


_DIGESTS_MEMO = "incremental digests"


def _record_digests(record: Record) -> tuple[str, str]:
    """Return the digests of a record without and with its body (front matter, notice)."""
    # A record's dataset and slug hold no NUL (admin.domain.safepath); notice is a name or None.
    head = f"{record.dataset}\0{record.slug}\0{record.notice!r}\0".encode() + _canonical(
        record.meta
    )
    without = hashlib.sha256(head)
    with_body = without.copy()
    with_body.update(b"\0" + record.body.encode())
    return without.hexdigest(), with_body.hexdigest()


def _canonical(value: Any) -> bytes:
    """Return ``value`` as JSON with sorted keys, dates and times tagged with their type.

    orjson does it in a fifth of the json module's time (1.7 s of each county rebuild,
    #16). What it cannot tell apart goes to the json module, through ``encode_value``,
    which can: a NaN or an infinity (orjson writes null, which TOML has not), what orjson
    refuses (integers beyond 64 bits, nesting beyond 255), and a NUL the front matter
    holds itself (a table with a key "\0date" would read as a tagged date).
    """
    tags: list[None] = []

    def tagged(item: Any) -> dict[str, str]:
        tags.append(None)
        return {f"\0{type(item).__name__}": str(item)}

    try:
        text = orjson.dumps(value, default=tagged, option=_ORJSON_OPTIONS)
    except orjson.JSONEncodeError:
        text = b"null"
    if b"null" not in text and text.count(b"\\u0000") == len(tags):
        return text
    # The json module's separators (", ", ": ") keep its texts apart from orjson's.
    return json.dumps(encode_value(value), ensure_ascii=False, sort_keys=True).encode(
        "utf-8", "surrogatepass"
    )


_ORJSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def _combine(digests: Iterable[str]) -> str:
    """Return one digest of a sequence of strings (each followed by a newline)."""
    texts = list(digests)
    texts.append("")
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()
