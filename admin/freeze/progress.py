"""Build progress: a bar on a terminal, plain lines in CI logs and pipes."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")

#: In plain mode a counted step prints at most this many intermediate lines.
PLAIN_LINES_PER_STEP = 10


def is_interactive() -> bool:
    """Tell whether progress goes to a terminal a person watches (not CI, not a pipe)."""
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        return False
    return sys.stderr.isatty()


class Progress:
    """Report the build's steps on standard error."""

    def __init__(self, interactive: bool | None = None, quiet: bool = False) -> None:
        self.interactive = is_interactive() if interactive is None else interactive
        self.quiet = quiet

    def step(self, label: str) -> None:
        """Announce a step that has no count."""
        self._line(f"构建：{label}")

    def track(self, items: Iterable[T], label: str, length: int) -> Iterator[T]:
        """Yield ``items`` while showing how many of ``length`` are done."""
        if self.quiet:
            yield from items
            return
        if self.interactive:
            bar = click.progressbar(items, length=length, label=f"构建：{label}", file=sys.stderr)
            with bar:
                yield from bar
            return
        # One line per tenth keeps CI logs short but shows a stuck build where it stuck.
        every = max(1, length // PLAIN_LINES_PER_STEP)
        self._line(f"构建：{label} 0/{length}")
        for done, item in enumerate(items, start=1):
            yield item
            if done % every == 0 or done == length:
                self._line(f"构建：{label} {done}/{length}")

    def _line(self, text: str) -> None:
        if not self.quiet:
            click.echo(text, err=True)
