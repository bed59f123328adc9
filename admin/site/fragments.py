"""Each record's entry in the whole-dataset files, remembered between builds.

The open-data CSV and JSON and ``/sitemap.xml`` hold one entry per listed record, and at
county scale making those entries was most of a rebuild's rendering (20,000 public rows
cleaned of Markdown and encoded, for the one record a publish added). A build hands the
site a :class:`Fragments` that reads the entries earlier builds made, each under the
digest of the record it was made from, and a view asks :meth:`Fragments.text` for a
record's entry in one of its memos (one memo per file: ``csv-penalties``, ``sitemap``):
the remembered text, or ``compute()`` when there is none.

The record's digest (its dataset, slug, notice, front matter and body *as loaded on the
build date*, :func:`admin.freeze.incremental.record_digests`) covers everything an entry
is made of but the code and ``base_url``; the build stores the memos under its site key,
which covers those, so entries from other code or another site are never used. (Not the
file's bytes: a decision past its 公示截止期 leaves the lists by date, file unchanged.)
Each memo is read by the process that renders its file, when it first asks, and written
back by it (:meth:`Fragments.keep`) holding exactly the entries that file used, so a memo
never grows with records that are gone. Without digests (the preview server, tests) every
entry is computed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from admin.content.memofile import worth_rewriting

if TYPE_CHECKING:
    from admin.site.content import Record

#: Reads a memo by name (empty when there is none); stores a memo's entries by name.
Load = Callable[[str], Mapping[str, object]]
Save = Callable[[str, dict[str, str]], None]


class Fragments:
    """Entries of records in whole-dataset files, read from and kept in named memos."""

    def __init__(
        self,
        digests: Mapping[tuple[str, str], str] | None = None,
        load: Load | None = None,
        save: Save | None = None,
    ) -> None:
        #: The digest of each record that may use a remembered entry, by (dataset, slug).
        self.digests = digests or {}
        self._load = load
        self._save = save
        self._known: dict[str, Mapping[str, object]] = {}
        #: The entries each memo's file used since :meth:`keep`, by memo and digest.
        self.used: dict[str, dict[str, str]] = {}
        #: How many entries of each memo were computed since :meth:`keep`.
        self.made: dict[str, int] = {}

    def text(self, memo: str, record: Record, compute: Callable[[], str]) -> str:
        """Return the entry of ``record`` in ``memo``: remembered, or ``compute()``."""
        digest = self.digests.get((record.dataset, record.slug))
        if digest is None:
            return compute()
        if memo not in self._known:
            self._known[memo] = self._load(memo) if self._load else {}
        entry = self._known[memo].get(digest)
        if not isinstance(entry, str):  # none, or damaged: the memo is JSON from disk
            entry = compute()
            self.made[memo] = self.made.get(memo, 0) + 1
        self.used.setdefault(memo, {})[digest] = entry
        return entry

    def keep(self) -> None:
        """Store each memo used since the last call whose entries changed, then forget them.

        Called after each file that used a memo: it used the entry of every record the
        file lists, and those are all the memo keeps. A large memo that changed little is
        not written (:func:`admin.content.memofile.worth_rewriting`).
        """
        for memo, entries in self.used.items():
            changed = self.made.get(memo, 0) + len(self._known[memo].keys() - entries.keys())
            if self._save and worth_rewriting(changed, len(entries)):
                self._save(memo, entries)
            self._known.pop(memo, None)  # the file is written: free the memory
        self.used, self.made = {}, {}
