"""Time the leak guard's ``scan_tree`` of this checkout against an older commit's, same files.

Each round runs both versions, one after the other, each in its own process (so neither
warms the other's caches), over every built site given; the best of the rounds is
reported with the ratio new / old. The old code is taken from git (``--baseline``), so one
run compares both on the same files and the same machine load.

Example::

    python bench/guard_bench.py --baseline e215d1e build/ /tmp/build1k
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TIMER = """
import sys, time
from admin.freeze.leakguard import scan_tree
for root in sys.argv[1:]:
    started = time.perf_counter()
    found = sum(1 for _ in scan_tree(root))
    print(root, found, time.perf_counter() - started)
"""

#: The same for a guard that keeps what it decoded (``--kept``): one scan as the build
#: before, then the timed one reading the kept texts back.
_KEPT_TIMER = """
import sys, tempfile, time
from pathlib import Path
from admin.freeze.cbortexts import KEPT_KIND
from admin.site.keptfiles import keeping
from admin.freeze.leakguard import scan_tree
out = Path(tempfile.mkdtemp()) / "site"
for root in sys.argv[1:]:
    with keeping(out, [KEPT_KIND]):
        sum(1 for _ in scan_tree(root))
    started = time.perf_counter()
    with keeping(out, [KEPT_KIND]):
        found = sum(1 for _ in scan_tree(root))
    print(root, found, time.perf_counter() - started)
"""


def time_scan(
    code_root: Path, sites: list[str], timer: str = _TIMER
) -> dict[str, tuple[int, float]]:
    """Return {site: (findings, seconds)} of one scan of each site by the code in ``code_root``."""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    out = subprocess.run(
        # Run in ``code_root``: ``python -c`` puts the working folder first on the path, so
        # from a checkout both runs would otherwise import the checkout's own code.
        [sys.executable, "-c", timer, *sites],
        env=env,
        cwd=code_root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {}
    for line in out.splitlines():
        site, found, seconds = line.rsplit(" ", 2)
        result[site] = (int(found), float(seconds))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", nargs="+", help="built site folders")
    parser.add_argument("--baseline", required=True, help="git commit of the old guard")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--kept", action="store_true", help="time this checkout with the texts a build kept"
    )
    args = parser.parse_args()
    args.sites = [os.path.abspath(site) for site in args.sites]  # each run has its own cwd
    with tempfile.TemporaryDirectory() as old_root:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", args.baseline, "admin"],
            capture_output=True,
            check=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", old_root], input=archive, check=True)
        best: dict[tuple[str, str], float] = {}
        found: dict[tuple[str, str], int] = {}
        for _ in range(args.rounds):
            for label, code in (("old", Path(old_root)), ("new", ROOT)):
                timer = _KEPT_TIMER if args.kept and label == "new" else _TIMER
                for site, (count, seconds) in time_scan(code, args.sites, timer).items():
                    key = (label, site)
                    best[key] = min(best.get(key, seconds), seconds)
                    found[key] = count
    print(f"best of {args.rounds} rounds; old = {args.baseline}")
    print("site\told s\tnew s\tnew/old\told findings\tnew findings")
    for site in args.sites:
        old, new = best[("old", site)], best[("new", site)]
        print(
            f"{site}\t{old:.3f}\t{new:.3f}\t{new / old:.2f}\t"
            f"{found[('old', site)]}\t{found[('new', site)]}"
        )


if __name__ == "__main__":
    main()
