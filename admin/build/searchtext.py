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
from html.parser import HTMLParser

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
_VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
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


class _TextParser(HTMLParser):
    """Collect the title, the robots flag and the text of ``<main>`` in blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = PageText()
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped subtree)
        self._in_title = False
        self._title_parts: list[str] = []
        self._h1_parts: list[str] = []
        self._in_h1 = False
        self._current: list[str] = []

    @property
    def _skipping(self) -> bool:
        return any(skipped for _, skipped in self._stack)

    @property
    def _in_main(self) -> bool:
        return any(tag == "main" for tag, _ in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: (value or "") for name, value in attrs}
        if tag == "html":
            self.result.lang = found.get("lang", "")
        if tag == "meta" and found.get("name", "").lower() == "robots":
            self.result.noindex = "noindex" in found.get("content", "").lower()
        if tag in _BLOCK_TAGS:
            self._flush()
        if tag in _VOID_TAGS:
            return
        skipped = (
            tag in _SKIPPED_TAGS
            or "data-pagefind-ignore" in found
            or "hidden" in found
            or found.get("aria-hidden") == "true"
        )
        self._stack.append((tag, skipped))
        self._in_title = self._in_title or tag == "title"
        self._in_h1 = self._in_h1 or (tag == "h1" and self._in_main)

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self._flush()
        if any(open_tag == tag for open_tag, _ in self._stack):
            while self._stack:
                open_tag, _ = self._stack.pop()
                if open_tag == tag:
                    break
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title_parts.append(data)
        if self._skipping or not self._in_main:
            return
        if self._in_h1:
            self._h1_parts.append(data)
        self._current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        title = " ".join("".join(self._h1_parts or self._title_parts).split())
        self.result.title = title
        self.result.text = "\n".join(self.result.blocks)

    def _flush(self) -> None:
        block = " ".join("".join(self._current).split())
        if block:
            self.result.blocks.append(block)
        self._current = []


def page_text(html: str) -> PageText:
    """Return the title, readable ``<main>`` text and robots flag of a built page."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return parser.result
