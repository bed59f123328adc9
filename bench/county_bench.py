"""County scale, measured (issue 16, item 6): import, build, rebuild, search, back office.

Usage: ``python bench/county_bench.py [--scale 1.0] [--seed 16] [--work DIR]
[--databases sqlite postgresql] [--pg URL] [--skip build search load] [--duration 60]``
or ``python bench/county_bench.py --replicate CONTENT FACTOR`` (the build, rebuild and
search parts only, on a county's published ``content/`` copied FACTOR times), or
``python bench/county_bench.py --rebuild-only FOLDER [--code TREE]`` (the full build, one
publish and the rebuild on a loaded county's copy, FOLDER holding ``instance/`` and
``content/`` and ``FOLDER/../files`` the generated files; ``--code`` runs another
checkout's ``gongshi``, to compare two versions on the same content).

A generated county (``county_gen.py``: a 县人民政府 and 20 bodies, their officers and
items, 100,000 penalty decisions over five years, 30,000 inspections, 5,000 information
items, times ``--scale``) is loaded on a fresh instance per database through the public
commands: ``gongshi init --new-site``, ``gongshi import subjects|officers|items FILE
--publish`` and ``gongshi import penalties FILE --publish`` (one file per year), each
timed. Inspections and information items have no import command: they are saved and
published by the application's publishing functions (``county_gen.publish_jsonl``, what
the back office's 公示 button calls), timed the same way. On the first database it then
measures ``gongshi build --full`` (wall, CPU and peak PSS of the whole process tree, as
``build_bench.py``), the rebuild after one decision published with ``import penalties
--publish``, and the bytes a browser fetches for a first search over all sections
(headless Chromium, each query in a new context). On every database it runs
``load_backoffice.py``'s 20 users against the instance (no concurrent build). It prints
a table of figures with pass or fail per target and exits 0: it is a bench, not a test.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

import county_gen  # noqa: E402
import load_backoffice  # noqa: E402
from build_bench import timed_run  # noqa: E402
from hugo_recall import serve  # noqa: E402

PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5441/"
GONGSHI = load_backoffice.GONGSHI
QUERIES = ("鸣沙镇", "罚款", "鸣沙镇 罚款")
#: Targets of issue 16, item 6.
BUILD_S, BUILD_MIB, REBUILD_S, SEARCH_KB, LIST_P95_MS = 600, 2048, 10, 300, 300


@dataclass
class Run:
    """One measured command."""

    name: str
    seconds: float
    cpu: float
    peak_mib: float
    output: str


def measure(name: str, argv: list[str], cwd: Path, env: dict[str, str]) -> Run:
    """Run ``argv``; return wall time, CPU of the tree and its peak PSS (``build_bench``)."""
    timed = timed_run(argv, cwd=cwd, env=env, merge_stderr=True)
    if timed.returncode != 0:
        raise SystemExit(f"{name} failed ({timed.returncode}):\n{timed.output[-3000:]}")
    seconds, cpu = timed.seconds, timed.cpu
    run = Run(name, seconds, cpu, timed.peak_mib, timed.output)
    print(f"  {name}: {seconds:.1f} s, CPU {cpu:.1f} s, {run.peak_mib:,.0f} MiB", flush=True)
    return run


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def fresh_database(kind: str, pg: str, name: str) -> str | None:
    """Return the URL of a new empty database (None: the instance's SQLite file)."""
    if kind == "sqlite":
        return None
    import psycopg

    base = pg.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(base + "postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return pg + name


def load_county(folder: Path, files: Path, env: dict[str, str], written: dict) -> list[Run]:
    """Make the instance and import everything through the public commands; return timings."""
    folder.mkdir(parents=True)
    runs = [
        measure(
            "init --new-site",
            [*GONGSHI, "init", "--new-site", county_gen.COUNTY, "--base-url",
             "https://county.example.gov.cn/gongshi/"],
            folder, env,
        )
    ]  # fmt: skip
    for kind in ("subjects", "officers", "items"):
        path, rows = written[kind]
        argv = [*GONGSHI, "import", kind, str(path), "--publish"]
        runs.append(measure(f"import {kind} ({rows:,} rows)", argv, folder, env))
    for path, rows in written["penalties"]:
        argv = [*GONGSHI, "import", "penalties", str(path), "--publish"]
        runs.append(
            measure(f"import penalties {path.stem[-4:]} ({rows:,} rows)", argv, folder, env)
        )
    for kind in ("inspections", "info"):
        path, rows = written[kind]
        argv = [sys.executable, str(HERE / "county_gen.py"), kind, str(path)]
        runs.append(measure(f"publish {kind} ({rows:,}, publishing functions)", argv, folder, env))
    return runs


def html_pages(build: Path) -> int:
    """Count the site's HTML pages (the search index's own files left out)."""
    tree = build.resolve()
    return sum(1 for p in tree.rglob("*.html") if "search/index" not in p.as_posix())


def build_and_rebuild(folder: Path, files: Path, env: dict[str, str]) -> dict[str, object]:
    """Full build, the second tree (untimed), one publish, the rebuild; return figures."""
    build = [*GONGSHI, "build", "--content", "content", "--out", "build"]
    full = measure("gongshi build --full (search included)", [*build, "--full"], folder, env)
    pages = html_pages(folder / "build")
    # A build renders into the idle one of two trees: the first build after a full one
    # makes the second tree from nothing, so it is run before the timed rebuild.
    measure("(second tree, not reported)", build, folder, env)
    one = [*GONGSHI, "import", "penalties", str(files / "penalty-new.csv"), "--publish"]
    publish = measure("import penalties (1 new decision) --publish", one, folder, env)
    rebuild = measure("gongshi build after one publish", build, folder, env)
    return {"full": full, "pages": pages, "publish": publish, "rebuild": rebuild}


_FIRST_QUERY = """async (query) => {
  const box = document.getElementById("search");
  const until = (ready) => new Promise((resolve) => {
    const check = () => (ready() ? resolve() : setTimeout(check, 5));
    check();
  });
  document.getElementById("search-q").value = query;
  document.querySelector("#search-form button[type=submit]").click();
  await until(() => ["done", "error"].includes(box.dataset.state));
  const list = document.getElementById("search-results");
  return {state: box.dataset.state, count: Number(list.dataset.count || 0),
    complete: list.dataset.complete === "true", searched: Number(list.dataset.searched || 0),
    shards: Number(list.dataset.shards || 0), shown: list.children.length};
}"""


def search_bytes(build: Path) -> list[dict[str, object]]:
    """Return, per query, what a new browser fetches to open the search page and ask it."""
    from playwright.sync_api import sync_playwright

    from tests.browsersupport import CHROMIUM, CHROMIUM_FLAGS

    results = []
    with sync_playwright() as playwright, serve(build.resolve()) as base:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for query in QUERIES:
            context = browser.new_context()
            page = context.new_page()
            fetched: list[tuple[str, int, int]] = []
            page.on("response", lambda r, into=fetched: into.append((r.url, *_sizes(r))))
            page.goto(base + "/search/index.html")
            page.wait_for_selector("#search[data-ready=true]")
            answer = page.evaluate(_FIRST_QUERY, query)
            page.wait_for_load_state("networkidle")
            parts: dict[str, int] = {}
            for url, _, sent in fetched:
                parts[_part(url)] = parts.get(_part(url), 0) + sent
            search = [(raw, sent) for url, raw, sent in fetched if "/search/index/" in url]
            results.append(
                {"query": query, "hits": answer["count"], "state": answer["state"],
                 "complete": answer["complete"], "searched": answer["searched"],
                 "shards": answer["shards"], "shown": answer["shown"],
                 "requests": len(fetched), "search_raw": sum(r for r, _ in search),
                 "search": sum(s for _, s in search),
                 "total": sum(s for _, _, s in fetched), "parts": parts}
            )  # fmt: skip
            context.close()
        browser.close()
    return results


def hits_found(found: dict[str, object]) -> str:
    """Say how many hits the first search found, and in how many of the shards.

    The search page searches the shards newest first and stops after a page of results
    (``site/static/search.js``): a common term's first search is partial.
    """
    if not found["shards"]:  # a search page from before progressive search
        return f"{found['hits']:,} hits, {found['shown']} shown"
    where = "all" if found["complete"] else "the newest"
    return (
        f"{found['hits']:,} hits, {found['shown']} shown, in {where} {found['searched']} "
        f"of {found['shards']} shards"
    )


def _sizes(response) -> tuple[int, int]:
    """Return a response's bytes as served here and as a web server gzipping text sends them.

    Pagefind's index, fragments and wasm are gzip files already; its JavaScript, the page,
    CSS and JSON are text a server compresses (the test server here does not).
    """
    body = response.body()
    kind = response.headers.get("content-type", "")
    text = kind.startswith("text/") or any(t in kind for t in ("javascript", "json", "svg"))
    return len(body), len(gzip.compress(body, 6)) if text else len(body)


def _part(url: str) -> str:
    name = url.rsplit("/", 1)[-1]
    if "/search/index/" not in url:
        return "page (HTML, CSS, site JS)"
    for marker, part in (("pf_fragment", "fragments"), ("pf_index", "index chunks"),
                         ("pf_meta", "meta"), ("pf_filter", "filters"), ("wasm.", "wasm"),
                         ("entry", "entry"), ("pagefind", "pagefind JS")):  # fmt: skip
        if marker in name:
            return part
    return "other search files"


def replicated_build(content: Path, factor: int, work: Path) -> list[str]:
    """Build ``content`` replicated ``factor`` times: full, one new decision, rebuild, search."""
    folder = work / f"x{factor}"
    folder.mkdir(parents=True)
    added = county_gen.replicate(content, folder / "content", factor)
    print(f"replicated: {added:,} files added (load {load_average()})", flush=True)
    env = load_backoffice.command_env(folder)
    build = [*GONGSHI, "build", "--content", "content", "--out", "build"]
    full = measure("gongshi build --full", [*build, "--full"], folder, env)
    pages = html_pages(folder / "build")
    measure("(second tree, not reported)", build, folder, env)
    # What publishing one more decision writes: one file (a 2026 decision, a new number).
    newest = sorted((folder / "content" / "penalties").glob("2026-0*.md"))[-1]
    text = re.sub(r"〔2026〕(\d+)号", "〔2026〕99998号", newest.read_text(encoding="utf-8"))
    (folder / "content" / "penalties" / "2026-99998.md").write_text(text, encoding="utf-8")
    rebuild = measure("gongshi build after one new decision", build, folder, env)
    lines = [
        f"| full build with search, ×{factor} | {full.seconds:.1f} | {full.cpu:.1f} "
        f"| {full.peak_mib:,.0f} | {pages:,} pages "
        f"| {verdict(full.seconds <= BUILD_S and full.peak_mib <= BUILD_MIB)} |",
        f"| rebuild after one new decision | {rebuild.seconds:.1f} | {rebuild.cpu:.1f} "
        f"| {rebuild.peak_mib:,.0f} | {rebuild.output.strip().splitlines()[-1]} "
        f"| {verdict(rebuild.seconds <= REBUILD_S)} |",
    ]
    for found in search_bytes(folder / "build"):
        lines.append(
            f"| first search «{found['query']}» | | | | {found['search'] / 1000:,.0f} KB "
            f"({found['search_raw'] / 1000:,.0f} KB uncompressed; {found['requests']} requests; "
            f"{hits_found(found)}) | {verdict(found['search'] <= SEARCH_KB * 1000)} |"
        )
    return lines


def back_office(folder: Path, env: dict[str, str], users: int, duration: float) -> dict:
    """Run load_backoffice's users against the instance; return its percentiles."""
    status, stats = load_backoffice.run_on(folder, env, users, duration, 20_000, 8, False, 1.0)
    lists = [v for page, values in stats.pages.items() if page.startswith("GET /penalties/")
             for v in values]  # fmt: skip
    p95 = {page: load_backoffice.percentile(v, 0.95) for page, v in stats.pages.items()}
    return {
        "dashboard_p95": p95.get("GET /", 0.0),
        "detail_p95": p95.get("GET /records/penalties/N", 0.0),
        "reads_p95": load_backoffice.percentile(stats.reads, 0.95),
        "writes_p95": load_backoffice.percentile(stats.writes, 0.95),
        "lists_p95": load_backoffice.percentile(lists, 0.95),
        "errors": len(stats.errors),
        "requests": stats.count(),
        "status": status,
    }


def verdict(ok: bool) -> str:
    return "pass" if ok else "**fail**"


def rebuild_only(folder: Path, code: Path | None) -> int:
    """Measure the full build, one publish and the rebuild on the loaded county ``folder``."""
    env = load_backoffice.command_env(folder.resolve())
    if code is not None:
        env["PYTHONPATH"] = str(code.resolve())
    print(f"{folder} with {code or ROOT}; load average {load_average()}", flush=True)
    got = build_and_rebuild(folder.resolve(), folder.resolve().parent / "files", env)
    said = [ln for ln in got["rebuild"].output.splitlines() if "重新生成" in ln]
    print(f"{got['pages']:,} HTML pages; rebuild: {' '.join(said) or '(no count printed)'}")
    print(f"load after {load_average()}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--work", type=Path, help="scratch folder (default: new, on /dev/shm)")
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--pg", default=PG_URL, help="PostgreSQL server URL, ending in /")
    parser.add_argument("--skip", nargs="*", default=[], choices=("build", "search", "load"))
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument(
        "--replicate",
        nargs=2,
        metavar=("CONTENT", "FACTOR"),
        help="only build CONTENT (a county's published content/) copied FACTOR times",
    )
    parser.add_argument("--rebuild-only", type=Path, metavar="FOLDER")
    parser.add_argument("--code", type=Path, help="with --rebuild-only: the checkout to run")
    args = parser.parse_args()
    if args.rebuild_only:
        return rebuild_only(args.rebuild_only, args.code)
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else None
    work = args.work or Path(tempfile.mkdtemp(prefix="gongshi-county-", dir=base))
    print(f"work: {work}; load average {load_average()}", flush=True)
    if args.replicate:
        found = replicated_build(Path(args.replicate[0]), int(args.replicate[1]), work)
        head = [
            "| step | wall s | CPU s | peak MiB | figure | target |",
            "|---|---:|---:|---:|---|---|",
        ]
        print("\n".join([*head, *found, "", f"load after {load_average()}"]))
        return 0
    files = work / "files"
    started = time.monotonic()
    written = county_gen.generate(files, args.scale, args.seed)
    print(f"generated in {time.monotonic() - started:.1f} s", flush=True)
    lines = [f"scale {args.scale}, seed {args.seed}; load before {load_average()}", ""]
    lines += ["| step | database | wall s | CPU s | peak MiB | figure | target |",
              "|---|---|---:|---:|---:|---|---|"]  # fmt: skip
    for number, kind in enumerate(args.databases):
        folder = work / kind
        url = fresh_database(kind, args.pg, f"county_{str(args.scale).replace('.', '_')}")
        env = load_backoffice.command_env(folder, url)
        print(f"{kind}: loading (load {load_average()})", flush=True)
        runs = load_county(folder, files, env, written)
        for run in runs:
            lines.append(f"| {run.name} | {kind} | {run.seconds:.1f} | {run.cpu:.1f} "
                         f"| {run.peak_mib:,.0f} | | |")  # fmt: skip
        total = sum(r.seconds for r in runs)
        lines.append(f"| import, all files | {kind} | {total:.1f} | | | | |")
        if number == 0 and "build" not in args.skip:
            print(f"{kind}: building (load {load_average()})", flush=True)
            got = build_and_rebuild(folder, files, env)
            full, rebuild = got["full"], got["rebuild"]
            ok = full.seconds <= BUILD_S and full.peak_mib <= BUILD_MIB
            lines.append(f"| full build with search | — | {full.seconds:.1f} | {full.cpu:.1f} "
                         f"| {full.peak_mib:,.0f} | {got['pages']:,} pages "
                         f"| ≤ 600 s, ≤ 2,048 MiB: {verdict(ok)} |")  # fmt: skip
            pub = got["publish"]
            lines.append(f"| publish one decision | {kind} | {pub.seconds:.1f} | {pub.cpu:.1f} "
                         f"| {pub.peak_mib:,.0f} | | |")  # fmt: skip
            lines.append(f"| rebuild after one publish | — | {rebuild.seconds:.1f} "
                         f"| {rebuild.cpu:.1f} | {rebuild.peak_mib:,.0f} | "
                         f"| ≤ 10 s: {verdict(rebuild.seconds <= REBUILD_S)} |")  # fmt: skip
            if "search" not in args.skip:
                for found in search_bytes(folder / "build"):
                    kb = found["search"] / 1000
                    detail = ", ".join(f"{k} {v / 1000:,.0f}" for k, v in found["parts"].items())
                    lines.append(
                        f"| first search «{found['query']}» | — | | | "
                        f"| {kb:,.0f} KB search files, text gzipped "
                        f"({found['search_raw'] / 1000:,.0f} KB uncompressed; "
                        f"{found['total'] / 1000:,.0f} KB with the page; "
                        f"{found['requests']} requests; {hits_found(found)}; {detail}) "
                        f"| ≤ 300 KB: {verdict(kb <= SEARCH_KB)} |"
                    )
        if "load" not in args.skip:
            print(f"{kind}: back office, {args.users} users (load {load_average()})", flush=True)
            got = back_office(folder, env, args.users, args.duration)
            ok = got["lists_p95"] <= LIST_P95_MS and not got["errors"]
            lines.append(
                f"| back office, {args.users} users, {args.duration:.0f} s | {kind} | | | "
                f"| reads p95 {got['reads_p95']:.0f} ms, lists p95 {got['lists_p95']:.0f} ms, "
                f"dashboard p95 {got['dashboard_p95']:.0f} ms, "
                f"record page p95 {got['detail_p95']:.0f} ms, "
                f"writes p95 {got['writes_p95']:.0f} ms, {got['requests']:,} requests, "
                f"{got['errors']} errors | lists ≤ 300 ms: {verdict(ok)} |"
            )
    lines += ["", f"load after {load_average()}"]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
