"""Time loading the parse cache as plain-data pickle (today) against JSON (before).

Usage, after one ``gongshi build --out OUT`` of a generated site (bench/README.md):

    python bench/cache_load.py OUT

It reads the parse cache beside ``OUT`` as the build does (every entry checked, as a
rebuild uses them all), writes the same entries as the JSON the build wrote before (#16)
to a temporary folder, loads those the way that code did (dates decoded from their tags),
and prints both times (best of 15, interleaved) and their ratio. The trees' states and the
Markdown cache are JSON still.
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from admin.content import parsecache
from admin.content.datapickle import load_data
from admin.content.memofile import decode_value, encode_value, load_json, save_json
from admin.freeze import incremental


def best_of(runs: int, *works: Callable[[], object]) -> list[float]:
    """Return the shortest timing of each of ``works`` in ms, runs interleaved.

    Interleaving makes a busy machine slow both formats alike, not one of them.
    """
    times: list[list[float]] = [[] for _ in works]
    gc.disable()  # as the build does while it reads content/ (workers.collector_paused)
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
    parse_file = incremental.state_dir(out) / incremental.PARSE_CACHE_NAME
    version = parsecache._PARSER_VERSION
    stored = load_data(parse_file, version)
    assert isinstance(stored, dict), f"no parse cache of this code at {parse_file}"
    files = stored.pop("files")

    def load_pickled() -> None:
        entries = load_data(parse_file, version)
        entries.pop("files")
        checked: set[int] = set()
        for meta, _ in entries.values():
            parsecache._is_toml(meta, checked)

    with tempfile.TemporaryDirectory() as temporary:
        as_json = Path(temporary) / "content-cache.json"
        entries = {key: [encode_value(meta), body] for key, (meta, body) in stored.items()}
        save_json(as_json, version, {**entries, "files": files})

        def load_as_json() -> None:
            for key, entry in load_json(as_json, version).items():
                if key != "files":
                    decode_value(entry[0])

        json_size = as_json.stat().st_size
        before, after = best_of(15, load_as_json, load_pickled)
    print(f"{len(stored)} parsed files, {len(files)} signatures")
    print(f"JSON   (before): {before:.1f} ms, {json_size / 1e6:.1f} MB on disk")
    print(f"pickle (after):  {after:.1f} ms, {parse_file.stat().st_size / 1e6:.1f} MB on disk")
    print(f"ratio pickle/JSON: {after / before:.2f}")


if __name__ == "__main__":
    main()
