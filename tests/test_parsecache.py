"""Parsed content files are remembered between builds by their bytes, never by name, as JSON."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import os
import shutil
from pathlib import Path

import pytest

from admin.content import memofile, parsecache
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
    payload = json.loads(cache.read_text(encoding="utf-8"))["payload"]
    return {key: entry for key, entry in payload.items() if key != "files"}


def _signatures(cache: Path) -> dict[str, list]:
    return json.loads(cache.read_text(encoding="utf-8"))["payload"]["files"]


def _signature(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_dev]


def _plant(cache: Path, version: str, entries: dict[str, object]) -> None:
    cache.write_text(json.dumps({"version": version, "payload": entries}), encoding="utf-8")


def test_a_file_parses_the_same_through_the_cache_and_each_read_gets_its_own_objects(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "state" / "content-cache.json"
    expected = parse_content_file(FILE.decode())
    with remembering(cache):
        assert parse_file_bytes(FILE) == expected
    assert len(_stored(cache)) == 1
    with remembering(cache):
        first = parse_file_bytes(FILE)
        first.meta["tags"].append("改")
        assert parse_file_bytes(FILE) == expected
    with remembering(cache):
        assert parse_file_bytes(FILE) == expected  # the change was not written back


def test_dates_times_and_odd_keys_come_back_as_they_were_parsed(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.json"
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
    cache = tmp_path / "content-cache.json"
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
    cache = tmp_path / "content-cache.json"
    _plant(cache, parsecache._PARSER_VERSION, {_key(FILE): [{"title": "缓存中的标题"}, "缓存"]})
    with remembering(cache):
        assert parse_file_bytes(FILE).meta == {"title": "缓存中的标题"}
        assert parse_file_bytes(FILE + b"\n").meta["title"] == "公开指南"


def test_a_file_whose_signature_is_unchanged_is_taken_without_reading_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "guide.md"
    path.write_bytes(FILE)
    cache = tmp_path / "content-cache.json"
    # The entry planted under another key: only the signature can lead to it.
    planted = {"planted": [{"title": "缓存中的标题"}, "缓存"]}
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
    cache = tmp_path / "content-cache.json"
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
    cache = tmp_path / "content-cache.json"
    _plant(cache, parsecache._PARSER_VERSION, {"files": {str(path): recorded}})
    with remembering(cache):
        assert parse_file(path) == parse_content_file(FILE.decode())


def test_a_pickle_planted_as_the_cache_runs_nothing(tmp_path: Path) -> None:
    """The old format's danger: unpickling runs code. The cache is JSON and never unpickled."""
    import pickle

    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    cache = tmp_path / "content-cache.json"
    cache.write_bytes(pickle.dumps((parsecache._PARSER_VERSION, {_key(FILE): Exploit()})))
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"
    assert not marker.exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda text: text[: len(text) // 2], id="truncated"),
        pytest.param(lambda text: "", id="empty"),
        pytest.param(lambda text: "\x00\xff" + text, id="garbage"),
        pytest.param(lambda text: text.replace('"正文"', "17"), id="body not text"),
        pytest.param(lambda text: text.replace('"\\u0000date"', '"\\u0000time"'), id="bad tag"),
        pytest.param(lambda text: json.dumps({"version": json.loads(text)["version"]}), id="no"),
        pytest.param(lambda text: "[1, 2, 3]", id="a list"),
    ],
)
def test_a_damaged_cache_is_discarded_never_an_error(tmp_path: Path, damage) -> None:
    cache = tmp_path / "content-cache.json"
    with remembering(cache):
        parse_file_bytes(DATED)
    cache.write_text(damage(cache.read_text(encoding="utf-8")), encoding="utf-8")
    with remembering(cache):
        assert parse_file_bytes(DATED) == parse_content_file(DATED.decode())
    assert _key(DATED) in _stored(cache)  # and it was written anew


def test_entries_not_used_are_dropped_and_a_foreign_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.json"
    with remembering(cache):
        parse_file_bytes(FILE)
        parse_file_bytes(OTHER)
    assert len(_stored(cache)) == 2
    with remembering(cache):
        parse_file_bytes(OTHER)
    assert list(_stored(cache)) == [_key(OTHER)]
    _plant(cache, "another parser", {_key(FILE): [{"title": "x"}, "x"]})
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"


def test_without_a_block_nothing_is_cached(tmp_path: Path) -> None:
    assert parse_file_bytes(FILE) == parse_content_file(FILE.decode())
    assert list(tmp_path.iterdir()) == []


def test_the_site_loader_leaves_what_it_parsed_as_parsed(tmp_path: Path) -> None:
    # A file parsed on a miss is stored only when the block ends (its stored form made
    # then, not between the objects the site keeps): loading the site must not have
    # changed anything it parsed, or the next build would read the change back.
    from admin.freeze.freeze import site_app

    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    cache = tmp_path / "content-cache.json"
    with remembering(cache):
        site_app(content, dt.date(2026, 12, 7))
    stored = _stored(cache)
    files = [p for p in content.rglob("*.md")]
    assert len(files) > 50 and len(stored) == len(files)
    for path in files:
        data = path.read_bytes()
        parsed = parse_content_file(data.decode())
        assert stored[_key(data)] == json.loads(
            json.dumps([encode_value(parsed.meta), parsed.body])
        )


def test_the_files_of_a_block_share_one_object_for_each_key_and_text(tmp_path: Path) -> None:
    one = '+++\ntitle = "甲"\nstatus = "已公示"\namount = 123456\nrate = -0.0\n+++\n正文\n'
    two = '+++\ntitle = "乙"\nstatus = "已公示"\namount = 123456\nrate = -0.0\n+++\n正文\n'
    cache = tmp_path / "content-cache.json"
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
    cache = tmp_path / "content-cache.json"
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
    cache = tmp_path / "content-cache.json"
    with remembering(cache):
        for text in files:
            parse_file_bytes(text.encode())
    with remembering(cache):
        metas = [parse_file_bytes(text.encode()).meta for text in files]
    assert metas[-1] == parse_content_file(files[-1]).meta
    assert len({id(key) for meta in metas for key in meta}) == 3
