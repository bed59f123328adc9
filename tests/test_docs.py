"""Documentation tests: every command is in README.md and has help with an example."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from admin.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    # Through click's own API: the top-level group loads its commands when asked.
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        path = (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, path)
        else:
            yield path, command


COMMANDS = list(_commands(main))


def test_there_are_commands() -> None:
    assert ("init",) in [path for path, _ in COMMANDS]


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else ""
)
def test_every_command_is_documented_with_an_example(path, command: click.Command) -> None:
    assert f"gongshi {' '.join(path)}" in README, "missing from README.md's command table"
    assert command.help, "no help text"
    assert "示例" in command.help and f"gongshi {' '.join(path)}" in command.help


def test_quick_start_has_exactly_two_commands() -> None:
    quick_start = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", quick_start, flags=re.S)
    assert [len(block.strip().splitlines()) for block in blocks] == [1, 1]
    assert blocks[1].startswith("pip install -e '.[test]'")


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "grep -m 1 -E \"^pip install -e '\\.\\[test\\]'.*pytest\" README.md" in ci


# What click writes in English unless told otherwise (metavars FILE/DATE/N name arguments).
CLICK_ENGLISH = re.compile(r"Usage|Options|Commands|Arguments|Show |default:|TEXT|INTEGER|PATH")


@pytest.mark.parametrize(
    "path", [(), *(path for path, _ in COMMANDS)], ids=lambda v: " ".join(v) or "gongshi"
)
def test_help_pages_speak_chinese(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"], prog_name="gongshi", standalone_mode=False)
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"用法：gongshi {' '.join(path)}".rstrip())
    assert "选项：" in result.output and "显示本帮助并退出。" in result.output
    assert not CLICK_ENGLISH.search(result.output), result.output
