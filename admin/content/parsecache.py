"""Parsed content files remembered between builds, by the hash of their bytes.

Parsing the TOML front matter of a county's 15,000 record files is most of the time a
rebuild spends reading ``content/``. Within a :func:`remembering` block every file whose
bytes were parsed by an earlier build is taken from the cache instead: the key is a hash
of the file's bytes (not its name or time), so an edited file is always parsed again.
Entries are kept as JSON's types (dates tagged, :mod:`admin.content.memofile`) and decoded into
fresh objects on each use, so no two readers share an object, the stored form is written
back untouched, and a tampered cache cannot run code (a damaged entry is parsed again).

Reading the bytes of a county's 135,000 files to hash them took 2.7 s of each rebuild
(#16), so the cache also remembers each file's size, modification and change times,
inode and device with its key, and a file whose signature is unchanged is not read
again: git's index does the same. The change time cannot be set back by a user, and
every write or rename changes it or the inode. As in git, a file changed less than
:data:`SETTLE_NS` before the block began is not trusted that way (a second write in the
same clock tick would leave its times as they were), so it is read again next time.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from admin.content.memofile import (
    TAG,
    code_version,
    decode_value,
    encode_value,
    entry_key,
    load_memo,
    save_memo,
    worth_rewriting,
)
from admin.domain import contentfile
from admin.domain.contentfile import ContentFile, parse_content_file

#: Changes with the parser's code: a cache written by other code is not used.
_PARSER_VERSION = code_version(contentfile, "files-1")
_DATE_TAG = f"{TAG}date"
#: Where the stored payload keeps the files' signatures; entry keys are hexadecimal.
_FILES = "files"
#: How long before the block a file must have last changed for its signature to be kept.
SETTLE_NS = 2_000_000_000


class _Memo:
    def __init__(self, known: dict[str, Any]) -> None:
        files = known.pop(_FILES, None)
        self.known = known
        self.used: dict[str, Any] = {}
        #: Each file's signature and entry key, by path: as stored, and as kept now.
        self.files: dict[str, Any] = files if isinstance(files, dict) else {}
        self.signed: dict[str, list[Any]] = {}
        self.settled = time.time_ns() - SETTLE_NS
        #: Files parsed here, stored only when the block ends (:meth:`finish`).
        self.parsed: dict[str, ContentFile] = {}
        #: One object for each text the front matters hold (see :func:`_shared`).
        self.strings: dict[str, str] = {}

    def parse_path(self, path: Path) -> ContentFile:
        name = str(path)
        recorded = self.files.get(name)
        if isinstance(recorded, list) and len(recorded) == 6 and isinstance(recorded[5], str):
            try:
                unchanged = recorded[:5] == _signature(os.stat(name))  # str: 25 % faster
            except OSError:
                unchanged = False  # reading it says why
            found = self._remembered(recorded[5]) if unchanged else None
            if found is not None:
                self.signed[name] = recorded
                return found
        with path.open("rb") as handle:
            # The signature of the bytes read: a write after it changes the file's times.
            status = os.fstat(handle.fileno())
            data = handle.read()
        key = entry_key(data)
        parsed = self._remembered(key) or self._parse(key, data)
        if max(status.st_mtime_ns, status.st_ctime_ns) < self.settled:
            self.signed[name] = [*_signature(status), key]
        return parsed

    def parse(self, data: bytes) -> ContentFile:
        key = entry_key(data)
        return self._remembered(key) or self._parse(key, data)

    def _remembered(self, key: str) -> ContentFile | None:
        """Return a fresh copy of the entry stored under ``key``, None if none is usable."""
        stored = self.known.get(key)
        if not (type(stored) is list and len(stored) == 2 and type(stored[1]) is str):
            return None  # missing (None) or damaged: parse the file
        try:
            meta = _fresh(stored[0], self.strings)
        except (TypeError, ValueError, KeyError, AttributeError):
            return None
        if not isinstance(meta, dict):
            return None
        self.used[key] = stored
        return ContentFile(meta, _copy(stored[1]))

    def _parse(self, key: str, data: bytes) -> ContentFile:
        parsed = parse_content_file(data.decode("utf-8"))
        parsed = ContentFile(_shared(parsed.meta, self.strings), parsed.body)
        self.used[key] = None
        self.parsed[key] = parsed
        return parsed

    def finish(self) -> None:
        """Make the stored form of every file parsed in the block.

        Not as each file is parsed: the stored forms, freed once saved, would then lie
        between the objects the site keeps, and the memory they leave could not go back
        to the system (a county's first build held 38 % more, #16). Nothing the block
        parsed is changed by its readers (``load_site`` copies each meta dict).
        """
        for key, parsed in self.parsed.items():
            self.used[key] = [encode_value(parsed.meta), parsed.body]
        self.parsed.clear()


def _signature(status: os.stat_result) -> list[int]:
    """Return what changes whenever a file's bytes do: size, times, inode and device."""
    return [
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        status.st_dev,
    ]


def _shared(value: Any, strings: dict[str, str], copy: bool = False) -> Any:
    """Return ``value`` with each key and text one object for all the files of the block.

    Every record repeats the same keys and many of the same values (status, body, kinds,
    legal basis): at scale 0.2 a county's 560,000 key strings are copies of about a
    hundred, 33 MB, and its 317,000 values 31 MB, of which 9.5 MB distinct. Each process
    that renders pages copies the objects it touches, so the duplicates cost twice (#16).
    With ``copy``, a text seen first and every number are copied: a cache entry's values
    lie among the cache's other objects, which are all freed when the block ends, and a
    value kept there would keep its memory from going back to the system (the numbers
    alone kept 42 MB of the scale-0.2 county's cache resident).
    """
    kind = type(value)
    if kind is str:
        found = strings.get(value)
        if found is None:
            found = strings[value] = _copy(value) if copy else value
        return found
    if kind is dict:
        return {_shared(k, strings, copy): _shared(v, strings, copy) for k, v in value.items()}
    if kind is list:
        return [_shared(item, strings, copy) for item in value]
    if copy and kind is int:
        return value + 0  # a new object (above 256), as for the strings
    if copy and kind is float:
        return value * 1.0  # not + 0.0, which turns -0.0 into 0.0
    return value


def _fresh(value: Any, strings: dict[str, str]) -> Any:
    """Return ``decode_value(value)`` shared as ``_shared(..., copy=True)`` does, in one walk.

    Taking a county's 135,000 files from the cache walked each entry twice (1.7 s of every
    rebuild, #16). Dates are read in one step; other tagged values (times, a dict with a
    tagged key) are rare enough to take the two walks.
    """
    kind = type(value)
    if kind is str:
        found = strings.get(value)
        if found is None:
            found = strings[value] = _copy(value)
        return found
    if kind is dict:
        if len(value) == 1:
            ((key, item),) = value.items()
            if key == _DATE_TAG and type(item) is str:
                return dt.date.fromisoformat(item)  # most tagged values: read in one step
            if key.startswith(TAG):
                return _shared(decode_value(value), strings, copy=True)
        # Keys and texts inline: a call for each cost half the walk's time. Keys go
        # through ``strings`` too: orjson's own table of keys holds 2,048 and the cache's
        # hexadecimal entry keys keep displacing the front matter's, so taken as loaded
        # they were thousands of objects lying among the cache's (85 % more memory kept
        # after loading, #16).
        fresh = {}
        known = strings.get
        for name, item in value.items():
            kind = type(item)
            if kind is str:
                item = known(item) or _fresh(item, strings)
            elif kind is int:
                item = item + 0  # a new object, as in _shared
            elif kind is not bool and kind is not type(None):
                item = _fresh(item, strings)
            fresh[known(name) or _fresh(name, strings)] = item
        return fresh
    if kind is list:
        return [_fresh(item, strings) for item in value]
    if kind is int:
        return value + 0  # a new object (above 256), as in _shared
    if kind is float:
        return value * 1.0
    return value


def _copy(text: str) -> str:
    """Return a new string equal to ``text`` (slicing and ``str()`` return the same one)."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "surrogatepass")


_ACTIVE: ContextVar[_Memo | None] = ContextVar("gongshi_parse_memo", default=None)


def parse_file_bytes(data: bytes) -> ContentFile:
    """Parse a content file's bytes, from the cache when a :func:`remembering` block is open.

    Raises what :func:`parse_content_file` and UTF-8 decoding raise.
    """
    memo = _ACTIVE.get()
    if memo is None:
        return parse_content_file(data.decode("utf-8"))
    return memo.parse(data)


def parse_file(path: Path) -> ContentFile:
    """Parse the content file at ``path``, from the cache when a :func:`remembering` block
    is open (without reading it when its signature is unchanged).

    Raises what reading the file, :func:`parse_content_file` and UTF-8 decoding raise.
    """
    memo = _ACTIVE.get()
    if memo is None:
        return parse_content_file(path.read_bytes().decode("utf-8"))
    return memo.parse_path(path)


@contextmanager
def remembering(path: Path) -> Iterator[None]:
    """Parse through the cache stored at ``path``; afterwards keep only what was used.

    A file parsed in the block is stored as it is when the block ends: readers must not
    change what they parse (a file taken from the cache is theirs to change).
    The cache is rewritten (to a temporary name, then renamed) only when it changed.
    """
    memo = _Memo(load_memo(path, _PARSER_VERSION))
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
    memo.finish()
    if _worth_saving(memo):
        save_memo(path, _PARSER_VERSION, {**memo.used, _FILES: memo.signed})


def _worth_saving(memo: _Memo) -> bool:
    """Return whether the cache stored differs from what the block used enough to write."""
    if memo.used.keys() == memo.known.keys() and memo.signed == memo.files:
        return False
    # Entries parsed or no longer used, and files whose signature is not the one stored:
    # an edited file counts once here and once there, so the larger of the two.
    entries = len(memo.used.keys() ^ memo.known.keys())
    files = sum(1 for name, signed in memo.signed.items() if memo.files.get(name) != signed)
    return worth_rewriting(max(entries, files, 1), len(memo.known))
