"""``manifest.json`` is written as ``json.dumps(indent=1, sort_keys=True)`` would write it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from admin.freeze.manifest import MANIFEST_NAME, write_manifest

NAMES = [
    "index.html",
    "penalties/2026/公示-1/index.html",
    'odd "quoted" \\ name.txt',
    "tab\there\u2028line.txt",
    "\u2063files\u2063",
    MANIFEST_NAME,
]


@pytest.mark.parametrize("names", [NAMES, [], [MANIFEST_NAME]])
@pytest.mark.parametrize("audit_head", [True, False, "placeholder"])
def test_the_manifest_equals_the_generic_json_encoding(
    tmp_path: Path, names: list[str], audit_head: bool | str
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    head = {"count": 3, "hash": "ab" * 32, "at": dt.datetime(2026, 11, 27, 8, 30)}
    if audit_head == "placeholder":  # the writer's own stand-in for the file list
        head["hash"] = "\u2063files\u2063"
    if audit_head:
        lines = "\n".join(
            f"{k} = {v.isoformat() if k == 'at' else json.dumps(v)}" for k, v in head.items()
        )
        (content / "audit-head.toml").write_text(lines + "\n", encoding="utf-8")
    digests = {name: f"{i:064x}" for i, name in enumerate(names)}
    path = write_manifest(tmp_path, content, dt.date(2026, 11, 27), "gongshi 1", digests)
    expected: dict = {"generator": "gongshi 1", "today": "2026-11-27"}
    if audit_head:
        expected["audit_head"] = {k: v.isoformat() if k == "at" else v for k, v in head.items()}
    expected["files"] = {n: d for n, d in sorted(digests.items()) if n != MANIFEST_NAME}
    text = json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    assert path.read_text(encoding="utf-8") == text
