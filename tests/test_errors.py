"""One base exception: every error class of the program is a GongshiError with a message."""

from __future__ import annotations

import importlib
import inspect

import pytest
from werkzeug.exceptions import HTTPException

from admin.cli.common import CliError
from admin.domain.calendar_notice import NoticeError
from admin.domain.money import MoneyError
from admin.errors import GongshiError
from admin.freeze.checks import CheckFailed
from tests.conftest import ROOT

#: Not importable as modules: ``__main__`` runs the CLI, Alembic loads the migrations.
SKIPPED = ("admin/__main__.py", "admin/models/migrations/env.py")


def program_modules() -> list[str]:
    names = []
    for path in sorted((ROOT / "admin").rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative in SKIPPED or "/migrations/versions/" in relative:
            continue
        names.append(relative.removesuffix(".py").removesuffix("/__init__").replace("/", "."))
    return names


def error_classes() -> list[type[BaseException]]:
    found = []
    for name in program_modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == name:
                found.append(value)
    return found


def test_every_error_class_derives_from_gongshi_error() -> None:
    classes = error_classes()
    assert len(classes) >= 34  # the walk found the program's errors, not an empty list
    # A werkzeug HTTPException is a response Flask renders (a 400 page), not an error a
    # caller catches and reads.
    outside = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in classes
        if not issubclass(cls, GongshiError | HTTPException)
    ]
    assert outside == []


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (GongshiError("文件：无法读取"), "文件：无法读取"),
        (MoneyError("罚款", "不是数字"), "罚款：不是数字"),
        (CheckFailed("检查失败", ["甲"]), "检查失败\n  甲"),
        (NoticeError("缺少", 3), "第 3 行：缺少"),
        (CliError("--today：格式错误", 2), "--today：格式错误"),
    ],
)
def test_message_is_the_chinese_line_and_str_agrees(error: GongshiError, message: str) -> None:
    assert error.message == message
    assert str(error) == message


def test_value_errors_stay_value_errors() -> None:
    # Callers that catch ValueError around parsing keep working.
    from admin.domain.dates import DateError

    assert issubclass(DateError, ValueError)
    assert issubclass(DateError, GongshiError)


def test_the_cli_reports_an_unworded_refusal_as_one_line(capsys) -> None:
    # A command that lets a GongshiError through still gives its Chinese line, not the
    # 「内部错误」 line kept for bugs.
    from admin.cli import GongshiGroup
    from admin.content.write import ContentStoreError

    group = GongshiGroup(name="gongshi")

    @group.command("probe")
    def probe() -> None:
        raise ContentStoreError("content/site.toml：格式错误")

    with pytest.raises(SystemExit) as exited:
        group.main(["probe"], prog_name="gongshi")
    assert exited.value.code == 1
    assert capsys.readouterr().err == "错误：content/site.toml：格式错误\n"
