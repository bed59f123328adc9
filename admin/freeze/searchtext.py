"""What the search index sees of a page: its title and readable text, one character a word.

Pagefind's Chinese segmentation (jieba in the index, ``Intl.Segmenter`` in the browser)
disagree, so whole words silently go missing (Pagefind issue #1237). Writing every letter
and digit as a word of its own, with the standard binary, makes a quoted phrase search
match exactly the pages that contain the query as a substring, like Ctrl+F. Punctuation
is ignored on both sides (so 〔2021〕15号 matches as typed or as 202115号); whitespace and
block boundaries become :data:`GAP`, a word Pagefind skips but counts, so no phrase
matches across two table cells. ``site/static/search.js`` splits queries the same way.
Asides (the QR code box), navigation and hidden elements are not the page's text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser, LexborNode

#: A word of no letters or digits: Pagefind indexes nothing for it but keeps its position.
GAP = "¦"

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "caption",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
#: Never part of a page's readable text.
_SKIPPED_TAGS = frozenset(
    ["aside", "script", "style", "svg", "template", "noscript", "nav", "button", "select"]
)


def is_word_character(ch: str) -> bool:
    """Tell whether ``ch`` is a letter or digit (Unicode L* or N*), the only indexed characters."""
    return unicodedata.category(ch)[0] in "LN"


def runs(text: str) -> list[str]:
    """Split text into whitespace-separated runs of letters and digits, punctuation removed."""
    text = unicodedata.normalize("NFKC", text)
    found = ("".join(ch for ch in run if is_word_character(ch)) for run in text.split())
    return [run for run in found if run]


def spaced(text: str) -> str:
    """Return ``text`` as Pagefind should index it: one character a word, runs apart.

    Punctuation stays attached to the character before it (or after it, at the start of a
    run): Pagefind strips it from the word it indexes, so 〔2021〕15号 still matches as one
    phrase, yet keeps it in the excerpt, so search results show the text as written.
    """
    return f" {GAP} ".join(" ".join(_words(run)) for run in text.split())


def unspaced(text: str) -> str:
    """Undo :func:`spaced`: join the one-character words again, runs apart by one space.

    The leak guard reads the search index this way: spaced, the digits of an
    organisation's credit code could start a "mobile number" at any digit.
    """
    return _SINGLE_SPACE_RE.sub("", text).replace(GAP, " ")


_SINGLE_SPACE_RE = re.compile(r"(?<=\S) (?=\S)")


def _words(run: str) -> list[str]:
    """Split one whitespace-free run into words of one letter or digit each."""
    words: list[str] = []
    lead = ""
    for ch in run:
        for folded in unicodedata.normalize("NFKC", ch) if is_word_character(ch) else ch:
            if is_word_character(folded):
                words.append(lead + folded)
                lead = ""
            elif words:
                words[-1] += _shown(folded)
            else:
                lead += _shown(folded)
    if lead:
        words.append(lead)  # punctuation alone: Pagefind indexes nothing, as for a space
    return words


def _shown(ch: str) -> str:
    """Return how punctuation is kept in an indexed word without changing the word.

    Pagefind counts connector punctuation (``_``, ``＿``) as part of a word, so ``e_``
    would no longer match ``e``; U+2017 looks alike and is ordinary punctuation to it.
    """
    return "\u2017" if unicodedata.category(ch) == "Pc" else ch


@dataclass
class PageText:
    """The searchable part of one built page."""

    title: str = ""
    text: str = ""
    noindex: bool = False
    lang: str = ""
    blocks: list[str] = field(default_factory=list)


def page_text(html: str | bytes) -> PageText:
    """Return the title, readable ``<main>`` text and robots flag of a built page.

    Lexbor parses the page as a browser does, in C; the walk below keeps an explicit stack
    (no recursion limit for deeply nested content) whose ``None`` entries mark where a
    block element ends, so its text never runs into the next block's.
    """
    root = LexborHTMLParser(html).root
    result = PageText()
    if root is None:
        return result
    result.lang = root.attributes.get("lang") or ""
    titles: list[str] = []
    h1: list[str] = []
    current: list[str] = []
    # (node, inside <main>, inside a skipped subtree, inside an <h1> of <main>)
    stack: list[tuple[LexborNode, bool, bool, bool] | None] = [(root, False, False, False)]
    while stack:
        entry = stack.pop()
        if entry is None:
            _flush(current, result.blocks)
            continue
        node, in_main, skipped, in_h1 = entry
        tag = node.tag
        if tag == "-text":
            if in_main and not skipped:
                text = node.text_content
                current.append(text)
                if in_h1:
                    h1.append(text)
            continue
        if tag.startswith("-"):  # comments, the doctype
            continue
        attrs = node.attributes
        if tag == "title":  # an SVG's <title> too, as the search index always read it
            titles.append(node.text())
        elif tag == "meta" and (attrs.get("name") or "").lower() == "robots":
            result.noindex = "noindex" in (attrs.get("content") or "").lower()
        if tag in _BLOCK_TAGS:
            _flush(current, result.blocks)
            stack.append(None)
        in_main = in_main or tag == "main"
        skipped = skipped or _is_skipped(tag, attrs)
        in_h1 = in_h1 or (tag == "h1" and in_main)
        children = list(node.iter(include_text=True))
        stack.extend((child, in_main, skipped, in_h1) for child in reversed(children))
    _flush(current, result.blocks)
    result.title = " ".join("".join(h1 or titles).split())
    result.text = "\n".join(result.blocks)
    return result


def _is_skipped(tag: str, attrs: dict[str, str | None]) -> bool:
    """Tell whether an element's subtree is not the page's readable text."""
    return (
        tag in _SKIPPED_TAGS
        or "data-pagefind-ignore" in attrs
        or "hidden" in attrs
        or attrs.get("aria-hidden") == "true"
    )


def _flush(current: list[str], blocks: list[str]) -> None:
    """End the current block: add its text, whitespace collapsed, to ``blocks`` if any."""
    block = " ".join("".join(current).split())
    if block:
        blocks.append(block)
    current.clear()
