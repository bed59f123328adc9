"""Measure what a county-scale build is made of, and the bounds the parts set on its targets.

Usage: ``python bench/build_limits.py [--decisions 10000] [--seed 7] [--work DIR]``

``build_bench.py`` times whole builds. This script times their parts, on the same
generated content and with the build's own functions, each alone in one process:
start-up, reading and hashing ``content/``, loading it (without and with the parse
cache), converting Markdown, rendering every URL through the site app, checking every
page, writing the files, the render phase on one core and on two, and Pagefind on the
largest search shard; then, each in its own process as ``build_bench.py`` runs them, the
full build with search, a rebuild that finds nothing changed and the plain
Frozen-Flask freeze.

From the parts it prints lower bounds: the fastest a full build could be if its
parallel work (Markdown, rendering, checks, writing) were split over the cores with no
overhead at all, and the least a rebuild after one text change must do. Each bound is set
against issue 7's targets, with what would have to change for the target to be met.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

HERE = Path(__file__).resolve().parent
# Measure this checkout's code, here and in the child processes, whatever is installed.
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))  # ``bench`` is a folder of scripts, not a package
os.environ["PYTHONPATH"] = os.pathsep.join(
    filter(None, [str(HERE.parent), os.environ.get("PYTHONPATH")])
)
import build_bench as BENCH  # noqa: E402

TODAY = dt.date.fromisoformat(BENCH.TODAY)
#: What this script writes in its work folder; anything else there is left alone.
CREATED = (
    "parse-cache",
    "conversions",
    "written",
    "render-1",
    "render-2",
    "search-copies",
    "search-output",
    "plain-in-process",
    "full",
    "plain",
)
T = TypeVar("T")


def timed(call: Callable[[], T]) -> tuple[float, T]:
    """Return the wall seconds ``call`` took, and what it returned."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def startup_seconds() -> float:
    """Seconds for a new interpreter to import the build (best of three)."""
    argv = [sys.executable, "-c", "import admin.freeze.pipeline"]
    return min(timed(lambda: subprocess.run(argv, check=True))[0] for _ in range(3))


def read_and_hash(content: Path) -> int:
    """Read and SHA-256 every file of ``content``: what finding changes by bytes costs."""
    count = 0
    for folder, _, names in os.walk(content):
        for name in names:
            with open(os.path.join(folder, name), "rb") as handle:
                hashlib.sha256(handle.read()).digest()
            count += 1
    return count


def measure_parts(content: Path, work: Path) -> tuple[dict[str, float], list]:
    """Time each part of a full build alone, in this process.

    Returns seconds by part, and the search candidates of the built tree.
    """
    from admin.content.parsecache import remembering
    from admin.freeze.conversions import forget_conversions, prepare_conversions
    from admin.freeze.freeze import site_app, site_of

    cache = work / "parse-cache"
    parts: dict[str, float] = {"start-up": startup_seconds()}
    parts["read and hash content"], files = timed(lambda: read_and_hash(content))
    gc.disable()  # as the build does
    parts.update(one_process_parts(content, cache, work))
    for workers in (1, 2):
        # A new app each time: its workers start with nothing rendered, as a build's do.
        parts[f"render phase, {workers} worker(s)"] = render_phase(content, cache, work, workers)
    parts["content files"] = files
    costs, candidates = pagefind_costs(content, cache, work / "render-2")
    parts.update(costs)
    shutil.rmtree(work / "render-2")
    forget_conversions()  # the plain freeze converts Markdown itself, as it always does
    gc.enable()  # and runs with the collector, as a plain program does
    parts["plain freeze, render only"] = plain_render(content, work)
    # The same with every conversion remembered: the difference is the plain freeze's own
    # Markdown (a record's HTML and its plain text are converted apart).
    with remembering(cache):
        prepare_conversions(site_of(site_app(content, TODAY)), work / "conversions", 1)
    parts["plain freeze, render only, Markdown done"] = plain_render(content, work)
    forget_conversions()
    return parts, candidates


def one_process_parts(content: Path, cache: Path, work: Path) -> dict[str, float]:
    """Time loading, Markdown, rendering, checks and writes, one after the other."""
    from admin.content.parsecache import remembering
    from admin.freeze.conversions import prepare_conversions
    from admin.freeze.filecheck import inspect_file
    from admin.freeze.freeze import site_app, site_of, site_url_list
    from admin.freeze.incremental import site_key, url_inputs
    from admin.freeze.pagewriter import url_to_path

    parts: dict[str, float] = {}
    with remembering(cache):  # as a build into a new folder: parse, and fill the cache
        parts["load content, no cache"], app = timed(lambda: site_app(content, TODAY))
    with remembering(cache):
        parts["load content, cached"], app = timed(lambda: site_app(content, TODAY))
    site = site_of(app)
    started = time.perf_counter()
    urls = site_url_list(app)
    url_inputs(site, urls)
    site_key(site, content)
    parts["URL list and input digests"] = time.perf_counter() - started
    parts["Markdown"], _ = timed(lambda: prepare_conversions(site, work / "conversions", 1))
    # As Frozen-Flask asks for a page: a new test client per URL.
    parts["render through the app"], bodies = timed(
        lambda: [app.test_client().get(url).get_data() for url in urls]
    )
    names = [url_to_path(url) for url in urls]
    base = site.config["base_url"]
    parts["check every file"], _ = timed(
        lambda: [inspect_file(name, data, base) for name, data in zip(names, bodies, strict=True)]
    )
    parts["write files"], _ = timed(lambda: write_files(work / "written", names, bodies))
    shutil.rmtree(work / "written")
    parts["pages"] = len(urls)
    return parts


def render_phase(content: Path, cache: Path, work: Path, workers: int) -> float:
    """Time the build's render phase (render, checks, writes) with ``workers`` processes."""
    from admin.content.parsecache import remembering
    from admin.freeze.freeze import render_into, site_app, site_url_list
    from admin.freeze.progress import Progress

    with remembering(cache):
        app = site_app(content, TODAY)
    out = work / f"render-{workers}"
    out.mkdir()
    seconds, _ = timed(
        lambda: render_into(app, site_url_list(app), out, Progress(quiet=True), workers)
    )
    if workers == 1:
        shutil.rmtree(out)
    return seconds


def plain_render(content: Path, work: Path) -> float:
    """Time a plain freeze of a newly loaded app, without its loading; the collector on."""
    from admin.freeze.freeze import plain_freeze, site_app

    app, folder = site_app(content, TODAY), work / "plain-in-process"
    gc.collect()  # what earlier parts left is not the freeze's to collect
    folder.mkdir()
    seconds, _ = timed(lambda: plain_freeze(app, folder))
    shutil.rmtree(folder)
    return seconds


def write_files(root: Path, names: list[str], bodies: list[bytes]) -> None:
    """Write each body to its file under ``root``."""
    made: set[Path] = set()
    for name, data in zip(names, bodies, strict=True):
        path = root / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def pagefind_costs(content: Path, cache: Path, root: Path) -> tuple[dict[str, float], list]:
    """Time writing the search copies of the largest shard and indexing them with Pagefind.

    Returns the times, and the search candidates of the tree ``root``.
    """
    from pagefind_bin import get_executable

    from admin.content.parsecache import remembering
    from admin.freeze.freeze import site_app, site_of
    from admin.freeze.search import _run_pagefind, search_copy, searchable_pages
    from admin.freeze.shards import candidates, shards

    with remembering(cache):
        site = site_of(site_app(content, TODAY))
    files = [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]
    found = candidates(site, files)
    members = shards(found)
    name = max(members, key=lambda key: len(members[key]))
    output = root.parent / "search-output"
    seconds_copies, copies = timed(
        lambda: [(page.path, search_copy(page)) for page in searchable_pages(root, members[name])]
    )
    count = len(copies)
    seconds_pagefind, _ = timed(lambda: _run_pagefind(get_executable(), iter(copies), output))
    shutil.rmtree(output)
    costs = {
        "largest shard pages": count,
        "shards": len(members),
        "searchable pages": len(found),
        "largest shard: search copies": seconds_copies,
        "largest shard: Pagefind": seconds_pagefind,
    }
    return costs, found


def measure_builds(content: Path, work: Path) -> dict[str, float]:
    """Time the full build with search, a rebuild with nothing changed, the plain freeze.

    Each in its own process, as ``build_bench.py`` runs them.
    """
    me = [sys.executable, str(HERE / "build_bench.py"), "--child"]
    out = str(work / "full" / "build")
    full = BENCH.measure("full", [*me, "full", str(content), out])
    BENCH.measure("second tree", [*me, "incremental", str(content), out])
    idle = BENCH.measure("nothing changed", [*me, "incremental", str(content), out])
    plain = BENCH.measure("plain", [*me, "plain", str(content), str(work / "plain")])
    return {
        "full build with search": full.seconds,
        "rebuild, nothing changed": idle.seconds,
        "plain freeze": plain.seconds,
    }


def bounds(p: dict[str, float], found: list, cores: int, hugo: float | None) -> list[str]:
    """Return the report: each target, the bound the parts set on it, and what it needs."""
    from admin.freeze.shards import shards

    pages = p["pages"]
    serial = p["start-up"] + p["load content, no cache"] + p["URL list and input digests"]
    render = p["render through the app"] + p["Markdown"]  # what scales with rendering
    rest = p["check every file"] + p["write files"]
    floor = serial + (render + rest) / cores
    plain = p["plain freeze"]
    plain_markdown = p["plain freeze, render only"] - p["plain freeze, render only, Markdown done"]
    plain_render = p["render through the app"] + plain_markdown
    freezer = p["plain freeze, render only, Markdown done"] - (
        p["render through the app"] + p["write files"]
    )
    speedup = p["render phase, 1 worker(s)"] / p["render phase, 2 worker(s)"]
    lines = [
        f"{pages:,} pages, {p['content files']:,} content files, {cores} cores",
        "",
        "| part | seconds | ms per page |",
        "|---|---:|---:|",
    ]
    for name, value in p.items():
        if name not in (
            "pages",
            "content files",
            "largest shard pages",
            "shards",
            "searchable pages",
        ):
            lines.append(f"| {name} | {value:.2f} | {1000 * value / pages:.3f} |")
    lines += [
        "",
        f"- two workers run the render phase (render, checks, writes) {speedup:.2f}× as fast "
        "as one",
        f"- the plain freeze's Markdown takes {plain_markdown:.2f} s (the build's: "
        f"{p['Markdown']:.2f} s): it converts each body for the page and again for its text",
        f"- the plain freeze takes {freezer:.2f} s ({1000 * freezer / pages:.3f} ms a page) "
        "more than the site app's render and the writes: Frozen-Flask, its test client and "
        "the cyclic collector",
        "",
        f"**Full build without search, lower bound** (the serial parts, then the parallel "
        f"parts on {cores} cores with no overhead): {serial:.2f} + "
        f"{render + rest:.2f} / {cores} = {floor:.2f} s",
    ]
    # With rendering and Markdown k times as costly, in both (the plain freeze renders the
    # same app): plain(k) = plain - (1 - k) plain_render and
    # bound(k) = serial + (k render + rest) / cores. Their ratio runs between its values
    # at k = 1 (today) and k = 0 (free rendering) without passing either.
    today = plain / floor
    free = (plain - plain_render) / (serial + rest / cores)
    lines.append(f"- plain freeze {plain:.2f} s / bound = {today:.2f}× at most (target ≥ 4×)")
    lines.append(
        f"- with rendering and Markdown free in both: {free:.2f}×; any cost in between "
        f"gives a ratio in between, so {max(today, free):.2f}× at most with today's serial "
        "part, checks and writes"
    )
    if max(today, free) < 4:
        if free >= today:
            need, now = (plain - plain_render) / 4, serial + rest / cores
            what = "the serial part + (checks + writes) / cores, even with free rendering"
        else:
            need, now = plain / 4, floor
            what = (
                "the whole bound (cheaper rendering lowers the ratio: the plain freeze gains "
                "as much)"
            )
        lines.append(f"- ≥ 4× needs {what}, ≤ {need:.2f} s (now {now:.2f} s)")

    if hugo:
        share = max(0.0, cores * (2 * hugo - serial) / (render + rest))
        lines.append(
            f"- bound / Hugo ({hugo} s) = {floor / hugo:.1f}× (target ≤ 2×): the parallel parts "
            f"would have to cost at most {share:.0%} of today"
        )
    full = p["full build with search"]
    budget = 0.05 * full
    shard = p["largest shard: search copies"] + p["largest shard: Pagefind"]
    per_page = shard / p["largest shard pages"]
    change = p["start-up"] + p["read and hash content"]
    lines += [
        "",
        f"**Rebuild after a text change in the largest search shard (as in the benchmark), "
        f"lower bound**: start-up {p['start-up']:.2f} s + reading and hashing content "
        f"{p['read and hash content']:.2f} s + re-indexing the shard "
        f"({p['largest shard pages']:,.0f} pages: copies and Pagefind {shard:.2f} s) "
        f"= {change + shard:.2f} s",
        f"- 5 % of the full build with search ({full:.2f} s) is {budget:.2f} s; "
        f"the bound is {100 * (change + shard) / full:.1f} %",
        f"- the rebuild's own fixed cost today (nothing changed: loading the state and the "
        f"cached content, input digests, checks from the reports, swap) is "
        f"{p['rebuild, nothing changed']:.2f} s, "
        f"{100 * p['rebuild, nothing changed'] / full:.1f} % on its own",
    ]
    fits = int((budget - change) / per_page)
    if fits < 1:
        lines.append("- start-up and reading the content use up the budget before any indexing")
        return lines
    cut = shards(found, fits)
    lines.append(
        f"- re-indexing costs {1000 * per_page:.2f} ms a page, so within the budget a shard "
        f"holds at most {fits:,} pages: {p['searchable pages']:,.0f} searchable pages need "
        f"{-(-int(p['searchable pages']) // fits)} shards if cut evenly; today's rule "
        f"(section, year, quarter) with that limit cuts {len(cut)}, the largest "
        f"{max(map(len, cut.values())):,} pages (now {p['shards']:.0f})"
    )
    return lines


def main() -> None:
    """Generate the content, measure the parts and the builds, print the bounds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="scratch folder (default: on /dev/shm)")
    args = parser.parse_args()
    base = "/dev/shm" if Path("/dev/shm").is_dir() else None
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-limits-", dir=base))
    try:
        report = run(work, args.decisions, args.seed)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print("\n".join(report))


def run(work: Path, decisions: int, seed: int) -> list[str]:
    """Measure in ``work``, (re)generating its content for ``decisions`` and ``seed``."""
    work.mkdir(parents=True, exist_ok=True)
    for name in CREATED:  # a previous run's outputs and caches (folders and files)
        path = work / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    content, stamp = work / "content", work / "content.json"
    wanted = json.dumps({"decisions": decisions, "seed": seed})
    if not content.exists() or not stamp.exists() or stamp.read_text() != wanted:
        shutil.rmtree(content, ignore_errors=True)
        print(f"content: {BENCH._generator().generate(content, decisions, seed)}", flush=True)
        stamp.write_text(wanted)
    parts, found = measure_parts(content, work)
    parts.update(measure_builds(content, work))
    cores = len(os.sched_getaffinity(0))
    where = "RAM, tmpfs" if str(work.resolve()).startswith("/dev/shm") else "disk"
    lines = [f"output in {work} ({where})"]
    return lines + bounds(parts, found, cores, BENCH.HUGO_SECONDS.get(decisions))


if __name__ == "__main__":
    main()
