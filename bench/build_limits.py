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
import hashlib
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
T = TypeVar("T")


sys.path.insert(0, str(HERE))  # ``bench`` is a folder of scripts, not a package
import build_bench as BENCH  # noqa: E402

TODAY = dt.date.fromisoformat(BENCH.TODAY)


def timed(call: Callable[[], T]) -> tuple[float, T]:
    """Return the wall seconds ``call`` took, and what it returned."""
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def startup_seconds() -> float:
    """Seconds for a new interpreter to import the build (best of three)."""
    argv = [sys.executable, "-c", "import admin.build.pipeline"]
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


def measure_parts(content: Path, work: Path) -> dict[str, float]:
    """Time each part of a full build alone, in this process; return seconds by part."""
    import gc

    from admin.build.conversions import forget_conversions, prepare_conversions
    from admin.build.filecheck import inspect_file
    from admin.build.freeze import plain_freeze, render_into, site_app, site_of, site_url_list
    from admin.build.incremental import site_key, url_inputs
    from admin.build.progress import Progress
    from admin.build.render import request_environ, url_to_path, wsgi_get
    from admin.parsecache import remembering

    parts: dict[str, float] = {"start-up": startup_seconds()}
    parts["read and hash content"], files = timed(lambda: read_and_hash(content))
    gc.disable()  # as the build does
    parts["load content, no cache"], app = timed(lambda: site_app(content, TODAY))
    cache = work / "parse-cache"
    with remembering(cache):
        site_app(content, TODAY)  # fills the cache
    with remembering(cache):
        parts["load content, cached"], app = timed(lambda: site_app(content, TODAY))
    site = site_of(app)
    started = time.perf_counter()
    urls = site_url_list(app)
    url_inputs(site, urls, site_key(site, content))
    parts["URL list and input digests"] = time.perf_counter() - started
    parts["Markdown"], _ = timed(lambda: prepare_conversions(site, work / "conversions", 1))
    environ = request_environ(app, "/")
    parts["render through the app"], bodies = timed(
        lambda: [wsgi_get(app, url, environ)[1] for url in urls]
    )
    names = [url_to_path(url) for url in urls]
    base = site.config["base_url"]
    parts["check every file"], _ = timed(
        lambda: [inspect_file(name, data, base) for name, data in zip(names, bodies, strict=True)]
    )
    parts["write files"], _ = timed(lambda: write_files(work / "written", names, bodies))
    shutil.rmtree(work / "written")
    bodies.clear()
    for workers in (1, 2):
        out = work / f"render-{workers}"
        out.mkdir()
        parts[f"render phase, {workers} worker(s)"], _ = timed(
            lambda out=out, workers=workers: render_into(
                app, urls, out, Progress(quiet=True), workers
            )
        )
    shutil.rmtree(work / "render-1")
    parts["pages"] = len(urls)
    parts["content files"] = files
    parts.update(pagefind_costs(site, work / "render-2"))
    shutil.rmtree(work / "render-2")
    forget_conversions()  # the plain freeze converts Markdown itself, as it always does
    gc.enable()  # and runs with the collector, as a plain program does
    plain, fresh = work / "plain-in-process", site_app(content, TODAY)
    plain.mkdir()
    parts["plain freeze, render only"], _ = timed(lambda: plain_freeze(fresh, plain))
    shutil.rmtree(plain)
    return parts


def write_files(root: Path, names: list[str], bodies: list[bytes]) -> None:
    """Write each body to its file under ``root``, as the render workers do."""
    made: set[Path] = set()
    for name, data in zip(names, bodies, strict=True):
        path = root / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def pagefind_costs(site, root: Path) -> dict[str, float]:
    """Time writing the search copies of the largest shard and indexing them with Pagefind."""
    from pagefind_bin import get_executable

    from admin.build.search import _run_pagefind, _write_copies
    from admin.build.shards import candidates, shards

    files = [str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()]
    members = shards(candidates(site, files))
    name = max(members, key=lambda key: len(members[key]))
    copy, output = root.parent / "search-copies", root.parent / "search-output"
    seconds_copies, count = timed(lambda: _write_copies(root, members[name], copy))
    seconds_pagefind, _ = timed(lambda: _run_pagefind(get_executable(), copy, output))
    shutil.rmtree(copy)
    shutil.rmtree(output)
    return {
        "largest shard pages": count,
        "shards": len(members),
        "largest shard: search copies": seconds_copies,
        "largest shard: Pagefind": seconds_pagefind,
    }


def measure_builds(content: Path, work: Path) -> dict[str, float]:
    """Time the full build with search and the plain freeze, each in its own process."""
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


def bounds(p: dict[str, float], hugo: float | None) -> list[str]:
    """Return the report: each target, the bound the parts set on it, and what it needs."""
    pages = p["pages"]
    serial = p["start-up"] + p["load content, no cache"] + p["URL list and input digests"]
    parallel = p["Markdown"] + p["render through the app"] + p["check every file"]
    parallel += p["write files"]
    floor = serial + parallel / 2
    plain = p["plain freeze"]
    # What Frozen-Flask and its test client add to the same app's render (the plain
    # freeze converts Markdown and writes files too).
    freezer = p["plain freeze, render only"] - (
        p["render through the app"] + p["Markdown"] + p["write files"]
    )
    render = p["render through the app"] + p["Markdown"]
    rest = p["check every file"] + p["write files"]
    speedup = p["render phase, 1 worker(s)"] / p["render phase, 2 worker(s)"]
    lines = [
        f"{pages:,} pages, {p['content files']:,} content files",
        "",
        "| part | seconds | ms per page |",
        "|---|---:|---:|",
    ]
    for name, value in p.items():
        if name in ("pages", "content files", "largest shard pages", "shards"):
            continue
        lines.append(f"| {name} | {value:.2f} | {1000 * value / pages:.3f} |")
    lines += [
        "",
        f"two workers render {speedup:.2f}× as fast as one (the render phase, checks included)",
        f"the plain freeze takes {freezer:.2f} s ({1000 * freezer / pages:.3f} ms a page) more "
        "than the site app's own render, Markdown and writes: Frozen-Flask, its test client "
        "and the cyclic collector",
        "",
        "**Full build without search, lower bound** (serial parts + parallel parts on two "
        f"cores with no overhead): {serial:.2f} + {parallel:.2f} / 2 = {floor:.2f} s",
    ]
    best_ratio = plain / floor
    lines.append(f"- plain freeze {plain:.2f} s / bound = {best_ratio:.2f}× at most (target ≥ 4×)")
    # Rendering faster speeds up the plain freeze as much: with the site app's render and
    # Markdown scaled by k, the ratio is (plain - (1-k) render) / (serial + (k render + rest)/2).
    limit = (plain - render) / (serial + rest / 2)
    lines.append(
        f"- even if rendering and Markdown cost nothing, in both: {limit:.2f}× "
        "(the checks and the serial start stay)"
    )
    if limit < 4:
        lines.append(
            f"- so ≥ 4× needs serial + (checks + writes) / 2 ≤ (plain - rendering) / 4 = "
            f"{(plain - render) / 4:.2f} s even with free rendering "
            f"(now {serial + rest / 2:.2f} s)"
        )
    else:
        k = (plain - render - 4 * serial - 2 * rest) / render
        lines.append(f"- ≥ 4× needs rendering and Markdown at {k:.0%} of their cost today")
    if hugo:
        share = max(0.0, 2 * (2 * hugo - serial) / parallel)
        lines.append(
            f"- bound / Hugo ({hugo} s) = {floor / hugo:.1f}× (target ≤ 2×): the parallel parts "
            f"would have to cost {share:.0%} of today"
        )
    full = p["full build with search"]
    budget = 0.05 * full
    per_page = (p["largest shard: search copies"] + p["largest shard: Pagefind"]) / p[
        "largest shard pages"
    ]
    change = p["start-up"] + p["read and hash content"]
    shard = p["largest shard: search copies"] + p["largest shard: Pagefind"]
    fits = max(0.0, (budget - change) / per_page)
    lines += [
        "",
        f"**Rebuild after one text change, lower bound**: start-up {p['start-up']:.2f} s + "
        f"reading and hashing content {p['read and hash content']:.2f} s + re-indexing its "
        f"shard ({p['largest shard pages']:,.0f} pages: copies and Pagefind {shard:.2f} s) "
        f"= {change + shard:.2f} s",
        f"- 5 % of the full build with search ({full:.2f} s) is {budget:.2f} s; "
        f"the bound is {100 * (change + shard) / full:.1f} %",
        f"- the rebuild's own fixed cost today (nothing changed: loading the state and the "
        f"cached content, input digests, checks from the reports, swap) is "
        f"{p['rebuild, nothing changed']:.2f} s, "
        f"{100 * p['rebuild, nothing changed'] / full:.1f} % on its own",
        f"- search costs {1000 * per_page:.2f} ms a page to re-index; within the budget a "
        f"shard could hold {fits:,.0f} pages, so a search over all {pages:,} pages would "
        f"merge {pages / fits if fits else float('inf'):,.0f} indexes (now {p['shards']:.0f})",
    ]
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
    work.mkdir(parents=True, exist_ok=True)
    content = work / "content"
    for leftover in work.iterdir():  # a previous run's outputs and caches, not its content
        if leftover != content:
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    if not content.exists():
        print(f"content: {BENCH._generator().generate(content, args.decisions, args.seed)}")
    parts = measure_parts(content, work)
    parts.update(measure_builds(content, work))
    print("\n".join(bounds(parts, BENCH.HUGO_SECONDS.get(args.decisions))))


if __name__ == "__main__":
    main()
