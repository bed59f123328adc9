"""QR codes of public page URLs, drawn by segno as small inline SVG at build time.

Every detail page carries one: a county build makes 16,000, and segno takes about 1 ms a
code on an idle core, twenty times the hand-written encoder it replaced (bench/README.md,
"QR codes and the index's CBOR"). So a build keeps segno's drawing of each URL beside its
output (:mod:`admin.site.keptfiles`) and the next build reads it back instead of drawing again.
"""

from __future__ import annotations

import re
from functools import lru_cache

import segno
from markupsafe import Markup

from admin.site.keptfiles import keep, read_kept

#: The accessible name of every code; the URL itself is printed beside it on the page.
QR_TITLE = "本页网址的二维码"
#: Error level M survives a smudged print-out.
ERROR_LEVEL = "m"
#: The mask is fixed: choosing the best of the eight costs five times as long, and every
#: mask is valid to every reader; 0 breaks up long runs well.
MASK = 0
#: The standard quiet zone: phone scanners need all four modules.
BORDER = 4
#: What a build keeps the drawings as (:mod:`admin.site.keptfiles`); another segno may draw
#: differently, so it has its own.
KEPT_KIND = f"qr-segno-{segno.__version__}"
#: What segno draws with the options below, and nothing else: a kept file that does not
#: match (cut short, edited) is drawn again rather than put into a page.
_DRAWING = re.compile(
    r'<svg viewBox="0 0 (\d+) \1" class="qr"><title>'
    + re.escape(QR_TITLE)
    + r'</title><path stroke="#000" d="[Mmh0-9. -]*"/></svg>'
)


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


def _drawing(url: str) -> str:
    """Return the kept drawing of ``url`` if there is a valid one, else draw and keep it."""
    kept = read_kept(KEPT_KIND, url)
    if kept is not None and _DRAWING.fullmatch(kept):
        return kept
    drawing = qr_drawing(url)
    keep(KEPT_KIND, url, drawing)
    return drawing
