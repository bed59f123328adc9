"""Recall of the three search indexes of ``bench/hugo_compare.py``, queried in Chromium.

Queries are taken from the records: the village names the generator writes into the
违法事实, some decision numbers and some firms' names. A decision page *should* be found
when its text contains the query (Ctrl+F, punctuation ignored); the check counts, per
query, the expected decision pages each index returns. gongshi's index (every shard
merged, as its search page merges them) and the *split* Hugo index are queried as
``site/static/search.js`` queries: each run of letters and digits a quoted phrase of
single characters, the pages found by every run. The *stock* index gets the query as a
visitor types it, Pagefind splitting it with the browser's ``Intl.Segmenter``.

Needs Debian's Chromium (``/usr/bin/chromium``) and Playwright, as the browser tests do.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import random
import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from gen_content import VILLAGES

from admin.content.store import read_dataset

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
#: Decision numbers and firm names asked for, besides every village.
SAMPLED = 4

#: Load Pagefind once per page (first index primary, the others merged), then search.
_SEARCH = """async ([paths, query, mode]) => {
  if (!window.__pagefind) {
    const module = await import(paths[0] + "pagefind.js");
    const instance = module.createInstance({ basePath: paths[0] });
    await Promise.all(paths.slice(1).map((path) => instance.mergeIndex(path)));
    window.__pagefind = instance;
  }
  const pagefind = window.__pagefind;
  let hits;
  if (mode === "stock") {
    hits = (await pagefind.search(query)).results;
  } else {
    const runs = query.normalize("NFKC").split(/\\s+/)
      .map((run) => Array.from(run).filter((ch) => /[\\p{L}\\p{N}]/u.test(ch)).join(""))
      .filter((run) => run.length > 0);
    for (const run of runs) {
      const found = (await pagefind.search('"' + Array.from(run).join(" ") + '"')).results;
      const ids = new Set(found.map((r) => r.id));
      hits = hits === undefined ? found : hits.filter((r) => ids.has(r.id));
    }
  }
  return Promise.all(hits.map((r) => r.data().then((d) => d.meta.url || d.url)));
}"""

_DECISION = re.compile(r"penalties/(\d{4}-\d+)")


def _folded(text: str) -> str:
    """Return ``text`` NFKC-folded, letters and digits only (punctuation ignored)."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def queries_and_expected(content: Path, seed: int = 15) -> dict[str, set[str]]:
    """Return each query with the slugs of the decisions whose text contains it."""
    records = read_dataset(content, "penalties")
    texts = {r.slug: _folded(" ".join(str(v) for v in r.meta.values()) + r.body) for r in records}
    rng = random.Random(seed)
    numbers = [r.meta["decision_no"] for r in rng.sample(records, SAMPLED)]
    firms = sorted({str(r.meta["party_name"]) for r in records if "公司" in r.meta["party_name"]})
    queries = [*VILLAGES, *numbers, *rng.sample(firms, min(SAMPLED, len(firms)))]
    return {q: {slug for slug, text in texts.items() if _folded(q) in text} for q in queries}


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def indexes(run: Path) -> dict[str, tuple[Path, list[str], str]]:
    """Return each index: the site root, its Pagefind bundle paths, the query mode."""
    gongshi = Path(os.path.realpath(run / "gongshi" / "build"))
    bundles = json.loads((gongshi / "search/index/bundles.json").read_text(encoding="utf-8"))
    shards = [f"/search/index/{name}/" for name in sorted(bundles["shards"])]
    found = {
        "gongshi": (gongshi, shards, "split"),
        "Hugo + Pagefind, split": (run / "hugo-split", ["/pagefind/"], "split"),
        "Hugo + Pagefind, stock": (run / "hugo-stock", ["/pagefind/"], "stock"),
    }
    if (run / "hugo-stock" / "pagefind-extended").is_dir():
        found["Hugo + Pagefind extended"] = (run / "hugo-stock", ["/pagefind-extended/"], "stock")
    return found


def check(content: Path, run: Path, today: dt.date) -> str:
    """Query every index; return the recall per query and overall as Markdown."""
    if not Path(CHROMIUM).exists():
        return "recall: skipped (needs /usr/bin/chromium: apt-get install chromium)"
    from playwright.sync_api import sync_playwright

    expected = queries_and_expected(content)
    found: dict[str, dict[str, set[str]]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, (root, paths, mode) in indexes(run).items():
            context = browser.new_context(bypass_csp=True)
            page = context.new_page()
            with serve(root) as base:
                page.goto(base + "/")
                found[name] = {}
                for query in expected:
                    urls = page.evaluate(_SEARCH, [paths, query, mode])
                    found[name][query] = {
                        m.group(1) for url in urls if (m := _DECISION.search(url))
                    }
            context.close()
        browser.close()
    names = list(found)
    lines = [
        f"Recall on decision pages (build day {today}): found of expected; "
        "+n = decision pages found that do not contain the query",
        "",
        "| query | expected | " + " | ".join(names) + " |",
        "|---|---:|" + "---:|" * len(names),
    ]
    totals = dict.fromkeys(names, 0)
    for query, wanted in expected.items():
        cells = []
        for name in names:
            got = found[name][query]
            totals[name] += len(got & wanted)
            extra = len(got - wanted)
            cells.append(f"{len(got & wanted):,}" + (f" +{extra:,}" if extra else ""))
        lines.append(f"| {query} | {len(wanted):,} | " + " | ".join(cells) + " |")
    relevant = sum(len(wanted) for wanted in expected.values())
    recall = " | ".join(f"{100 * totals[n] / relevant:.1f} %" for n in names)
    lines.append(f"| **recall** | {relevant:,} | {recall} |")
    return "\n".join(lines)
