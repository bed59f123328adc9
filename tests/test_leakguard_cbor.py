"""The leak guard reads Pagefind's CBOR with cbor2: every text string, and fails closed."""

from __future__ import annotations

import gzip
import random
import time

import cbor2
import pytest

from admin.freeze import cbortexts
from admin.freeze.cbortexts import KEPT_KIND, MAX_CBOR, cbor_texts
from admin.freeze.leakguard import PAGEFIND_PREFIX, scan_bytes
from admin.site.keptfiles import keeping, kept_folder

MOBILE = "13812345678"


def reference_strings(data: bytes) -> list[str] | None:
    """Walk CBOR head by head, as the definition says (no tags in the streams it is given)."""
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


def index(payload: bytes) -> bytes:
    """A Pagefind index file of ``payload``: gzip of the prefix and the CBOR."""
    return gzip.compress(PAGEFIND_PREFIX + payload, mtime=0)


def random_value(rng: random.Random, depth: int = 0) -> object:
    """A random index-like value: maps and arrays of numbers, bytes and words."""
    roll = rng.random()
    if depth < 4 and roll < 0.3:
        return [random_value(rng, depth + 1) for _ in range(rng.randrange(6))]
    if depth < 4 and roll < 0.45:
        return {f"k{i}": random_value(rng, depth + 1) for i in range(rng.randrange(4))}
    if roll < 0.7:
        return rng.choice([5, 30, 300, 70000, 1 << 40, -1 << 40, 1.5])
    if roll < 0.8:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(30)))
    return rng.choice(["中宁", MOBILE, "", "x" * 30, "大战场", "罚款 500 元"])


def test_every_string_of_random_index_like_streams_is_read() -> None:
    rng = random.Random(3)
    for _ in range(2000):
        data = b"".join(cbor2.dumps(random_value(rng)) for _ in range(rng.randrange(1, 4)))
        assert cbor_texts(data) == reference_strings(data), data


def test_strings_after_numbers_and_in_later_items_are_read() -> None:
    data = head(4, 3) + head(0, 1 << 62) + head(1, 300) + text("电话" + MOBILE) + text("尾")
    assert cbor_texts(data) == ["电话" + MOBILE, "尾"]
    assert scan_bytes(index(data), "zh-cn_1.pf_index") == [("mobile", MOBILE)]


def test_indefinite_length_strings_and_containers_are_read() -> None:
    # 0x7F: a text string in chunks; 0x9F: an array of unknown length; 0xFF ends each.
    data = b"\x9f\x7f" + text("电话138") + text("12345678") + b"\xff" + text("b") + b"\xff"
    assert cbor_texts(data) == ["电话" + MOBILE, "b"]


@pytest.mark.parametrize(
    "tagged",
    [
        head(6, 0) + text(f"2021-05-20T00:00:00Z{MOBILE}"),  # a date cbor2 cannot parse
        head(6, 32) + text(f"https://x.cn/{MOBILE}"),  # a URL
        head(6, 35) + text(MOBILE),  # a regular expression
        head(6, 6000) + text(MOBILE),  # a tag cbor2 does not know
    ],
)
def test_a_number_inside_a_tag_is_found_or_the_file_is_unreadable(tagged: bytes) -> None:
    found = scan_bytes(index(head(4, 1) + tagged), "zh-cn_1.pf_index")
    assert found in ([("mobile", MOBILE)], [("unreadable", "")])


def test_a_value_shared_with_itself_is_read_once_and_ends() -> None:
    words: list[object] = ["电话" + MOBILE]
    words.append(words)
    data = cbor2.dumps(words, value_sharing=True)
    assert cbor_texts(data) == ["电话" + MOBILE]


@pytest.mark.parametrize(
    "data",
    [
        b"\x81",  # an array whose item is missing
        head(4, 3) + text("a"),  # cut short
        head(4, 1) + head(3, 1 << 40) + b"abc",  # a string longer than the file
        head(4, 1 << 60) + b"\x00",  # an array longer than the file
        b"\x81" * 100_000 + b"\x00",  # nested past any index's depth
        b"\x1c",  # a reserved head
        b"\xff",  # a break outside an indefinite-length item
    ],
)
def test_unreadable_cbor_is_reported_not_skipped(data: bytes) -> None:
    started = time.perf_counter()
    assert scan_bytes(index(data), "zh-cn_1.pf_index") == [("unreadable", "")]
    assert time.perf_counter() - started < 1


def test_a_stream_larger_than_the_limit_is_unreadable() -> None:
    assert cbor_texts(b"\x00" * (MAX_CBOR + 1)) is None
    assert cbor_texts(b"\x00" * 1000) == []


def test_random_bytes_are_read_or_reported_never_raise() -> None:
    rng = random.Random(5)
    choices = [*range(256), *range(24), 0x18, 0x19, 0x1A, 0x1B, 0x3B, 0x61, 0x62, 0x5F, 0x7F, 0xFF]
    for _ in range(5000):
        data = bytes(rng.choice(choices) for _ in range(rng.randrange(1, 40)))
        found = scan_bytes(index(data), "zh-cn_1.pf_index")
        assert all(kind in ("unreadable", "mobile", "id_number", "bank_card") for kind, _ in found)
        if data[:1] not in (b"{", b"[") and cbor_texts(data) is None:  # not JSON
            assert found == [("unreadable", "")]


def test_a_build_keeps_the_texts_and_the_next_reads_them_back(tmp_path, monkeypatch) -> None:
    data = cbor2.dumps(["电话" + MOBILE, [1, 2, 3], {"k": "v"}])
    out = tmp_path / "site"
    with keeping(out, [KEPT_KIND]):
        assert cbor_texts(data) == ["电话" + MOBILE, "k", "v"]
    [kept] = (kept_folder(out) / KEPT_KIND).iterdir()

    def refuse(data: bytes) -> None:
        raise AssertionError("decoded again")

    monkeypatch.setattr(cbortexts, "_decoded_texts", refuse)
    with keeping(out, [KEPT_KIND]):
        assert cbor_texts(data) == ["电话" + MOBILE, "k", "v"]
    monkeypatch.undo()
    kept.write_text('["k", 1]', encoding="utf-8")  # not a list of texts: read again
    with keeping(out, [KEPT_KIND]):
        assert cbor_texts(data) == ["电话" + MOBILE, "k", "v"]
        assert cbor_texts(b"\x81") is None  # unreadable files are not kept
    assert len(list((kept_folder(out) / KEPT_KIND).iterdir())) == 1
