"""Files of plain data in pickle's format, read by an unpickler that cannot run code.

The build's remembered results were all JSON (:mod:`admin.content.memofile`), because
unpickling a file planted or altered in the build's folder can run any code. But JSON has
no dates: reading a county's parse cache back took 1.7 s of every rebuild, most of it
walking 111,000 entries in Python to turn tagged dates into dates (#16); unpickled, the
same entries take 0.4 s.

The promise stays: what is read here can at worst make a build redo its work. The
unpickler is the standard library's own way to restrict what a pickle may hold
("Restricting Globals" in the :mod:`pickle` documentation): every global a pickle names
goes through :meth:`_PlainData.find_class`, which gives only the date and time types, and
nothing else in the format reaches a callable (persistent references are refused, no
out-of-band buffers are given, and a file is not read at all while the process has
registered a pickle extension code, whose cache bypasses ``find_class``). Dates and times
are made again from what the pickle gave: pickle's own form of them skips the range
checks, and a 31 February would fail the page that shows it. So a pickle naming
``os.system`` or any class is refused before anything runs, and what comes back is made
of None, booleans, numbers, texts, bytes, lists, tuples, dicts, sets and valid dates and
times alone (or those types themselves). Readers check that it has the shape they wrote.

A file starts with a line naming the format, then a line with the version of the code
that wrote it: a file of other code is never unpickled at all.
"""

from __future__ import annotations

import copyreg
import datetime as dt
import io
import os
import pickle
from pathlib import Path
from typing import Any

_MAGIC = b"gongshi plain-data pickle 1\n"
#: What a file may hold beyond builtin data, and what its globals may name.
_KINDS = (dt.date, dt.datetime, dt.time, dt.timedelta, dt.timezone)


def _checked(kind: type[dt.date] | type[dt.time]) -> Any:
    def make(*args: Any) -> Any:
        return kind(*args).replace()  # made again through the checking constructor

    return make


#: The only globals a file may name: what TOML's dates and times are made of.
_ALLOWED = {
    ("datetime", "date"): _checked(dt.date),
    ("datetime", "datetime"): _checked(dt.datetime),
    ("datetime", "time"): _checked(dt.time),
    ("datetime", "timedelta"): dt.timedelta,
    ("datetime", "timezone"): dt.timezone,
}


class _PlainData(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            return _ALLOWED[(module, name)]
        except (KeyError, TypeError):
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data") from None

    def persistent_load(self, pid: Any) -> Any:
        raise pickle.UnpicklingError("persistent references are not plain data")


class _PlainDataWriter(pickle.Pickler):
    def reducer_override(self, obj: Any) -> Any:
        # Called for what is not a builtin container, text or number: only dates may pass,
        # anything else could not be read back (and would be refused on every build).
        if type(obj) in _KINDS or (type(obj) is type and obj in _KINDS):
            return NotImplemented
        raise pickle.PicklingError(f"{type(obj).__name__} is not plain data")


def load_data(path: Path, version: str) -> Any:
    """Return what ``version`` of the code stored at ``path``, or None if nothing usable."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    head = _MAGIC + version.encode("utf-8") + b"\n"
    if not data.startswith(head) or copyreg._inverted_registry:
        return None  # of another format or other code, or extensions: never unpickled
    stream = io.BytesIO(data)  # shares the bytes until written to
    stream.seek(len(head))
    try:
        return _PlainData(stream).load()
    except Exception:  # whatever a damaged or refused pickle raises: start from scratch
        return None


def save_data(path: Path, version: str, payload: Any) -> None:
    """Store ``payload`` for ``version`` at ``path`` (to a temporary name, then renamed).

    Raises ValueError when ``payload`` is not plain data or is nested too deep to pickle,
    OSError when the file cannot be written (the file stored before is left as it was).
    """
    buffer = io.BytesIO()
    buffer.write(_MAGIC + version.encode("utf-8") + b"\n")
    try:
        _PlainDataWriter(buffer, protocol=5).dump(payload)
    except (pickle.PicklingError, RecursionError) as exc:
        raise ValueError(f"not plain data: {exc}") from None
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: two processes saving the same file must not share one.
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(buffer.getbuffer())
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)  # what a full disk left half-written
