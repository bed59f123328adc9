"""Time drawing the QR codes of a generated site's pages: an older encoder against segno.

For each content folder (``bench/gen_content.py``) it takes the canonical URL of every
page the site app lists (an upper bound: only detail pages carry a code) and times, in
this one process on the same URLs: the encoder of ``--baseline`` (taken from git), segno
drawing every code (a first build), and segno's drawings read back from the folder a
build keeps them in (every later build). The bytes of all three are compared.

Example::

    python bench/qr_bench.py --baseline 2caf00e /dev/shm/c1k /dev/shm/c10k
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from admin.content.store import read_site_config  # noqa: E402
from admin.freeze.freeze import site_app, site_url_list  # noqa: E402
from admin.site import qrcode  # noqa: E402
from admin.site.keptfiles import keeping  # noqa: E402
from admin.site.links import canonical_url  # noqa: E402


def old_encoder(commit: str, folder: Path):
    """Return the ``qr_svg`` (uncached) of ``admin/site/qrcode.py`` as of ``commit``."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{commit}:admin/site/qrcode.py"],
        capture_output=True,
        check=True,
    ).stdout
    path = folder / "old_qrcode.py"
    path.write_bytes(source)
    spec = importlib.util.spec_from_file_location("old_qrcode", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.qr_svg.__wrapped__


def timed(draw, urls: list[str]) -> tuple[float, list[str]]:
    started = time.perf_counter()
    drawn = [str(draw(url)) for url in urls]
    return time.perf_counter() - started, drawn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contents", nargs="+", type=Path, help="generated content folders")
    parser.add_argument("--baseline", required=True, help="git commit of the old encoder")
    args = parser.parse_args()
    print("pages\told s\tsegno s\tsegno/old\tkept s\tkept/old\tsame bytes")
    with tempfile.TemporaryDirectory() as work:
        old = old_encoder(args.baseline, Path(work))
        new = qrcode.qr_svg.__wrapped__
        for content in args.contents:
            base = read_site_config(content)["base_url"]
            app = site_app(content, dt.date(2026, 12, 1))
            urls = [canonical_url(base, url) for url in site_url_list(app) if url.endswith("/")]
            old_s, old_drawn = timed(old, urls)
            out = Path(work) / content.name / "site"
            with keeping(out, [qrcode.KEPT_KIND]):
                new_s, new_drawn = timed(new, urls)  # nothing kept yet: segno draws each
            with keeping(out, [qrcode.KEPT_KIND]):
                kept_s, kept_drawn = timed(new, urls)
            same = old_drawn == new_drawn == kept_drawn
            print(
                f"{len(urls)}\t{old_s:.2f}\t{new_s:.2f}\t{new_s / old_s:.1f}\t"
                f"{kept_s:.2f}\t{kept_s / old_s:.1f}\t{same}"
            )


if __name__ == "__main__":
    main()
