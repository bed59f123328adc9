"""THE sanitising Markdown renderer: the only place in gongshi that marks HTML safe.

Python-Markdown passes raw HTML, ``javascript:`` links and the like straight through
(SECURITY.md), so its output is always cleaned by ``nh3`` with a small allowlist before it
is trusted. The admin preview, the back-office and the public site all call
:func:`render_markdown`; nothing else may build a ``Markup`` from user text.
"""

from __future__ import annotations

import html
import re
import threading
import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

#: Python-Markdown's own extensions only: no md_in_html, no attr_list (it sets onclick…).
EXTENSIONS = ("tables", "fenced_code", "sane_lists")

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "p",
        "br",
        "strong",
        "em",
        "ul",
        "ol",
        "li",
        "a",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "code",
        "pre",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "hr",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "th": {"class"}, "td": {"class"}}
#: Table alignment as a class from a closed set (the ``align`` attribute is obsolete in
#: HTML, and a style attribute would need the CSP to allow inline styles).
ALIGN_CLASSES: dict[str, str] = {
    "left": "align-left",
    "center": "align-center",
    "right": "align-right",
}
#: The only class values kept (on th and td, the only elements allowed a class).
ALLOWED_CLASSES: frozenset[str] = frozenset(ALIGN_CLASSES.values())
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer"
#: Removed with their content, not just unwrapped (their text is code, not prose).
DROP_WITH_CONTENT: frozenset[str] = frozenset(
    {"script", "style", "svg", "math", "template", "iframe", "object", "noscript", "textarea"}
)

#: Controls, the replacement character and invisible characters: never in a real link,
#: and browsers drop some of them, so they can hide a scheme (java\tscript:).
_URL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffd\u200b-\u200d\u2060\ufeff]")
_SCHEME = re.compile(r"^([^/?#]*):")

_local = threading.local()
#: Conversions made in advance (:func:`remember_conversions`), by Markdown text.
_known: dict[str, str] = {}


def render_markdown(text: str | None) -> Markup:
    """Render Markdown ``text`` to sanitised HTML, safe to put in any page."""
    if not text:
        return Markup("")
    cleaned = nh3.clean(
        _convert(text),
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    # Cleaned by nh3 just above: the one place in gongshi that marks HTML safe.
    return Markup(_scrollable_tables(cleaned))


#: A wide table scrolls inside its own box instead of pushing the page sideways (WCAG
#: 1.4.10); the box is focusable and named so a keyboard can scroll it (axe's rule).
TABLE_BOX = '<div class="table-scroll" role="region" tabindex="0" aria-label="表格（可左右滚动）">'


def _scrollable_tables(cleaned: str) -> str:
    # After nh3, a table tag carries no attribute (none is allowed), so the plain tags are
    # every table there is, and no author's HTML can open or close the box.
    return cleaned.replace("<table>", TABLE_BOX + "<table>").replace("</table>", "</table></div>")


def render_plain(text: str | None) -> str:
    """Return the text of Markdown ``text`` without markup, whitespace collapsed (excerpts)."""
    if not text:
        return ""
    stripped = nh3.clean(
        _convert(text), tags=set(), clean_content_tags=set(DROP_WITH_CONTENT), strip_comments=True
    )
    # nh3 returns escaped text; the caller's template escapes it again on output.
    return " ".join(html.unescape(stripped).split())


def is_safe_url(url: str) -> bool:
    """Return whether ``url`` is relative or uses an allowed scheme, however it is disguised."""
    if _URL_CONTROL.search(url):
        return False
    match = _SCHEME.match("".join(url.split()))
    return match is None or match.group(1).lower() in URL_SCHEMES


def reset() -> None:
    """Forget this thread's Markdown instance and remembered conversions (tests)."""
    _local.__dict__.pop("md", None)
    _known.clear()


def convert_markdown(text: str) -> str:
    """Return Markdown ``text`` as the raw, not yet cleaned HTML both renderers start from.

    Never output this: only :func:`render_markdown` and :func:`render_plain` clean it.
    """
    return _convert(text)


def remember_conversions(converted: dict[str, str]) -> None:
    """Use ``converted`` (``{text: convert_markdown(text)}``) instead of converting again.

    A build converts every record's body once, on every core, before it renders pages
    and data files that would each convert it again; the renderers still clean the HTML
    every time, so the output is exactly what converting on the spot gives.
    """
    _known.clear()
    _known.update(converted)


def _convert(text: str) -> str:
    known = _known.get(text)
    if known is not None:
        return known
    md = _markdown()
    try:
        return str(md.convert(text))
    finally:
        # Reference links and footnote state must not leak into the next document.
        md.reset()


def _markdown() -> markdown.Markdown:
    # A Markdown instance keeps per-document state and is not thread-safe: one per thread.
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _DemoteH1(), _AlignClasses()],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        _local.md = md
    return md


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    # nh3 already checked the scheme as a URL parser sees it; this also refuses the
    # obfuscated forms (java\tscript:, java\x01script:) it would pass on as relative.
    if attribute == "href" and not is_safe_url(value):
        return None
    if attribute == "class":
        # Not nh3's allowed_classes: it leaves an empty class="" behind.
        kept = [name for name in value.split() if name in ALLOWED_CLASSES]
        return " ".join(kept) or None
    return value


class _DemoteH1Processor(Treeprocessor):
    """Turn ``# heading`` into ``<h2>``: the page title is the only ``<h1>``."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter("h1"):
            element.tag = "h2"


class _DemoteH1(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_DemoteH1Processor(md), "demote_h1", 5)


class _AlignClassesProcessor(Treeprocessor):
    """Turn a table cell's ``align="center"`` into ``class="align-center"``."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("th", "td") and "align" in element.attrib:
                css = ALIGN_CLASSES.get(element.attrib.pop("align"))
                if css:
                    element.set("class", css)


class _AlignClasses(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_AlignClassesProcessor(md), "align_classes", 4)
