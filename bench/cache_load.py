"""Time loading a build's caches as JSON (today) against pickle (before), on the same data.

Usage, after one ``gongshi build --out OUT`` of a generated site (bench/README.md):

    python bench/cache_load.py OUT

It reads the JSON state of the newest tree, the parse cache and the Markdown cache beside
``OUT`` as the build does (every parse-cache entry decoded, as a full rebuild uses them),
writes the same values in the old pickle format to a temporary folder, loads those the
way the old code did, and prints both times (best of 15, interleaved) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from admin.content.memofile import decode_value, load_json, load_memo
from admin.freeze import incremental
from admin.freeze.statefile import decode_state


def best_of(runs: int, *works: Callable[[], object]) -> list[float]:
    """Return the shortest timing of each of ``works`` in ms, runs interleaved.

    Interleaving makes a busy machine slow both formats alike, not one of them.
    """
    times: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, spent in zip(works, times, strict=True):
            started = time.perf_counter()
            work()
            spent.append(time.perf_counter() - started)
    return [min(spent) * 1000 for spent in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    out = parser.parse_args().out
    folder = incremental.state_dir(out)
    state_file = max(folder.glob(".*.json"), key=lambda p: p.stat().st_mtime)
    parse_file = folder / incremental.PARSE_CACHE_NAME
    markdown_file = folder / incremental.CONVERSION_CACHE_NAME

    def load_json_caches() -> None:
        state = decode_state(load_json(state_file, incremental.RULE_VERSION))
        assert state is not None
        for entry in load_memo(parse_file, _version(parse_file)).values():
            decode_value(entry)
        load_memo(markdown_file, _version(markdown_file))

    state = incremental.TreeState(*decode_state(load_json(state_file, incremental.RULE_VERSION)))
    parsed = {
        key: pickle.dumps(tuple(decode_value(entry)), pickle.HIGHEST_PROTOCOL)
        for key, entry in load_memo(parse_file, _version(parse_file)).items()
    }
    markdown = load_memo(markdown_file, _version(markdown_file))
    with tempfile.TemporaryDirectory() as temporary:
        old = Path(temporary)
        for name, payload in (("state", state), ("parse", parsed), ("markdown", markdown)):
            (old / name).write_bytes(pickle.dumps(("v", payload), pickle.HIGHEST_PROTOCOL))

        def load_pickled_caches() -> None:
            pickle.loads((old / "state").read_bytes())
            for blob in pickle.loads((old / "parse").read_bytes())[1].values():
                pickle.loads(blob)
            pickle.loads((old / "markdown").read_bytes())

        before, after = best_of(15, load_pickled_caches, load_json_caches)
    sizes = sum(p.stat().st_size for p in (state_file, parse_file, markdown_file))
    print(f"{len(state.reports)} file reports, {len(parsed)} parsed files, {len(markdown)} bodies")
    print(f"pickle (before): {before:.1f} ms")
    print(f"JSON   (after):  {after:.1f} ms, {sizes / 1e6:.1f} MB on disk")
    print(f"ratio JSON/pickle: {after / before:.2f}")


def _version(path: Path) -> str:
    """Return the code version a memo file was written by (this checkout's build wrote it)."""
    return json.loads(path.read_text(encoding="utf-8"))["version"]


if __name__ == "__main__":
    main()
