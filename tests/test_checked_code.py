"""Every tracked Python file is linted (ruff skips folders named build unless told not to)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.conftest import ROOT


def test_ruff_sees_every_tracked_python_file() -> None:
    ruff = shutil.which("ruff")
    tracked = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "*.py"], capture_output=True, text=True
    )
    if ruff is None or tracked.returncode != 0:
        pytest.skip("needs ruff and a git checkout")
    shown = subprocess.run(
        [ruff, "check", "--show-files", "."], cwd=ROOT, capture_output=True, text=True, check=True
    )
    seen = {line.strip().removeprefix(f"{ROOT}/") for line in shown.stdout.splitlines()}
    missing = sorted(set(tracked.stdout.split()) - seen)
    assert missing == [], f"ruff does not check {missing[:5]}"
    assert any(path.startswith("admin/freeze/") for path in seen)
