"""The demo content/ as committed, not as the checkout holds it now.

A user who follows the quick start and publishes a decision changes the checkout's
content/; tests that need the shipped demo read it from git instead, so they pass on a
checkout that has been used.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shipped_content(dest: Path) -> Path:
    """Write the committed content/ into ``dest`` (a new folder) and return it."""
    done = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD", "content"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("needs a git checkout: the shipped content/ is read from HEAD")
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        for member in archive.getmembers():
            if member.isfile():
                target = dest / Path(member.name).relative_to("content")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.extractfile(member).read())  # type: ignore[union-attr]
    return dest
