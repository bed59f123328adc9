"""QR codes of public page URLs, drawn by segno as small inline SVG at build time.

Every detail page carries one: a county build makes 16,000, and segno takes about 0.9 ms
a code (bench/README.md, "QR codes"), a third of a full build's rendering at that scale.
So a build keeps segno's drawing of each URL in a folder beside its output
(:func:`keeping_codes`) and the next build reads it back instead of encoding again.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import segno
from markupsafe import Markup

#: The accessible name of every code; the URL itself is printed beside it on the page.
QR_TITLE = "本页网址的二维码"
#: Error level M survives a smudged print-out.
ERROR_LEVEL = "m"
#: The mask is fixed: choosing the best of the eight costs five times as long, and every
#: mask is valid to every reader; 0 breaks up long runs well.
MASK = 0
#: The standard quiet zone: phone scanners need all four modules.
BORDER = 4
#: The folder name of kept codes; another segno may draw differently, so it has its own.
CACHE_PREFIX = "segno-"
#: What segno draws with the options below, and nothing else: a kept file that does not
#: match (cut short, edited) is drawn again rather than put into a page.
_DRAWING = re.compile(
    r'<svg viewBox="0 0 (\d+) \1" class="qr"><title>'
    + re.escape(QR_TITLE)
    + r'</title><path stroke="#000" d="[Mmh0-9. -]*"/></svg>'
)

#: The folder codes are kept in during a build (forked render workers inherit it).
_kept_in: Path | None = None


@lru_cache(maxsize=4096)
def qr_svg(url: str, size_px: int = 148) -> Markup:
    """Return an inline ``<svg>`` QR code of ``url`` (same URL, same bytes)."""
    # A fixed size keeps the page from reflowing before the stylesheet arrives, and
    # role="img" names it for screen readers.
    return Markup(
        _drawing(url).replace("<svg ", f'<svg role="img" width="{size_px}" height="{size_px}" ', 1)
    )


def qr_drawing(text: str) -> str:
    """Return segno's SVG of the code of ``text`` with the site's settings, without a size."""
    code = segno.make(text, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    return code.svg_inline(
        scale=1, border=BORDER, omitsize=True, svgclass="qr", lineclass=None, title=QR_TITLE
    )


@contextmanager
def keeping_codes(out: Path) -> Iterator[None]:
    """Keep the codes drawn inside the block beside ``out``; read those kept before.

    One small file per URL in ``.<out>-qrcodes/segno-<version>/``, so forked workers add
    codes without coordinating; the folders of other segno versions are removed. (Not in
    the state folder: its pruning deletes every file it does not know.)
    """
    global _kept_in
    root = out.parent / f".{out.name}-qrcodes"
    folder = root / f"{CACHE_PREFIX}{segno.__version__}"
    for other in root.glob(f"{CACHE_PREFIX}*"):
        if other != folder:
            shutil.rmtree(other, ignore_errors=True)
    previous, _kept_in = _kept_in, folder
    try:
        yield
    finally:
        _kept_in = previous


def _drawing(url: str) -> str:
    """Return the kept drawing of ``url`` if there is a valid one, else draw and keep it."""
    if _kept_in is None:
        return qr_drawing(url)
    path = _kept_in / f"{hashlib.sha256(url.encode()).hexdigest()[:40]}.svg"
    try:
        kept = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        kept = ""
    if _DRAWING.fullmatch(kept):
        return kept
    drawing = qr_drawing(url)
    _keep(path, drawing)
    return drawing


def _keep(path: Path, drawing: str) -> None:
    """Write ``drawing`` to ``path`` whole (a temporary name, then renamed), or not at all."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(drawing)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)  # gone after the rename, unless it failed
    except OSError:
        pass  # a read-only or full disk costs the next build the drawing, nothing else
