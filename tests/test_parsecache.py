"""Parsed content files are remembered between builds by their bytes, never by their name."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import os
import pickle
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from admin.content import datapickle, memofile, parsecache
from admin.content.datapickle import load_data, save_data
from admin.content.memofile import decode_value, encode_value, load_json, save_json
from admin.content.parsecache import parse_file, parse_file_bytes, remembering
from admin.domain.contentfile import parse_content_file

FILE = '+++\ntitle = "公开指南"\ntags = ["一", "二"]\n+++\n正文\n'.encode()
OTHER = '+++\ntitle = "年度报告"\n+++\n另一篇\n'.encode()
DATED = (
    '+++\ntitle = "决定"\ndecided = 2026-03-01\nat = 2026-03-01T08:30:00+08:00\n'
    "local = 2026-03-01T08:30:00\nclock = 08:30:00\n[[rows]]\nday = 2026-03-02\n"
    '["\\u0000date"]\nx = 1\n+++\n正文\n'
).encode()


def _key(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def _stored(cache: Path) -> dict[str, object]:
    """The cache's entries, by key (without the files' signatures)."""
    payload = load_data(cache, parsecache._PARSER_VERSION)
    return {key: entry for key, entry in payload.items() if key != "files"}


def _signatures(cache: Path) -> dict[str, list]:
    return load_data(cache, parsecache._PARSER_VERSION)["files"]


def _signature(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]


def _plant(cache: Path, version: str, entries: dict[str, object]) -> None:
    save_data(cache, version, entries)


def _signed(pickled: bytes) -> bytes:
    """``pickled`` as a cache file signed with the user's key, which the program itself
    would not write: what only someone holding the key could plant."""
    return datapickle._framed(datapickle._key(), parsecache._PARSER_VERSION, pickled)


def test_a_file_parses_the_same_through_the_cache_and_files_of_the_same_bytes_share_it(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "state" / "content-cache.pickle"
    expected = parse_content_file(FILE.decode())
    for _ in ("a miss", "a hit"):
        with remembering(cache):
            first = parse_file_bytes(FILE)
            assert first == expected
            assert parse_file_bytes(FILE).meta is first.meta  # parsed or unpickled once
            assert parse_file_bytes(OTHER).meta is not first.meta
        assert _stored(cache)[_key(FILE)] == (expected.meta, expected.body)


def test_dates_times_and_odd_keys_come_back_as_they_were_parsed(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.pickle"
    expected = parse_content_file(DATED.decode())
    assert isinstance(expected.meta["at"], dt.datetime) and expected.meta["at"].tzinfo
    with remembering(cache):
        parse_file_bytes(DATED)
    with remembering(cache):
        again = parse_file_bytes(DATED)
    assert again == expected
    assert [type(again.meta[k]) for k in ("decided", "at", "local", "clock")] == [
        dt.date,
        dt.datetime,
        dt.datetime,
        dt.time,
    ]
    assert decode_value(json.loads(json.dumps(encode_value(expected.meta)))) == expected.meta


def test_nan_and_infinities_come_back_as_floats(tmp_path: Path) -> None:
    # JSON has neither; written as they came, a fast encoder writes null for nan.
    data = '+++\ntitle = "统计"\nratio = nan\nhigh = inf\nlow = -inf\n+++\n正文\n'.encode()
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        parse_file_bytes(data)
    with remembering(cache):
        meta = parse_file_bytes(data).meta
    assert math.isnan(meta["ratio"]) and (meta["high"], meta["low"]) == (math.inf, -math.inf)


def test_a_memo_is_json_the_json_module_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "memo.json"
    payload = {"中文": ["1", 2, 3.5, None, True], "x": {"y": []}}
    save_json(path, "v1", payload)
    assert path.read_bytes() == json.dumps(
        {"version": "v1", "payload": payload}, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    assert load_json(path, "v1") == payload


@pytest.mark.parametrize(
    "payload",
    [
        {"lone": "\ud800"},  # a surrogate no UTF-8 encoder writes
        {"deep": functools.reduce(lambda inner, _: [inner], range(300), [])},  # nesting > 255
    ],
)
def test_what_the_fast_encoder_refuses_is_still_remembered(tmp_path: Path, payload) -> None:
    path = tmp_path / "memo.json"
    save_json(path, "v1", payload)
    assert load_json(path, "v1") == payload


def test_a_hit_comes_from_the_cache_and_edited_bytes_are_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.pickle"
    _plant(cache, parsecache._PARSER_VERSION, {_key(FILE): ({"title": "缓存中的标题"}, "缓存")})
    with remembering(cache):
        assert parse_file_bytes(FILE).meta == {"title": "缓存中的标题"}
        assert parse_file_bytes(FILE + b"\n").meta["title"] == "公开指南"


def test_a_file_whose_signature_is_unchanged_is_taken_without_reading_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(FILE)
    cache = tmp_path / "content-cache.pickle"
    # The entry planted under another key: only the signature can lead to it.
    planted = {"planted": ({"title": "缓存中的标题"}, "缓存")}
    _plant(
        cache,
        parsecache._PARSER_VERSION,
        {**planted, "files": {str(path): [*_signature(path), "planted"]}},
    )
    with remembering(cache):
        assert parse_file(path).meta == {"title": "缓存中的标题"}
    # Any write changes the signature (here the change time and the size): read again.
    path.write_bytes(FILE + b"\n")
    with remembering(cache):
        assert parse_file(path).meta["title"] == "公开指南"
    # Replaced by another file of the same bytes (a new inode): read again, found by its key.
    _plant(
        cache,
        parsecache._PARSER_VERSION,
        {**planted, "files": {str(path): [*_signature(path), "planted"]}},
    )
    other = tmp_path / "other.md"
    other.write_bytes(FILE + b"\n")
    other.replace(path)
    with remembering(cache):
        assert parse_file(path).meta["title"] == "公开指南"


def test_a_file_changed_just_before_the_build_is_not_trusted_by_its_signature(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(FILE)
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        parse_file(path)
    # Written within the settling time: a second write in the same clock tick could keep
    # its times, so it is read (and hashed) every time until it has settled.
    assert _signatures(cache) == {}
    assert list(_stored(cache)) == [_key(FILE)]
    monkeypatch.setattr(parsecache, "SETTLE_NS", 0)
    with remembering(cache):
        parse_file(path)
    assert _signatures(cache) == {str(path): [*_signature(path), _key(FILE)]}


@pytest.mark.parametrize(
    "recorded",
    [[1, 2], "x", [1, 2, 3, 4, 5, 6], [0, 0, 0, 0, 0, ["list"]], None, {"a": 1}],
)
def test_a_damaged_signature_is_read_past_never_an_error(tmp_path: Path, recorded) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(FILE)
    cache = tmp_path / "content-cache.pickle"
    _plant(cache, parsecache._PARSER_VERSION, {"files": {str(path): recorded}})
    with remembering(cache):
        assert parse_file(path) == parse_content_file(FILE.decode())


class _Exploit:
    """Unpickled by a plain unpickler, it runs a shell command (``touch marker``)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


@pytest.mark.parametrize("where", ["entry", "meta", "files"])
def test_a_pickle_that_names_code_runs_nothing_and_the_files_are_parsed(
    tmp_path: Path, where: str
) -> None:
    marker = tmp_path / "pwned"
    exploit = _Exploit(marker)
    entries = {
        "entry": {_key(FILE): exploit},
        "meta": {_key(FILE): ({"title": exploit}, "正文")},
        "files": {"files": exploit},
    }[where]
    cache = tmp_path / "content-cache.pickle"
    # With the header and version it needs (the program itself refuses to write it).
    cache.write_bytes(_signed(pickle.dumps(entries)))
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"
    assert not marker.exists()
    assert _stored(cache) == {_key(FILE): (parse_content_file(FILE.decode()).meta, "正文\n")}


def test_a_json_cache_of_an_older_version_is_never_unpickled(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    cache = tmp_path / "content-cache.pickle"
    cache.write_bytes(pickle.dumps({_key(FILE): _Exploit(marker)}))  # no header, no version
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"
    assert not marker.exists()


def _planted_entry(entry: object) -> Callable[[bytes], dict[str, object]]:
    return lambda _: {_key(DATED): entry}


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: data[:-1], id="last byte"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: b"\x00\xff" + data, id="garbage"),
        pytest.param(lambda data: data.replace(b"files", b"filez"), id="flipped"),
        pytest.param(lambda data: data.split(b"\n", 2)[0] + b"\n", id="no version"),
        pytest.param(_planted_entry([{"title": "x"}, "x"]), id="a list"),
        pytest.param(_planted_entry(({"title": "x"}, 17)), id="body not text"),
        pytest.param(_planted_entry(({"title": ("x",)}, "x")), id="a tuple"),
        pytest.param(_planted_entry(({"title": {"x"}}, "x")), id="a set"),
        pytest.param(_planted_entry(({"title": b"x"}, "x")), id="bytes"),
        pytest.param(_planted_entry(({1: "x"}, "x")), id="a number as key"),
        pytest.param(_planted_entry(({"rows": [{"a": None}]}, "x")), id="None inside"),
        pytest.param(_planted_entry(({"title": "x"}, "x", "y")), id="three"),
        pytest.param(lambda _: [1, 2, 3], id="not a dict"),
    ],
)
def test_a_damaged_cache_is_discarded_never_an_error(tmp_path: Path, damage) -> None:
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        parse_file_bytes(DATED)
    damaged = damage(cache.read_bytes())
    if isinstance(damaged, bytes):
        cache.write_bytes(damaged)
    else:
        _plant(cache, parsecache._PARSER_VERSION, damaged)
    with remembering(cache):
        assert parse_file_bytes(DATED) == parse_content_file(DATED.decode())
    assert _key(DATED) in _stored(cache)  # and it was written anew
    expected = parse_content_file(DATED.decode())
    assert _stored(cache)[_key(DATED)] == (expected.meta, expected.body)


def test_entries_not_used_are_dropped_and_a_foreign_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        parse_file_bytes(FILE)
        parse_file_bytes(OTHER)
    assert len(_stored(cache)) == 2
    with remembering(cache):
        parse_file_bytes(OTHER)
    assert list(_stored(cache)) == [_key(OTHER)]
    _plant(cache, "another parser", {_key(FILE): ({"title": "x"}, "x")})
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"


def test_without_a_block_nothing_is_cached(tmp_path: Path) -> None:
    assert parse_file_bytes(FILE) == parse_content_file(FILE.decode())
    assert list(tmp_path.iterdir()) == []


def test_the_site_loader_leaves_what_it_parsed_or_took_from_the_cache_as_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cache is written back from the objects its readers were given, parsed on a miss
    # or unpickled on a hit: loading the site must not have changed any of them, or the
    # next build would read the change back.
    from admin.freeze.freeze import site_app

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    cache = tmp_path / "content-cache.pickle"
    files = [p for p in content.rglob("*.md")]
    assert len(files) > 50
    for block in ("parsed", "taken from the cache"):
        if block != "parsed":
            # Rewritten although nothing changed: what the site was given is written back.
            monkeypatch.setattr(parsecache, "_worth_saving", lambda memo: True)
            cache.write_bytes(cache.read_bytes())
            before = cache.stat().st_mtime_ns
        with remembering(cache):
            site_app(content, dt.date(2026, 12, 7))
        if block != "parsed":
            assert cache.stat().st_mtime_ns != before
        stored = _stored(cache)
        assert len(stored) == len({_key(p.read_bytes()) for p in files})
        for path in files:
            data = path.read_bytes()
            parsed = parse_content_file(data.decode())
            assert stored[_key(data)] == (parsed.meta, parsed.body)


def test_the_files_of_a_block_share_one_object_for_each_key_and_text(tmp_path: Path) -> None:
    one = '+++\ntitle = "甲"\nstatus = "已公示"\namount = 123456\nrate = -0.0\n+++\n正文\n'
    two = '+++\ntitle = "乙"\nstatus = "已公示"\namount = 123456\nrate = -0.0\n+++\n正文\n'
    cache = tmp_path / "content-cache.pickle"
    for _ in ("a miss", "a hit"):
        with remembering(cache):
            first = parse_file_bytes(one.encode())
            second = parse_file_bytes(two.encode())
        assert first == parse_content_file(one) and second == parse_content_file(two)
        assert first.meta["status"] is second.meta["status"]
        keys = {id(k) for k in first.meta} | {id(k) for k in second.meta}
        assert len(keys) == 4
        assert str(first.meta["rate"]) == "-0.0" and first.meta["amount"] == 123456


def test_a_large_cache_is_rewritten_only_when_enough_of_it_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsecache, "SETTLE_NS", 0)
    monkeypatch.setattr(memofile, "LARGE_MEMO", 8)
    monkeypatch.setattr(memofile, "RESAVE_SHARE", 4)  # rewrite when over a quarter changes
    files = []
    for n in range(12):
        files.append(tmp_path / f"f{n}.md")
        files[-1].write_bytes(FILE.replace("公开指南".encode(), f"指南{n}".encode()))
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        for path in files:
            parse_file(path)
    stored = cache.read_bytes()
    # One new file and one edited: 2 of 12 changed, not written; both parsed as they are.
    extra = tmp_path / "new.md"
    extra.write_bytes(OTHER)
    files[0].write_bytes(FILE)
    for _ in range(2):  # the second time too: what was not written is read again
        with remembering(cache):
            assert parse_file(extra).meta["title"] == "年度报告"
            assert parse_file(files[0]).meta["title"] == "公开指南"
            for path in files[1:]:
                parse_file(path)
        assert cache.read_bytes() == stored
    # Two more edits: 4 of 12 changed, over a quarter: written.
    for path in files[1:3]:
        path.write_bytes(path.read_bytes() + b"\n")
    with remembering(cache):
        for path in [*files, extra]:
            parse_file(path)
    assert cache.read_bytes() != stored
    assert _signatures(cache)[str(extra)] == [*_signature(extra), _key(OTHER)]


def test_thousands_of_files_from_the_cache_share_one_object_for_each_key(tmp_path: Path) -> None:
    # orjson keeps 2,048 keys of its own, and the cache's entry keys (one per file) keep
    # displacing the front matter's: taken as loaded, keys would be thousands of objects
    # lying among the cache's, whose memory could then not go back to the system.
    files = [
        f'+++\ntitle = "决定{n}"\nstatus = "已公示"\ndecision_date = 2026-03-01\n+++\n正文\n'
        for n in range(3000)
    ]
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        for text in files:
            parse_file_bytes(text.encode())
    with remembering(cache):
        metas = [parse_file_bytes(text.encode()).meta for text in files]
    assert metas[-1] == parse_content_file(files[-1]).meta
    assert len({id(key) for meta in metas for key in meta}) == 3


def _loop() -> list:
    loop: list = []
    loop.append(loop)
    return loop


def _doubled(times: int) -> list:
    # A few hundred bytes that a walk following every reference would take 2**times steps in.
    nested: list = ["x"]
    for _ in range(times):
        nested = [nested, nested]
    return nested


#: Stands for a value pickle cannot write, put in its place in the pickled bytes.
_FORGED = "value-to-forge"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(_loop, id="a list holding itself"),
        pytest.param(lambda: _doubled(60), id="a list nested twice in itself"),
        pytest.param(lambda: _FORGED, id="nested 100,000 deep"),
        pytest.param(lambda: 10**5000, id="a number of 5,000 digits"),
    ],
)
def test_an_entry_no_toml_file_gives_is_parsed_again_never_an_error(tmp_path: Path, value) -> None:
    cache = tmp_path / "content-cache.pickle"
    entries = {_key(FILE): ({"title": "缓存中的标题", "tags": value()}, "正文\n")}
    pickled = pickle.dumps(entries, protocol=2)  # what pickle writes the program refuses
    # Lists nested deeper than pickle writes, as its opcodes make them: EMPTY_LIST, APPEND.
    text = pickle.dumps(_FORGED, protocol=2)[2:-3]  # BINUNICODE, its length, the text
    assert pickled.count(text) == (value() == _FORGED)
    pickled = pickled.replace(text, b"]" * 100_000 + b"a" * 99_999)
    cache.write_bytes(_signed(pickled))
    checking = threading.Thread(target=_parse_through, args=(cache,), daemon=True)
    checking.start()
    checking.join(30)  # a walk that follows every reference would not end (2**60 steps)
    assert not checking.is_alive()
    assert _parse_through.results.pop() == parse_content_file(FILE.decode())


def _parse_through(cache: Path) -> None:
    with remembering(cache):
        _parse_through.results.append(parse_file_bytes(FILE))


_parse_through.results = []  # type: ignore[attr-defined]


def test_entries_sharing_a_table_are_refused_after_the_first(tmp_path: Path) -> None:
    # TOML gives every file tables of its own: shared ones are forged, and a table of a
    # million references shared by every entry would be walked again for each.
    shared = {"title": "缓存中的标题", "tags": ["一"] * 100_000}
    cache = tmp_path / "content-cache.pickle"
    entries = {_key(FILE): (shared, "正文\n"), _key(OTHER): (shared, "另一篇\n")}
    cache.write_bytes(_signed(pickle.dumps(entries)))
    with remembering(cache):
        assert parse_file_bytes(FILE).meta == shared  # the first is as good as any
        assert parse_file_bytes(OTHER) == parse_content_file(OTHER.decode())


def test_dates_times_and_tables_are_taken_from_the_cache_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        expected = parse_file_bytes(DATED)

    def refused(text: str) -> None:
        raise AssertionError("parsed although the cache holds it")

    monkeypatch.setattr(parsecache, "parse_content_file", refused)
    with remembering(cache):
        assert parse_file_bytes(DATED) == expected


def test_damaged_entries_of_a_large_cache_are_written_anew_once_enough_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(memofile, "LARGE_MEMO", 8)
    monkeypatch.setattr(memofile, "RESAVE_SHARE", 4)  # rewrite when over a quarter changes
    texts = [FILE.replace("公开指南".encode(), f"指南{n}".encode()) for n in range(12)]
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        for data in texts:
            parse_file_bytes(data)
    stored = _stored(cache)
    for data in texts[:4]:  # a third damaged: their files are parsed, the cache rewritten
        stored[_key(data)] = ({"title": ("not", "toml")}, "x")
    _plant(cache, parsecache._PARSER_VERSION, stored)
    with remembering(cache):
        for data in texts:
            assert parse_file_bytes(data) == parse_content_file(data.decode())
    assert all(_stored(cache)[_key(data)][1] == "正文\n" for data in texts)
