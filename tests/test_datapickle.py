"""Plain-data pickles: dates come back, code never runs, a foreign or damaged file is nothing."""

from __future__ import annotations

import builtins
import collections
import copyreg
import datetime as dt
import functools
import io
import math
import os
import pickle
from pathlib import Path

import pytest

from admin.content import datapickle
from admin.content.datapickle import load_data, save_data
from admin.content.memofile import load_json, save_json

TOML_VALUES = {
    "text": "公开\ud800",  # a lone surrogate too: pickle keeps it
    "numbers": [0, -1, 2**70, 1.5, -0.0, math.inf],
    "flags": [True, False],
    "date": dt.date(2026, 3, 1),
    "local": dt.datetime(2026, 3, 1, 8, 30, 1, 5),
    "aware": dt.datetime(2026, 3, 1, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    "utc": dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
    "clock": dt.time(8, 30),
    "table": {"rows": [{"day": dt.date(2026, 3, 2)}], "\0date": {"x": 1}},
}


def plant(path: Path, version: str, pickled: bytes) -> None:
    """Write ``pickled`` as a file of ``version``, signed with the user's key: what only
    someone holding the key could plant, to try the unpickler behind the signature."""
    path.write_bytes(datapickle._framed(datapickle._key(), version, pickled))


def test_what_toml_parses_comes_back_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", TOML_VALUES)
    again = load_data(path, "v1")
    assert again == TOML_VALUES
    assert str(again["numbers"][4]) == "-0.0"
    assert again["aware"].utcoffset() == dt.timedelta(hours=8)
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pickle"]  # no temporary left


def test_objects_met_twice_are_stored_once_and_come_back_shared(tmp_path: Path) -> None:
    status = "".join(["已", "公示"])
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", [{"status": status}, {"status": status}])
    first, second = load_data(path, "v1")
    assert first["status"] is second["status"]


def test_a_file_of_other_code_or_format_reads_as_nothing_and_is_never_unpickled(
    tmp_path: Path,
) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", {"a": 1})
    assert load_data(path, "v2") is None
    assert load_data(tmp_path / "missing.pickle", "v1") is None
    path.write_bytes(pickle.dumps(_Runs(marker)))  # a plain pickle, no header
    assert load_data(path, "v1") is None
    assert not marker.exists()


class _Runs:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(lambda marker: _Runs(marker), id="os.system"),
        pytest.param(lambda marker: {"deep": [[_Runs(marker)]]}, id="nested"),
        pytest.param(lambda marker: collections.OrderedDict(a=1), id="a class of the stdlib"),
        pytest.param(lambda marker: functools.partial(print, "x"), id="a callable"),
        pytest.param(lambda marker: Path("/etc/passwd"), id="a path"),
    ],
)
def test_a_pickle_naming_anything_but_dates_is_refused_before_it_runs(
    tmp_path: Path, payload
) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "memo.pickle"
    with pytest.raises(ValueError):
        save_data(path, "v1", payload(marker))  # never written by the program
    plant(path, "v1", pickle.dumps(payload(marker)))  # the right header and version
    assert load_data(path, "v1") is None
    assert not marker.exists()


def test_a_persistent_reference_is_refused(tmp_path: Path) -> None:
    class Referring(pickle.Pickler):
        def persistent_id(self, obj):
            return "outside" if obj == "secret" else None

    buffer = io.BytesIO()
    Referring(buffer, protocol=5).dump({"a": "secret"})
    path = tmp_path / "memo.pickle"
    plant(path, "v1", buffer.getvalue())
    assert load_data(path, "v1") is None


@pytest.mark.parametrize("cut", [1, 10, 100, -1])
def test_a_truncated_file_reads_as_nothing(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", TOML_VALUES)
    data = path.read_bytes()
    path.write_bytes(data[:cut])
    assert load_data(path, "v1") is None


def test_what_pickle_cannot_write_is_a_value_error_and_leaves_the_file(tmp_path: Path) -> None:
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", {"a": 1})
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(ValueError):
        save_data(path, "v1", deep)
    assert load_data(path, "v1") == {"a": 1}


@pytest.mark.parametrize("name", ["eval", "getattr", "exec", "__import__"])
def test_builtins_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / "memo.pickle"
    plant(path, "v1", pickle.dumps({"f": getattr(builtins, name)}))
    assert load_data(path, "v1") is None


@pytest.mark.parametrize(
    ("value", "state", "forged"),
    [
        pytest.param(dt.date(2026, 2, 28), b"\x07\xea\x02\x1c", b"\x07\xea\x02\x1f", id="31 Feb"),
        pytest.param(dt.date(2026, 2, 28), b"\x07\xea\x02\x1c", b"\x00\x00\x01\x01", id="year 0"),
        pytest.param(dt.time(23, 59, 58), b"\x17\x3b\x3a", b"\x17\xff\xff", id="23:255:255"),
        pytest.param(
            dt.datetime(2026, 2, 28, 8),
            b"\x07\xea\x02\x1c\x08",
            b"\x07\xea\x02\x1e\x08",
            id="30 Feb",
        ),
    ],
)
def test_a_date_pickle_forged_out_of_range_is_refused(
    tmp_path: Path, value: object, state: bytes, forged: bytes
) -> None:
    # Pickle's own form of a date is its bytes, which the constructor checks only in part.
    pickled = pickle.dumps({"d": value}, protocol=5)
    assert pickled.count(state) == 1
    path = tmp_path / "memo.pickle"
    plant(path, "v1", pickled)
    assert load_data(path, "v1") == {"d": value}
    plant(path, "v1", pickled.replace(state, forged))
    assert load_data(path, "v1") is None


@pytest.mark.parametrize("cut", [1, 2, 10, 50, 200, 400])
def test_a_pickle_cut_anywhere_reads_as_nothing(tmp_path: Path, cut: int) -> None:
    pickled = pickle.dumps(TOML_VALUES, protocol=5)
    path = tmp_path / "memo.pickle"
    plant(path, "v1", pickled[: len(pickled) - cut])
    assert load_data(path, "v1") is None


def test_a_file_is_not_read_while_an_extension_code_is_registered(
    tmp_path: Path,
) -> None:
    # The unpickler takes a registered code's object from its cache, not from find_class.
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", {"a": 1})
    copyreg.add_extension("os", "system", 0x7FFFFFF0)
    try:
        assert load_data(path, "v1") is None
    finally:
        copyreg.remove_extension("os", "system", 0x7FFFFFF0)
    assert load_data(path, "v1") == {"a": 1}


@pytest.mark.parametrize(
    ("save", "load"), [(save_data, load_data), (save_json, load_json)], ids=["pickle", "json"]
)
def test_a_write_that_fails_leaves_the_stored_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, save, load
) -> None:
    path = tmp_path / "memo.pickle"
    save(path, "v1", {"a": 1})

    def full(self: Path, data: object) -> int:
        Path.write_text(self, "half")  # what a disk that filled up half-way leaves
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    assert datapickle._key()  # read before the disk fills
    with pytest.raises(OSError):
        save(path, "v1", {"a": 2})
    monkeypatch.undo()
    assert [p.name for p in tmp_path.iterdir()] == ["memo.pickle"]
    assert load(path, "v1") == {"a": 1}


@pytest.mark.parametrize(
    "pickled",
    [
        pytest.param(lambda marker: pickle.dumps(_Runs(marker)), id="code"),
        # What the unpickler itself cannot survive, before any check could run: an 11-byte
        # file making it allocate 2**31 memo slots, a key nested 300,000 tuples deep.
        pytest.param(lambda marker: b"\x80\x02Nr\x00\x00\x00\x800}.", id="memo of 2**31"),
        pytest.param(lambda marker: b"\x80\x02}N" + b"\x85" * 300_000 + b"Ns.", id="deep key"),
    ],
)
def test_a_file_not_signed_with_the_users_key_is_never_unpickled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pickled
) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "memo.pickle"
    payload = pickled(marker)
    # Signed with another key (another user's, or a guess), or signed right and altered.
    path.write_bytes(datapickle._framed(b"k" * 32, "v1", payload))
    assert load_data(path, "v1") is None
    good = datapickle._framed(datapickle._key(), "v1", pickle.dumps({"a": 1}))
    path.write_bytes(good[:-3] + payload[:1] + good[-2:])
    assert load_data(path, "v1") is None
    path.write_bytes(good)
    assert load_data(path, "v1") == {"a": 1}
    assert not marker.exists()


def test_the_key_is_the_users_alone_and_kept_outside_the_build(tmp_path: Path) -> None:
    save_data(tmp_path / "memo.pickle", "v1", {"a": 1})
    key = datapickle.key_path()
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600
    assert tmp_path not in key.parents


def test_without_a_key_nothing_is_written_or_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "memo.pickle"
    save_data(path, "v1", {"a": 1})
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # the key cannot be made there
    assert load_data(path, "v1") is None
    save_data(tmp_path / "other.pickle", "v1", {"a": 1})
    assert not (tmp_path / "other.pickle").exists()
