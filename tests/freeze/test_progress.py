"""Build progress: plain lines in CI and pipes, a bar only at a terminal; the build date."""

from __future__ import annotations

import pytest

from admin.freeze.progress import Progress, is_interactive


@pytest.mark.parametrize(
    ("ci", "expected"),
    [("true", False), ("1", False), ("", False)],  # pytest's stderr is never a terminal
    ids=["ci-true", "ci-1", "no-ci-but-a-pipe"],
)
def test_ci_or_a_pipe_means_plain_lines(
    monkeypatch: pytest.MonkeyPatch, ci: str, expected: bool
) -> None:
    monkeypatch.setenv("CI", ci)
    assert is_interactive() is expected


def test_plain_mode_prints_about_ten_lines_per_counted_step(capsys) -> None:
    progress = Progress(interactive=False)
    progress.step("读取 content")
    assert list(progress.track(range(95), "生成页面", 95)) == list(range(95))
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "构建：读取 content"
    assert lines[1] == "构建：生成页面 0/95"
    assert lines[-1] == "构建：生成页面 95/95"
    assert 10 <= len(lines) - 1 <= 12


def test_quiet_mode_prints_nothing(capsys) -> None:
    progress = Progress(quiet=True)
    progress.step("x")
    assert list(progress.track([1, 2], "y", 2)) == [1, 2]
    assert capsys.readouterr().err == ""


def test_the_build_date_defaults_to_today_in_shanghai() -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from admin.cli.common import parse_today

    assert parse_today(None) == dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    assert parse_today("2021-12-31") == dt.date(2021, 12, 31)
