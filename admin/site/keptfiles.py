"""What one build keeps beside its output for the next: one small text file per key.

segno's QR drawings (:mod:`admin.site.qrcode`) and the texts cbor2 reads from Pagefind's index
(:mod:`admin.freeze.leakguard`) cost far more to make than to read back, and stay the same for
the same input. A build keeps them in ``.<out>-kept/<kind>/``; forked workers inherit the
folder and add files without coordinating (each written whole under a temporary name,
then renamed). A kind names its producer's version, so an upgrade starts a new folder and
the build removes the folders of kinds it no longer uses.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

#: The folder of the build running in this process (forked workers inherit it), or None.
_folder: Path | None = None


def kept_folder(out: Path) -> Path:
    """Return the folder beside ``out`` where its builds keep values."""
    return out.parent / f".{out.name}-kept"


@contextmanager
def keeping(out: Path, kinds: Collection[str]) -> Iterator[None]:
    """Keep and read back values of ``kinds`` beside ``out`` during the block."""
    global _folder
    folder = kept_folder(out)
    if folder.is_dir():
        for other in folder.iterdir():
            if other.name not in kinds:
                shutil.rmtree(other, ignore_errors=True)
    previous, _folder = _folder, folder
    try:
        yield
    finally:
        _folder = previous


def read_kept(kind: str, key: str) -> str | None:
    """Return the text kept for ``key`` of ``kind``, or None (none kept, or not in a build)."""
    if _folder is None:
        return None
    try:
        return _path(_folder, kind, key).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def keep(kind: str, key: str, text: str) -> None:
    """Keep ``text`` for ``key`` of ``kind`` if a build is running; a failed write is skipped."""
    if _folder is None:
        return
    path = _path(_folder, kind, key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            os.replace(temporary, path)
        finally:
            Path(temporary).unlink(missing_ok=True)  # gone after the rename, unless it failed
    except OSError:
        pass  # a read-only or full disk costs the next build the work, nothing else


def _path(folder: Path, kind: str, key: str) -> Path:
    return folder / kind / hashlib.sha256(key.encode()).hexdigest()[:40]
