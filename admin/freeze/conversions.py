"""Convert each record's Markdown once per build, on every core, remembered between builds.

A record's body is converted for its own page and again, as plain text, for each data
file that lists it (CSV and JSON: twice more), in whichever worker renders the URL.
Here every distinct body is converted once before rendering, split across the cores;
the forked render workers inherit the results
(:func:`admin.domain.markdown_render.remember_conversions`).
Conversions are kept beside the build states by a hash of the text, so a rebuild
converts only the bodies that changed.
"""

from __future__ import annotations

from pathlib import Path

import markdown

from admin.content.memofile import code_version, entry_key, load_memo, save_memo
from admin.domain import markdown_render as render
from admin.domain.markdown_render import convert_markdown, remember_conversions
from admin.freeze.workers import parallel_map
from admin.site.content import DATASETS, Site

#: Changes with the renderer's code or Markdown's version: older conversions are not used.
_VERSION = code_version(render, markdown.__version__)
#: Bodies per job handed to a worker.
_SLICE = 200


def prepare_conversions(site: Site, cache: Path, workers: int | None = None) -> int:
    """Convert every body ``site`` shows once, reusing and updating ``cache``.

    Returns how many bodies were converted now; the others came from ``cache``.
    """
    texts = sorted({r.body for d in DATASETS for r in site.all(d) if r.body and not r.notice})
    known = load_memo(cache, _VERSION)
    keys = {text: entry_key(text.encode()) for text in texts}
    # Only strings: the file is JSON from disk, and a damaged entry is converted again.
    converted = {
        text: known[keys[text]] for text in texts if isinstance(known.get(keys[text]), str)
    }
    missing = [text for text in texts if text not in converted]
    slices = [missing[start : start + _SLICE] for start in range(0, len(missing), _SLICE)]
    for part, results in zip(slices, parallel_map(_convert_all, slices, workers), strict=True):
        converted.update(zip(part, results, strict=True))
    remember_conversions(converted)
    entries = {keys[text]: html for text, html in converted.items()}
    if entries.keys() != known.keys():
        save_memo(cache, _VERSION, entries)
    return len(missing)


def _convert_all(texts: list[str]) -> list[str]:
    """Convert one slice of bodies (in a worker process)."""
    return [convert_markdown(text) for text in texts]


def forget_conversions() -> None:
    """Free the remembered conversions once the pages are rendered (before indexing)."""
    remember_conversions({})
