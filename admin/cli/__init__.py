"""The ``gongshi`` command: one group, each command in a module of its own."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from typing import Any

import click

from admin import __version__
from admin.cli.common import CliError


def command_modules() -> list[Any]:
    """Return every ``admin.cli.*_command`` module; each registers its own commands."""
    names = sorted(
        info.name for info in pkgutil.iter_modules(__path__) if info.name.endswith("_command")
    )
    return [importlib.import_module(f"{__name__}.{name}") for name in names]


class GongshiGroup(click.Group):
    """Turn failures into one Chinese line and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CliError as exc:
            click.echo(f"错误：{exc.message}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except Exception as exc:  # the last line of defence: no stack trace for users
            if os.environ.get("GONGSHI_DEBUG"):
                raise
            click.echo(
                f"错误：内部错误（{type(exc).__name__}），设置 GONGSHI_DEBUG=1 可查看详情", err=True
            )
            sys.exit(1)


@click.group(
    cls=GongshiGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="示例：gongshi init --demo && gongshi build",
)
@click.version_option(__version__, "--version", prog_name="gongshi", message="%(prog)s %(version)s")
def main() -> None:
    """gongshi（公示）：乡镇行政执法公示与政府信息公开系统。"""


for module in command_modules():
    module.register(main)
