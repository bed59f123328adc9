"""The leak guard's CBOR walk skips numbers in C and still reads every text string (issue 7)."""

from __future__ import annotations

import gzip
import random

import pytest

from admin.leakguard import PAGEFIND_PREFIX, _cbor_strings, scan_bytes


def reference_strings(data: bytes) -> list[str] | None:
    """Walk CBOR head by head, as the definition says (no skipping)."""
    strings, i = [], 0
    while i < len(data):
        major, info = data[i] >> 5, data[i] & 0x1F
        i += 1
        if info < 24 or info == 31:
            arg = info
        elif info <= 27:
            size = 1 << (info - 24)
            if i + size > len(data):
                return None
            arg, i = int.from_bytes(data[i : i + size], "big"), i + size
        else:
            return None
        if major in (2, 3) and info != 31:
            if i + arg > len(data):
                return None
            if major == 3:
                strings.append(data[i : i + arg].decode("utf-8", "replace"))
            i += arg
    return strings


def head(major: int, arg: int) -> bytes:
    """Encode a CBOR head with the shortest argument."""
    if arg < 24:
        return bytes([major << 5 | arg])
    size = next(k for k in range(4) if arg < 1 << (8 << k))
    return bytes([major << 5 | 24 + size]) + arg.to_bytes(1 << size, "big")


def text(value: str) -> bytes:
    raw = value.encode("utf-8")
    return head(3, len(raw)) + raw


def index_like(rng: random.Random, words: list[str]) -> bytes:
    """An index-shaped stream: maps and arrays of numbers with a few strings among them."""
    out = head(5, len(words))
    for word in words:
        out += text(word) + head(4, 3)
        out += b"".join(
            head(rng.choice([0, 1]), rng.choice([5, 30, 300, 70000, 1 << 40])) for _ in range(3)
        )
        out += head(6, 2) + head(2, 3) + b"\x00\x01\x02" + head(7, 20)
    return out


def test_the_walk_reads_the_same_strings_as_the_definition_on_random_bytes() -> None:
    rng = random.Random(3)
    # Bytes biased towards heads: small ints, argument heads, strings, chunked starts.
    choices = [*range(256), *range(24), 0x18, 0x19, 0x1A, 0x1B, 0x3B, 0x61, 0x62, 0x5F, 0x7F, 0xFF]
    for _ in range(20000):
        data = bytes(rng.choice(choices) for _ in range(rng.randrange(40)))
        assert _cbor_strings(data) == reference_strings(data), data


def test_the_walk_reads_every_string_of_an_index_and_its_truncations() -> None:
    rng = random.Random(5)
    data = index_like(rng, ["中宁", "13812345678", "", "x" * 30, "大战场"] * 20)
    assert _cbor_strings(data) == reference_strings(data)
    assert "13812345678" in (_cbor_strings(data) or [])
    for cut in range(1, 200):
        assert _cbor_strings(data[:-cut]) == reference_strings(data[:-cut])


@pytest.mark.parametrize("number", [1 << 62, 300, 23])
def test_a_mobile_after_numbers_in_a_search_index_is_found(number: int) -> None:
    data = head(4, 3) + head(0, number) + head(1, number) + text("电话13812345678")
    index = gzip.compress(PAGEFIND_PREFIX + data, mtime=0)
    assert scan_bytes(index, "zh-cn_1.pf_index") == [("mobile", "13812345678")]
