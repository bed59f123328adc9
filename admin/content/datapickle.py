"""Files of plain data in pickle's format, signed, read by an unpickler that runs no code.

The build's remembered results were all JSON (:mod:`admin.content.memofile`), because
unpickling a file planted or altered in the build's folder can run any code. But JSON has
no dates: reading a county's parse cache back took 1.7 s of every rebuild, most of it
walking 111,000 entries in Python to turn tagged dates into dates (#16); unpickled, the
same entries take 0.4 s.

The promise stays: what is read here can at worst make a build redo its work.

- **Only files this user's builds wrote are unpickled.** Each file carries a keyed
  BLAKE2b of its content, with a key kept outside the build's folders
  (:func:`key_path`, made on first use, readable by the user alone); a file that does
  not match is never unpickled. This matters beyond code: the unpickler itself can be
  made to crash (a key nested 300,000 tuples deep), to allocate gigabytes (an 11-byte
  file) or to take hours (colliding integer keys) before any check could run.
- **And what a matching file can hold is plain data.** The unpickler is the standard
  library's own way to restrict a pickle ("Restricting Globals" in the :mod:`pickle`
  documentation): every global goes through :meth:`_PlainData.find_class`, which gives
  only the date and time types, and nothing else in the format reaches a callable
  (persistent references are refused, no out-of-band buffers are given, and nothing is
  read while the process has registered a pickle extension code, whose cache bypasses
  ``find_class``). Dates and times are made again from what the pickle gave: pickle's
  own form of them skips the range checks, and a 31 February would fail its page.

So a file that names ``os.system`` or any class is refused before anything runs, and what
comes back is made of None, booleans, numbers, texts, bytes, lists, tuples, dicts, sets
and valid dates and times alone. Readers check that it has the shape they wrote. Without
a key (no writable home), nothing is read or written: the build does its work afresh.

A file is a line naming the format, a line with the version of the code that wrote it
(a file of other code is never read further), a line with the signature, then the pickle.
"""

from __future__ import annotations

import copyreg
import datetime as dt
import hashlib
import hmac
import io
import os
import pickle
import secrets
from pathlib import Path
from typing import Any

from admin.content.memofile import replace_file

_MAGIC = b"gongshi plain-data pickle 2\n"
_KEY_BYTES = 32
#: What a file may hold beyond builtin data, and what its globals may name.
_KINDS = (dt.date, dt.datetime, dt.time, dt.timedelta, dt.timezone)


def _checked(kind: type[dt.date] | type[dt.time]) -> Any:
    def make(*args: Any) -> Any:
        return kind(*args).replace()  # made again through the checking constructor

    return make


def key_path() -> Path:
    """Return where this user's key for signing plain-data files is kept.

    In the user's cache folder, not beside the files it signs: whoever can write into a
    build's folder must not be able to sign what they put there.
    """
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(cache) / "gongshi" / "plain-data.key"


def _key() -> bytes | None:
    """Return this user's signing key, made on first use; None when it cannot be kept."""
    path = key_path()
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = secrets.token_bytes(_KEY_BYTES)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
                f.write(key)
        except FileExistsError:  # another build made it meanwhile: use that one
            return _key()
        except OSError:
            return None
    except OSError:
        return None
    return key if len(key) == _KEY_BYTES else None


def _signature(key: bytes, version: bytes, pickled: bytes | memoryview) -> bytes:
    digest = hashlib.blake2b(key=key, digest_size=32, person=b"gongshi-plain")
    digest.update(version + b"\n")
    digest.update(pickled)
    return digest.hexdigest().encode("ascii")


#: The only globals a file may name: what TOML's dates and times are made of.
_ALLOWED: dict[tuple[str, str], Any] = {("datetime", kind.__name__): kind for kind in _KINDS}
_DATES = (dt.date, dt.datetime, dt.time)


class _PlainData(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        try:
            kind = _ALLOWED[(module, name)]
        except (KeyError, TypeError):
            raise pickle.UnpicklingError(f"{module}.{name} is not plain data") from None
        # A factory of its own for each file: a pickle may set attributes on what it gets.
        return _checked(kind) if kind in _DATES else kind

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
    key = _key()
    if key is None or not data.startswith(head) or copyreg._inverted_registry:
        return None  # of another format or other code, or extensions: never unpickled
    start = len(head) + _SIGNATURE_LINE
    view = memoryview(data)
    signed = _signature(key, version.encode("utf-8"), view[start:])
    if not hmac.compare_digest(view[len(head) : start - 1].tobytes(), signed):
        return None  # not written by this user's builds, or altered since
    stream = io.BytesIO(data)  # shares the bytes until written to
    stream.seek(start)
    try:
        return _PlainData(stream).load()
    except Exception:  # whatever a damaged or refused pickle raises: start from scratch
        return None


#: The signature's line: 64 hexadecimal digits and the newline.
_SIGNATURE_LINE = 65


def _framed(key: bytes, version: str, pickled: bytes | memoryview) -> bytes:
    """Return the file holding ``pickled`` for ``version``, signed with ``key``."""
    head = _MAGIC + version.encode("utf-8") + b"\n"
    return head + _signature(key, version.encode("utf-8"), pickled) + b"\n" + pickled


def save_data(path: Path, version: str, payload: Any) -> None:
    """Store ``payload`` for ``version`` at ``path`` (to a temporary name, then renamed).

    Raises ValueError when ``payload`` is not plain data or is nested too deep to pickle,
    OSError when the file cannot be written (the file stored before is left as it was).
    Without a key nothing is written (it could not be read back).
    """
    key = _key()
    if key is None:
        return
    buffer = io.BytesIO()
    try:
        _PlainDataWriter(buffer, protocol=5).dump(payload)
    except (pickle.PicklingError, RecursionError) as exc:
        raise ValueError(f"not plain data: {exc}") from None
    replace_file(path, _framed(key, version, buffer.getbuffer()))
