"""Help pages in Chinese: click's own words (Usage, Options, "Show this message and exit.")
turned into the words the rest of the command speaks.

Click writes help through ``Context.formatter_class``, a public hook; a formatter that
translates the few fixed phrases click adds is all it takes, and every command's own
help text is already Chinese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import click

HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
PHRASES = {
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
}
# What click appends to an option's help, in square brackets.
_EXTRA_RE = re.compile(r"\[(default: |env var: |required|deprecated)([^\]]*)\]")
_EXTRA_WORDS = {"default: ": "默认：", "env var: ": "环境变量：", "required": "必填"}
_EXTRA_WORDS["deprecated"] = "已弃用"
_METAVARS = {"INTEGER RANGE": "整数", "TEXT": "文本", "INTEGER": "整数", "PATH": "路径"}


class ChineseHelpFormatter(click.HelpFormatter):
    """A help formatter that writes click's fixed phrases in Chinese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[选项]").replace("COMMAND [ARGS]...", "命令 [参数]...")
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{HEADINGS.get(heading, heading)}：\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Write a definition list as click does, measuring Chinese by its display width."""
        rows = [(_term(term), translate(text)) for term, text in rows]
        first_col = min(max((display_width(t) for t, _ in rows), default=0), col_max)
        first_col += col_spacing
        indent = " " * self.current_indent
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if display_width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            width = max(self.width - first_col - 2, 10)
            lines = click.wrap_text(text, width, preserve_paragraphs=True).splitlines() or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class ChineseContext(click.Context):
    """A context whose help pages are written by :class:`ChineseHelpFormatter`."""

    formatter_class = ChineseHelpFormatter


def translate(text: str) -> str:
    """Return an option's help with click's fixed phrases in Chinese."""
    for english, chinese in PHRASES.items():
        text = text.replace(english, chinese)
    return _EXTRA_RE.sub(lambda m: f"［{_EXTRA_WORDS[m[1]]}{m[2]}］", text)


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def use_chinese_help(command: click.Command) -> None:
    """Make ``command`` and every command under it write its help in Chinese."""
    command.context_class = ChineseContext
    for sub in getattr(command, "commands", {}).values():
        use_chinese_help(sub)


def _term(term: str) -> str:
    # "--region TEXT": the metavar names a type, which the reader knows by its Chinese name.
    for english, chinese in _METAVARS.items():
        if term.endswith(f" {english}"):
            return term.removesuffix(english) + chinese
    return term
