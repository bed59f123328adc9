"""No module of the program passes 400 lines (STYLE.md §4: around 250 is comfortable)."""

from __future__ import annotations

from tests.conftest import ROOT

MAX_LINES = 400


def test_no_module_under_admin_exceeds_400_lines() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "admin").rglob("*.py")
    }
    assert len(sizes) > 100  # the walk found the program, not an empty folder
    too_long = {path: lines for path, lines in sorted(sizes.items()) if lines > MAX_LINES}
    assert too_long == {}, f"split these along a seam: {too_long}"
