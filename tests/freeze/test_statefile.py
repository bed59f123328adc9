"""Build state and caches are JSON: read back exactly, and a damaged one means a full build."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from buildsupport import build, tree_bytes, write_content

from admin.freeze.incremental import CONVERSION_CACHE_NAME, PARSE_CACHE_NAME, load_state, state_dir
from admin.freeze.statefile import decode_state, encode_state
from admin.freeze.swap import idle_tree


@pytest.fixture(scope="module")
def primed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Fixture content built three times: both trees and their states exist."""
    base = tmp_path_factory.mktemp("state")
    content = write_content(base / "content")
    out = base / "site" / "build"
    out.parent.mkdir()
    for _ in range(3):
        done = build(content, out)
        assert done.returncode == 0, done.stderr
    assert "（重新生成 0 个）" in done.stdout
    return content, out


def test_a_state_reads_back_equal_through_json(primed) -> None:
    _, out = primed
    state = load_state(out, idle_tree(out))
    assert state is not None and state.reports
    assert any(report.facts and report.facts.links for report in state.reports.values())
    payload = json.loads(json.dumps(encode_state(*_fields(state))))
    assert decode_state(payload) == _fields(state)


def _fields(state):
    return state.key, state.inputs, state.reports, state.bundles


def test_no_state_or_cache_is_pickled(primed) -> None:
    _, out = primed
    files = sorted(state_dir(out).iterdir())
    assert {path.suffix for path in files} == {".json"}
    assert {PARSE_CACHE_NAME, CONVERSION_CACHE_NAME} <= {path.name for path in files}
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))


def _exploit(marker: Path) -> bytes:
    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    return pickle.dumps(("3", Exploit()))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text, _: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text, _: "", id="empty"),
        pytest.param(lambda text, marker: _exploit(marker), id="a pickle"),
        pytest.param(lambda text, _: text.replace('"links":[[', '"links":[[7,'), id="bad link"),
        pytest.param(lambda text, _: text.replace('"reports":{', '"reports":{"x":[1],'), id="row"),
        pytest.param(lambda text, _: json.dumps({"version": "3", "payload": []}), id="shape"),
    ],
)
def test_a_damaged_state_or_cache_means_a_full_build_never_an_error(
    primed, tmp_path: Path, damage
) -> None:
    content, out = primed
    marker = tmp_path / "pwned"
    idle, before = idle_tree(out), tree_bytes(out)
    for path in state_dir(out).iterdir():
        text = path.read_bytes().decode("utf-8", "replace")  # an earlier case left a pickle
        damaged = damage(text, marker)
        path.write_bytes(damaged if isinstance(damaged, bytes) else damaged.encode())
    assert load_state(out, idle) is None
    done = build(content, out)
    assert done.returncode == 0, done.stderr
    assert "重新生成" not in done.stdout  # a full build of the idle tree
    assert not marker.exists()
    assert tree_bytes(out) == before  # same content, same site
