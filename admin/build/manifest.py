"""``manifest.json``: every file of the built site with its SHA-256, and the audit head.

The manifest lets anyone check a deployed copy against the build, and anchors the audit
trail's hash chain outside the database (SECURITY.md): the head published with the
content is copied here, so recomputing the whole chain later would show.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from admin.contentstore import read_audit_head

MANIFEST_NAME = "manifest.json"


def file_digests(root: Path) -> dict[str, str]:
    """Return ``{relative posix path: sha256 hex}`` for every file under ``root``, sorted."""
    digests: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative != MANIFEST_NAME:
            digests[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def write_manifest(root: Path, content_dir: Path, today: dt.date, generator: str) -> Path:
    """Write ``root/manifest.json`` describing every other file of ``root``; return its path."""
    manifest: dict[str, Any] = {"generator": generator, "today": today.isoformat()}
    head = read_audit_head(content_dir)
    if head is not None:
        manifest["audit_head"] = {key: _json_value(value) for key, value in sorted(head.items())}
    manifest["files"] = file_digests(root)
    path = root / MANIFEST_NAME
    # Sorted keys, fixed indentation, no timestamps: same site, same bytes.
    text = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def _json_value(value: Any) -> Any:
    """Turn TOML dates and datetimes into ISO strings for JSON."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return value
