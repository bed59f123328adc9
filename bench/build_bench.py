"""Benchmark the build on a generated county-scale ``content/``, against a plain freeze.

Usage: ``python bench/build_bench.py [--decisions 10000] [--seed 7] [--work DIR]``

For the same content, in one run, each step in its own process (timed from outside,
start-up and reading ``content/`` included): the full build without and with search,
the plain documented Frozen-Flask freeze (one process, one URL at a time, no checks),
and incremental rebuilds after nothing changed, after one record's text changed and
after one record was withdrawn. Peak memory is the largest sum of the memory of the
step's whole process tree (proportional set sizes, so pages forked workers share are
counted once; sampled from /proc every 50 ms); CPU is user + system time of the tree.
Output goes to /dev/shm (RAM) when it exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-27"
#: Hugo's figures on this machine's kind, from issue 7 (10,000 decisions, 15,750 pages).
HUGO_SECONDS = {1_000: None, 10_000: 2.6, 30_000: 13.0}
PAGEFIND_SECONDS = {1_000: None, 10_000: 18.0, 30_000: 72.0}


@dataclass
class Step:
    """One measured step."""

    name: str
    seconds: float
    cpu: float
    peak_mib: float
    pages: int = 0


def _tree_pss_kib(root_pid: int) -> int:
    """Return the summed proportional set size of ``root_pid`` and its descendants, in KiB.

    PSS counts a page shared by n processes as 1/n in each: forked workers share the
    parent's memory copy-on-write, and summing their resident sets would count it n times.
    """
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += _pss_kib(pid)
        stack.extend(children.get(pid, ()))
    return total


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class Timed:
    """What :func:`timed_run` measured of one command."""

    seconds: float
    cpu: float
    peak_mib: float
    returncode: int
    output: str


def timed_run(
    argv: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    merge_stderr: bool = False,
) -> Timed:
    """Run ``argv`` in a child process; return its wall time, its tree's CPU time, its peak
    tree memory (PSS, sampled every 50 ms) and its output (with stderr if ``merge_stderr``).

    The one measuring loop of the benches (build_bench, hugo_compare, county_bench).
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT if merge_stderr else None,
        text=True,
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_pss_kib(process.pid))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.monotonic() - started
    stop.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(seconds, cpu, peak / 1024, process.returncode, output)


def measure(name: str, argv: list[str]) -> Step:
    """Run ``argv`` in a child process; return its wall time, CPU and peak tree memory."""
    run = timed_run(argv)
    if run.returncode != 0:
        raise SystemExit(f"{name} failed ({run.returncode}): {run.output}")
    pages = int(run.output.strip().splitlines()[-1]) if run.output.strip() else 0
    return Step(name, run.seconds, run.cpu, run.peak_mib, pages)


def child(mode: str, content: Path, out: Path) -> None:
    """Run one step in this process (called by ``measure``); print the page count."""
    from admin.freeze.progress import Progress

    today = dt.date.fromisoformat(TODAY)
    if mode == "plain":
        from admin.freeze.freeze import plain_freeze, site_app

        out.mkdir(parents=True)
        print(len(plain_freeze(site_app(content, today), out)))
        return
    from admin.freeze.pipeline import build_site

    result = build_site(
        content,
        out,
        today,
        Progress(quiet=True),
        incremental=mode == "incremental",
        search=mode != "nosearch",
    )
    print(result.pages)


def _generator():
    spec = importlib.util.spec_from_file_location("gen_content", HERE / "gen_content.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _edit(path: Path, change) -> None:
    from admin.domain.contentfile import parse_content_file, serialize_content_file

    parsed = parse_content_file(path.read_text(encoding="utf-8"))
    meta, body = change(dict(parsed.meta), parsed.body)
    path.write_text(serialize_content_file(meta, body), encoding="utf-8")


def _withdraw(meta: dict, body: str) -> tuple[dict, str]:
    from admin.domain.contentfile import notice_meta

    day = dt.date.fromisoformat(TODAY)
    notice = notice_meta(
        meta,
        status="withdrawn",
        notice_date=day,
        reason="决定已被依法撤销。",
        basis="《中华人民共和国行政处罚法》第四十八条",
    )
    return notice, ""


def run(decisions: int, seed: int, work: Path, plain: bool) -> list[Step]:
    """Generate the content and measure every step; return the steps."""
    content = work / "content"
    started = time.monotonic()
    counts = _generator().generate(content, decisions, seed)
    print(f"content: {counts} generated in {time.monotonic() - started:.1f} s", flush=True)
    me = [sys.executable, str(Path(__file__).resolve()), "--child"]

    def step(name: str, mode: str, out: Path) -> Step:
        done = measure(name, [*me, mode, str(content), str(out)])
        print(f"  {done.name}: {done.seconds:.1f} s", flush=True)
        return done

    steps = [step("full build, no search", "nosearch", work / "a" / "build")]
    steps.append(step("full build with search", "full", work / "b" / "build"))
    if plain:
        steps.append(step("plain Frozen-Flask freeze", "plain", work / "plain"))
    out = work / "b" / "build"
    step("(second tree, not reported)", "incremental", out)
    steps.append(step("rebuild, nothing changed", "incremental", out))
    listed = sorted(p for p in (content / "penalties").glob("*.md") if "2026-" in p.name)
    _edit(listed[0], lambda m, b: (m, b.replace("执法人员", "综合执法人员", 1)))
    steps.append(step("rebuild, one record's text changed", "incremental", out))
    _edit(listed[1], _withdraw)
    steps.append(step("rebuild, one record withdrawn", "incremental", out))
    return steps


def report(steps: list[Step], decisions: int, work: Path) -> str:
    """Return the result table as Markdown, with the ratios."""
    by = {s.name: s for s in steps}
    nosearch, full = by["full build, no search"], by["full build with search"]
    lines = [
        f"N = {decisions:,} decisions + {decisions // 2:,} info items, {full.pages:,} pages; "
        f"output in {work} ({'RAM, tmpfs' if str(work).startswith('/dev/shm') else 'disk'}); "
        f"{os.cpu_count()} cores",
        "",
        "| step | wall s | CPU s | pages/s | peak MiB (tree, PSS) | vs full build |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in steps:
        rate = f"{s.pages / s.seconds:,.0f}" if s.name.startswith(("full", "plain")) else ""
        share = f"{100 * s.seconds / full.seconds:.1f} %" if s.name.startswith("rebuild") else ""
        lines.append(
            f"| {s.name} | {s.seconds:.1f} | {s.cpu:.1f} | {rate} | {s.peak_mib:,.0f} | {share} |"
        )
    lines.append("")
    if "plain Frozen-Flask freeze" in by:
        plain = by["plain Frozen-Flask freeze"]
        lines.append(
            f"plain freeze / full build without search: {plain.seconds / nosearch.seconds:.2f}× "
            f"(target ≥ 4×; CPU {plain.cpu / nosearch.cpu:.2f}×)"
        )
    hugo, pagefind = HUGO_SECONDS.get(decisions), PAGEFIND_SECONDS.get(decisions)
    if hugo:
        lines.append(
            f"full build without search / Hugo ({hugo} s, issue 7): "
            f"{nosearch.seconds / hugo:.1f}× (target ≤ 2×)"
        )
        lines.append(
            f"full build with search / Hugo + Pagefind ({hugo + pagefind:.1f} s, issue 7): "
            f"{full.seconds / (hugo + pagefind):.1f}× (target ≤ 1.5×)"
        )
    return "\n".join(lines)


def scaling(results: dict[int, list[Step]]) -> str:
    """Return how time and memory grow with N, per 1,000 pages, as Markdown."""
    lines = [
        "| N | pages | full, no search s | with search s | per 1,000 pages s (no search / search)"
        " | peak MiB (with search) | MiB per 1,000 pages | rebuild, one change s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for decisions, steps in sorted(results.items()):
        by = {s.name: s for s in steps}
        bare, full = by["full build, no search"], by["full build with search"]
        change = by["rebuild, one record's text changed"]
        per = 1000 / full.pages
        lines.append(
            f"| {decisions:,} | {full.pages:,} | {bare.seconds:.1f} | {full.seconds:.1f} "
            f"| {bare.seconds * per:.2f} / {full.seconds * per:.2f} | {full.peak_mib:,.0f} "
            f"| {full.peak_mib * per:.0f} | {change.seconds:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    """Parse the command line, run the benchmark and print the tables."""
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--decisions", type=int, nargs="+", default=[10_000], help="N, or several for scaling"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="scratch folder (default: on /dev/shm)")
    parser.add_argument("--no-plain", action="store_true", help="skip the plain freeze")
    args = parser.parse_args()
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    results: dict[int, list[Step]] = {}
    for decisions in args.decisions:
        work = (args.work or Path(tempfile.mkdtemp(prefix="gongshi-bench-", dir=base))) / str(
            decisions
        )
        try:
            results[decisions] = run(decisions, args.seed, work, not args.no_plain)
            print()
            print(report(results[decisions], decisions, work))
            print(flush=True)
        finally:
            if args.work is None:
                shutil.rmtree(work.parent, ignore_errors=True)
    if len(results) > 1:
        print(scaling(results))


if __name__ == "__main__":
    main()
