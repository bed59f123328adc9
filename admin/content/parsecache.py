"""Parsed content files remembered between builds, by the hash of their bytes.

Parsing the TOML front matter of a county's 15,000 record files is most of the time a
rebuild spends reading ``content/``. Within a :func:`remembering` block every file whose
bytes were parsed by an earlier build is taken from the cache instead: the key is a hash
of the file's bytes (not its name or time), so an edited file is always parsed again.
Entries are stored as plain data, dates as dates, in a pickle that cannot run code
(:mod:`admin.content.datapickle`): reading a county's cache back as JSON and turning its
tagged dates into dates took 1.7 s of every rebuild, unpickled 0.4 s (#16). A damaged or
refused cache, or an entry of another shape, is parsed again. An entry is handed to its
readers as it was loaded, and files of the same bytes share one. Readers must not change
what they are given, from the cache or parsed: the cache is written back from it.

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
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from admin.content.datapickle import load_data, save_data
from admin.content.memofile import code_version, entry_key, worth_rewriting
from admin.domain import contentfile
from admin.domain.contentfile import ContentFile, parse_content_file

#: Changes with the parser's code: a cache written by other code is not used.
_PARSER_VERSION = code_version(contentfile, "files-2")
#: Where the stored payload keeps the files' signatures; entry keys are hexadecimal.
_FILES = "files"
#: How long before the block a file must have last changed for its signature to be kept.
SETTLE_NS = 2_000_000_000


class _Memo:
    def __init__(self, known: Any) -> None:
        known = known if type(known) is dict else {}
        files = known.pop(_FILES, None)
        self.known: dict[str, Any] = known
        #: The keys of the entries handed out from the cache.
        self.taken: set[str] = set()
        #: Each file's signature and entry key, by path: as stored, and as kept now.
        self.files: dict[str, Any] = files if type(files) is dict else {}
        self.signed: dict[str, list[Any]] = {}
        self.settled = time.time_ns() - SETTLE_NS
        #: Files parsed here, by key.
        self.parsed: dict[str, ContentFile] = {}
        #: One object for each text the front matters parsed here hold (see :func:`_shared`).
        self.strings: dict[str, str] = {}
        #: The lists and tables of the entries checked so far (see :func:`_is_toml`).
        self.checked: set[int] = set()

    def parse_path(self, path: Path) -> ContentFile:
        name = str(path)
        recorded = self.files.get(name)
        if type(recorded) is list and len(recorded) == 6 and type(recorded[5]) is str:
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
        """Return the entry stored or parsed under ``key``, None if none is usable.

        Files of the same bytes share it: a county's copied sections had 24,000 (#16).
        """
        if key in self.parsed:
            return self.parsed[key]
        stored = self.known.get(key)
        if key not in self.taken and not (
            type(stored) is tuple
            and len(stored) == 2
            and type(stored[0]) is dict
            and type(stored[1]) is str
            and _is_toml(stored[0], self.checked)
        ):
            return None  # missing (None) or damaged: parse the file
        self.taken.add(key)
        return ContentFile(stored[0], stored[1])

    def _parse(self, key: str, data: bytes) -> ContentFile:
        parsed = parse_content_file(data.decode("utf-8"))
        parsed = ContentFile(_shared(parsed.meta, self.strings), parsed.body)
        self.parsed[key] = parsed
        return parsed

    def used(self) -> set[str]:
        return self.taken | self.parsed.keys()

    def payload(self) -> dict[str, Any]:
        """Return what to store: the entries used in the block, and the files' signatures."""
        entries: dict[str, Any] = {key: self.known[key] for key in self.taken}
        entries.update((key, (parsed.meta, parsed.body)) for key, parsed in self.parsed.items())
        entries[_FILES] = self.signed
        return entries


#: The types TOML gives front matter: what a cache entry may hold, as when it was parsed.
_SCALARS = frozenset({str, float, bool, dt.date, dt.datetime, dt.time})
#: About the 4,300 digits ``str()`` writes: a larger number would fail the page showing it.
_INT_BITS = 14_000
#: As deep as orjson writes; a front matter nests tables a few levels at most.
_MAX_DEPTH = 255


def _is_toml(meta: dict[str, Any], seen: set[int]) -> bool:
    """Return whether ``meta`` holds only what TOML parses into (texts as keys).

    An unpickled entry holds only plain data and valid dates anyway; this refuses what
    TOML never gives: tuples, sets, bytes, other keys, a number too long to write, lists
    and tables nested deeper than :data:`_MAX_DEPTH` (the parser's own recursion stops
    long before), and a list or table met twice (TOML shares none; a cycle, or a few
    hundred bytes nesting one list twice in itself forty times, would make any walk
    endless). ``seen`` holds the ids of the lists and tables of the entries checked
    before, which no other entry shares either. Without recursion, so a forged entry is
    refused, never an error.
    """
    if id(meta) in seen:
        return False
    seen.add(id(meta))
    pending: list[tuple[Any, int]] = [(meta, 0)]
    while pending:
        container, depth = pending.pop()
        if type(container) is dict:
            if not all(type(key) is str for key in container):
                return False
            items = container.values()
        else:
            items = container
        for item in items:
            kind = type(item)
            if kind in _SCALARS:
                continue
            if kind is int:
                if item.bit_length() > _INT_BITS:
                    return False
            elif (kind is dict or kind is list) and id(item) not in seen and depth < _MAX_DEPTH:
                seen.add(id(item))
                pending.append((item, depth + 1))
            else:
                return False
    return True


def _signature(status: os.stat_result) -> list[int]:
    """Return what changes whenever a file's bytes do: size, times, inode and device."""
    return [
        status.st_size,
        status.st_mtime_ns,
        status.st_ctime_ns,
        status.st_ino,
        status.st_dev,
    ]


def _shared(value: Any, strings: dict[str, str]) -> Any:
    """Return ``value`` with each key and text one object for all the files parsed here.

    Every record repeats the same keys and many of the same values (status, body, kinds,
    legal basis): at scale 0.2 a county's 560,000 key strings are copies of about a
    hundred, 33 MB, and its 317,000 values 31 MB, of which 9.5 MB distinct. Each process
    that renders pages copies the objects it touches, so the duplicates cost twice (#16).
    The cache keeps the sharing: pickle writes an object met twice once.
    """
    kind = type(value)
    if kind is str:
        return strings.setdefault(value, value)
    if kind is dict:
        return {_shared(k, strings): _shared(v, strings) for k, v in value.items()}
    if kind is list:
        return [_shared(item, strings) for item in value]
    return value


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

    Readers must not change what they parse: the cache is written back from it, when the
    block ends and only when enough changed (to a temporary name, then renamed).
    """
    memo = _Memo(load_data(path, _PARSER_VERSION))
    token = _ACTIVE.set(memo)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
    if _worth_saving(memo):
        # Nested deeper than pickle writes (ValueError), or a cache that cannot be written
        # (a folder in its place): the next build parses what this one could not store.
        with suppress(ValueError, OSError):
            save_data(path, _PARSER_VERSION, memo.payload())


def _worth_saving(memo: _Memo) -> bool:
    """Return whether the cache stored differs from what the block used enough to write."""
    used = memo.used()
    if not memo.parsed and used == memo.known.keys() and memo.signed == memo.files:
        return False
    # Entries parsed or no longer used, or stored damaged, and files whose signature is
    # not the one stored: an edited file counts once here and once there, so the larger.
    entries = len(used ^ memo.known.keys()) + len(memo.parsed.keys() & memo.known.keys())
    files = sum(1 for name, signed in memo.signed.items() if memo.files.get(name) != signed)
    return worth_rewriting(max(entries, files, 1), len(memo.known))
