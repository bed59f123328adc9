"""Build fixtures: the fixture content built once with the real ``gongshi build``."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildsupport import Built, build, write_content


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture content built once with the real command, as CI runs it."""
    base = tmp_path_factory.mktemp("built")
    content = write_content(base / "content")
    out = base / "build"
    result = build(content, out)
    assert result.returncode == 0, result.stderr
    return Built(content, out, result)


@pytest.fixture(scope="session")
def built_site(built: Built) -> Path:
    """``--out`` of the session's build."""
    return built.out
