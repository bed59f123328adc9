"""The ``gongshi`` command: one group, each command in a module of its own.

The command ``NAME`` lives in ``admin/cli/NAME_command.py``, whose ``register(group)``
adds it; :data:`COMMANDS` lists them all. A module is imported only when its command runs
(or for ``--help``): importing
every command's libraries cost each run a quarter of a second, half of a rebuild with
nothing to do at county scale.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from admin import __version__
from admin.cli.common import CliError, heap_left_to_the_system
from admin.cli.helpformat import ChineseContext, use_chinese_help
from admin.errors import GongshiError

#: Every command and the module that registers it; a module is imported only when its
#: command runs (or for ``--help``).
COMMANDS: dict[str, str] = {
    name: f"admin.cli.{name}_command"
    for name in (
        "audit",
        "backup",
        "build",
        "calendar",
        "check",
        "expire",
        "export",
        "import",
        "init",
        "report",
        "serve",
        "user",
        "workdays",
    )
}


def command_names() -> list[str]:
    """Return the name of every command."""
    return sorted(COMMANDS)


class GongshiGroup(click.Group):
    """Load commands when asked for; turn failures into one Chinese line and an exit status."""

    context_class = ChineseContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *command_names()})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in command_names():
            importlib.import_module(COMMANDS[cmd_name]).register(self)
            use_chinese_help(self.commands[cmd_name])
        return self.commands.get(cmd_name)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Run as the process's own command (the ``gongshi`` script, ``python -m admin``).

        A test runner calls :meth:`main` instead. After a command that asked for it
        (:func:`admin.cli.common.leave_heap_to_the_system`) succeeded, the process ends
        without Python's teardown: the output is flushed, every file the command wrote is
        closed, and no exit handler is left with work to do (its worker processes were
        joined and its temporary files renamed or removed).
        """
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            if exc.code in (0, None) and heap_left_to_the_system():
                try:
                    for stream in (sys.stdout, sys.stderr):
                        if stream is not None:  # None when the process was started without it
                            stream.flush()
                except OSError:  # the reader went away: as :meth:`main` says then
                    os._exit(1)
                os._exit(0)
            raise

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "gongshi"
            click.echo(f"错误：{usage_message(exc)}（{command} --help 查看用法）", err=True)
            sys.exit(2)
        except click.ClickException as exc:
            click.echo(f"错误：{exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("已取消", err=True)
            sys.exit(1)
        except BrokenPipeError:
            # The reader went away (``| head``): stop quietly, as other Unix tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CliError as exc:
            click.echo(f"错误：{exc.message}", err=True)
            sys.exit(exc.exit_code)
        except GongshiError as exc:  # a refusal a command did not word itself: still one line
            click.echo(f"错误：{exc.message}", err=True)
            sys.exit(1)
        except (
            click.exceptions.Exit,
            click.exceptions.Abort,
            click.ClickException,
            BrokenPipeError,
        ):
            raise
        except Exception as exc:  # the last line of defence: no stack trace for users
            if os.environ.get("GONGSHI_DEBUG"):
                raise
            click.echo(
                f"错误：内部错误（{type(exc).__name__}），设置 GONGSHI_DEBUG=1 可查看详情", err=True
            )
            sys.exit(1)


def usage_message(exc: click.UsageError) -> str:
    """Say what was wrong with the command line, in Chinese."""
    param = getattr(exc, "param", None)
    name = _param_name(param) if param is not None else ""
    if isinstance(exc, click.MissingParameter):
        kind = "参数" if isinstance(param, click.Argument) else "选项"
        return f"缺少{kind} {name}".rstrip()
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项 {exc.option_name}"
    if isinstance(exc, click.BadParameter) and param is not None:
        if isinstance(param.type, click.Choice):
            return f"{name} 必须是 {' / '.join(map(str, param.type.choices))} 之一"
        if isinstance(param.type, click.types.IntParamType):
            return f"{name} 必须是整数" + _range_of(param.type)
        return f"{name} 的值无效（{exc.message}）"
    if "No such command" in exc.message:
        return f"没有这个命令：{exc.message.split(chr(39))[1] if chr(39) in exc.message else ''}"
    if "unexpected extra argument" in exc.message:
        return "多余的参数"
    return f"用法错误（{exc.message}）"


def _param_name(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        return (param.human_readable_name or "").upper()
    return param.opts[0] if param.opts else param.human_readable_name


def _range_of(kind: Any) -> str:
    low, high = getattr(kind, "min", None), getattr(kind, "max", None)
    if low is not None and high is not None:
        return f"，范围 {low}–{high}"
    return ""


@click.group(
    cls=GongshiGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="示例：gongshi init --demo && gongshi build",
)
@click.version_option(__version__, "--version", prog_name="gongshi", message="%(prog)s %(version)s")
def main() -> None:
    """gongshi（公示）：乡镇行政执法公示与政府信息公开系统。"""
