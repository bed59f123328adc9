"""Atomic writes into ``content/``: a temporary file in the same folder, fsync, rename.

Inside :func:`staged_writes` the rename waits: the caller commits its database transaction
first and then applies the staged files, so a failure before the commit leaves nothing
public (issue 14). :func:`deferred_sync` batches the fsyncs of a bulk publish.
"""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from admin.errors import GongshiError

_sync = threading.local()
_stage = threading.local()


class ContentStoreError(GongshiError):
    """Reading or writing ``content/`` failed; the message is Chinese and names the file."""


@dataclass
class StagedFiles:
    """Temporary files waiting to be renamed into place, and what to do once they are."""

    pending: dict[Path, Path] = field(default_factory=dict)  # target -> temporary file
    after: list[Callable[[], object]] = field(default_factory=list)

    def discard(self) -> None:
        """Remove every temporary file: nothing staged becomes public."""
        for temp in self.pending.values():
            temp.unlink(missing_ok=True)
        self.pending.clear()
        self.after.clear()

    def apply(self) -> list[Path]:
        """Rename every staged file into place, in staging order; return those that failed.

        Runs after the database committed, so it does not stop at the first failure: each
        file placed is one more the database and content/ agree on.
        """
        failed = []
        for target, temp in self.pending.items():
            try:
                os.replace(temp, target)
            except OSError:
                temp.unlink(missing_ok=True)
                failed.append(target)
        for folder in {target.parent for target in self.pending}:
            _fsync_directory(folder)
        self.pending.clear()
        if not failed:
            for action in self.after:
                action()
        self.after.clear()
        return failed


@contextmanager
def staged_writes() -> Iterator[StagedFiles]:
    """Stage every content write of the block; the caller applies or discards them.

    Leaving the block by an exception discards them; a nested block joins the outer one.
    """
    outer = current_stage()
    if outer is not None:
        yield outer
        return
    staged = StagedFiles()
    _stage.files = staged
    try:
        yield staged
    except BaseException:
        staged.discard()
        raise
    finally:
        _stage.files = None


def after_placed(action: Callable[[], object]) -> None:
    """Run ``action`` once the staged files are in place (now, when nothing is staged)."""
    staged = current_stage()
    if staged is None:
        action()
    else:
        staged.after.append(action)


def current_stage() -> StagedFiles | None:
    return getattr(_stage, "files", None)


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Replace ``path`` with ``data`` atomically; return False when it already held them.

    Inside :func:`staged_writes` only the temporary file is written; the rename waits.
    """
    staged = current_stage()
    current = staged.pending.get(path, path) if staged is not None else path
    try:
        if current.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise ContentStoreError(f"{path}：无法读取（{exc.strerror or exc}）") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ContentStoreError(f"{path}：无法写入（{exc.strerror or exc}）") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if not _deferred():
                os.fsync(handle.fileno())
        # mkstemp creates 0600; content is public and git records the mode.
        os.chmod(temp_name, 0o644)
        if staged is not None:
            if path in staged.pending:
                staged.pending.pop(path).unlink(missing_ok=True)
            staged.pending[path] = Path(temp_name)
            return True
        os.replace(temp_name, path)
    except BaseException as exc:
        Path(temp_name).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ContentStoreError(f"{path}：无法写入（{exc.strerror or exc}）") from None
        raise
    if not _deferred():
        _fsync_directory(path.parent)
    return True


@contextmanager
def deferred_sync() -> Iterator[None]:
    """Write without a per-file fsync inside the block; flush everything once at its end.

    For bulk publishing (an import of thousands of records): one fsync costs milliseconds,
    and the atomic rename alone already keeps readers from ever seeing half a file.
    """
    if _deferred():
        yield  # nested: the outermost block flushes
        return
    _sync.deferred = True
    try:
        yield
    finally:
        _sync.deferred = False
        os.sync()


def _deferred() -> bool:
    return getattr(_sync, "deferred", False)


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable; not every platform can open a directory.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
