"""Parsed content files are remembered between builds by their bytes, never by name."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from admin import parsecache
from admin.domain.contentfile import parse_content_file
from admin.parsecache import parse_file_bytes, remembering

FILE = '+++\ntitle = "公开指南"\ntags = ["一", "二"]\n+++\n正文\n'.encode()
OTHER = '+++\ntitle = "年度报告"\n+++\n另一篇\n'.encode()


def _stored(cache: Path) -> dict[bytes, bytes]:
    with cache.open("rb") as handle:
        return pickle.load(handle)[1]


def test_a_file_parses_the_same_through_the_cache_and_each_read_gets_its_own_objects(
    tmp_path: Path,
) -> None:
    cache = tmp_path / "state" / "content-cache.pickle"
    expected = parse_content_file(FILE.decode())
    with remembering(cache):
        assert parse_file_bytes(FILE) == expected
    assert len(_stored(cache)) == 1
    with remembering(cache):
        first = parse_file_bytes(FILE)
        first.meta["tags"].append("改")
        assert parse_file_bytes(FILE) == expected


def test_a_hit_comes_from_the_cache_and_edited_bytes_are_parsed_again(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.pickle"
    key = hashlib.blake2b(FILE, digest_size=20).digest()
    planted = pickle.dumps(({"title": "缓存中的标题"}, "缓存"))
    with cache.open("wb") as handle:
        pickle.dump((parsecache._PARSER_VERSION, {key: planted}), handle)
    with remembering(cache):
        assert parse_file_bytes(FILE).meta == {"title": "缓存中的标题"}
        assert parse_file_bytes(FILE + b"\n").meta["title"] == "公开指南"


def test_entries_not_used_are_dropped_and_a_foreign_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "content-cache.pickle"
    with remembering(cache):
        parse_file_bytes(FILE)
        parse_file_bytes(OTHER)
    assert len(_stored(cache)) == 2
    with remembering(cache):
        parse_file_bytes(OTHER)
    assert list(_stored(cache)) == [hashlib.blake2b(OTHER, digest_size=20).digest()]
    cache.write_bytes(b"not a pickle")
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"
    with cache.open("wb") as handle:
        pickle.dump(
            ("another parser", {hashlib.blake2b(FILE, digest_size=20).digest(): b"x"}), handle
        )
    with remembering(cache):
        assert parse_file_bytes(FILE).meta["title"] == "公开指南"


def test_without_a_block_nothing_is_cached(tmp_path: Path) -> None:
    assert parse_file_bytes(FILE) == parse_content_file(FILE.decode())
    assert list(tmp_path.iterdir()) == []
