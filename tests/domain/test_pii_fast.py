"""The scanner's shortcuts find exactly what the plain definitions find (issues 7, 14).

Each shortcut in ``pii`` (a one-pass fold whose pieces open with one character class, the
position map built on demand, long runs located by a byte search, runs of fewer than
eleven digits skipped, each run's scan cached by the run and one character on each side)
is compared here with the definition it replaces, on disguised numbers and on seeded
random text.
"""

from __future__ import annotations

import random

import pytest

from admin.domain import pii, textfold
from admin.domain.identifiers import is_valid_credit_code

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id_number(seq: str) -> str:
    """Build a valid test ID number (GB 11643 check digit computed here)."""
    body = "64052119850312" + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


IDS = [make_id_number(f"{s:03d}") for s in range(100, 200)]
ID = next(v for v in IDS if not v.endswith("X"))
ID_X = next(v for v in IDS if v.endswith("X"))
CREDIT = next(v for v in IDS if is_valid_credit_code(v))  # an all-digit code that is an ID too
MOBILE = "13812345678"
FW = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
PAGE = '<html><head><title>处罚决定 &amp; 公示</title></head><body><p class="a">{}</p>\u3000</body>'


def reference_fold(text: str, markup: bool) -> str:
    """Fold by the definition: every match of the piece pattern, folded one by one."""
    return "".join(
        textfold._fold_piece.__wrapped__(piece) if i % 2 else piece
        for i, piece in enumerate(_split_pieces(text))
    )


def _split_pieces(text: str) -> list[str]:
    """Return text, piece, text, piece, …, text: what folds alternating with what stays."""
    parts, last = [], 0
    for m in textfold.PIECE_RE.finditer(text):
        parts += [text[last : m.start()], m.group()]
        last = m.end()
    return [*parts, text[last:]]


def reference_scan(folded: str) -> list[tuple[int, int, str, str, bool]]:
    """Scan by the definition: every long run with the whole text as its context."""
    found: list[tuple[int, int, str, str, bool]] = []
    for run in pii._LONG_RUN_RE.finditer(folded):
        if run.end() - run.start() >= 11:
            before = pii._before(folded, run.start())
            offset = run.start() - len(before)
            found += [
                (s + offset, e + offset, *hit)
                for s, e, *hit in pii._scan_run.__wrapped__(
                    before, run.group(), folded[run.end() :]
                )
            ]
    return found


def random_texts(seed: int, count: int) -> list[str]:
    """Texts mixing numbers (plain and disguised) with every kind of character that folds."""
    atoms = [
        *"0123456789 -xX+&#;\\u\t\n?é一，：（）<>\"'=a",
        *"\u200b\ufeff\u00a0\u00ad\u3000\u2014\uff11\uff38\uff21ａ①⑳²\ud800",
        *["\U0001d7cf", "\U000e0041", "&#49;", "&#x31;", "&#65297;", "&#8203;", "&amp;"],
        *["&#34;", "&nbsp;", "\\u0031", "\\uff11", "\\ud835\\udfcf", "统一社会信用代码：", "<b>"],
        *["<span>", "</td><td>", "**", "<!-- -->", "&amp;#49;", "一", "三八", "_", ".", "·"],
        *["/", "|", "ID", "tel", "9a", "工商注册号：", "执法证号："],
    ]
    numbers = [ID, ID_X, CREDIT, MOBILE, "8613812345678", "6222021234567890128", "09550000000"]
    disguises = [
        lambda ch: ch,
        lambda ch: ch.translate(FW),
        lambda ch: f"&#{ord(ch)};",
        lambda ch: ch + "\u200b",
        lambda ch: ch + " ",
        lambda ch: f"\\u{ord(ch):04x}",
        lambda ch: ch + "-",
        lambda ch: ch + "<span>",
        lambda ch: ch + "**",
        lambda ch: ch + "·",
        lambda ch: "一二三四五六七八九〇"[int(ch)] if ch.isdigit() else ch,
    ]
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 10)):
            if rng.random() < 0.4:
                number, disguise = rng.choice(numbers), rng.choice(disguises)
                parts.append("".join(disguise(ch) if rng.random() < 0.3 else ch for ch in number))
            else:
                parts.append("".join(rng.choice(atoms) for _ in range(rng.randint(0, 8))))
        texts.append("".join(parts))
    return texts


TEXTS = random_texts(7, 1500)
#: Long texts without characters beyond U+FFFF (pages are mostly such).
LONG_BMP_TEXTS = [
    "".join(ch for ch in "".join(TEXTS[i : i + 12]) if ord(ch) <= 0xFFFF) for i in range(0, 1500, 5)
]


@pytest.mark.parametrize("markup", [False, True])
def test_the_one_pass_fold_equals_the_definition(markup: bool) -> None:
    for text in TEXTS:
        assert pii.Folded(text, markup).text == reference_fold(text, markup), text


@pytest.mark.parametrize("markup", [False, True])
def test_the_fold_of_long_texts_equals_the_definition(markup: bool) -> None:
    assert sum(len(text) >= 200 for text in LONG_BMP_TEXTS) > 250
    for text in LONG_BMP_TEXTS:
        assert textfold.fold_text(text, markup) == reference_fold(text, markup), text


@pytest.mark.parametrize("markup", [False, True])
def test_the_scan_equals_the_definition(markup: bool) -> None:
    hits = 0
    for text in TEXTS:
        folded = reference_fold(text, markup)
        expected = reference_scan(folded)
        assert pii._scan(folded) == expected, text
        hits += len(expected)
    assert hits > 300  # the texts do hold numbers, so the comparison means something


def test_long_runs_are_found_wherever_the_regex_finds_them() -> None:
    for text in TEXTS:
        folded = reference_fold(text, True)
        for probe in (folded, folded.replace(pii.ZW, "")):
            expected = [m.span() for m in pii._LONG_RUN_RE.finditer(probe)]
            assert pii._long_runs(probe) == expected, probe


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (PAGE.format("身份证号" + "".join(f"&#{ord(c)};" for c in ID)), ID),
        (PAGE.format(f"身份证号{ID[:9]}&#x{ord(ID[9]):x};{ID[10:]}"), ID),
        (PAGE.format(f"手机{MOBILE[:3]}&#8203;{MOBILE[3:7]}&#x200b;{MOBILE[7:]}"), MOBILE),
        (PAGE.format(f"手机{MOBILE[:3]}&#45;{MOBILE[3:7]}&#32;{MOBILE[7:]}"), MOBILE),
        (PAGE.format(f"身份证号{ID_X.translate(FW)}"), ID_X),
        (PAGE.format("身份证号" + "\u200d".join(ID_X)), ID_X),
        (PAGE.format("手机" + "\u2060".join(MOBILE)), MOBILE),
        (PAGE.format("手机" + "".join(chr(0x1D7CE + int(d)) for d in MOBILE)), MOBILE),
        (PAGE.format("手机" + "\\u" + f"{ord(MOBILE[0]):04x}" + MOBILE[1:]), MOBILE),
        (PAGE.format("手机" + MOBILE[:5] + "\U000e0020" + MOBILE[5:]), MOBILE),
        (PAGE.format("手机" + MOBILE[:5] + "\u00ad" + MOBILE[5:]), MOBILE),
        (PAGE.format("手机①" + MOBILE[1:]), MOBILE),
        (PAGE.format(f"统一社会信用代码：{CREDIT}；另：身份证号{ID}"), ID),
        (PAGE.format("电话&#43;86 138 1234 5678"), MOBILE),
    ],
)
def test_a_page_with_entities_still_yields_its_number(text: str, value: str) -> None:
    hits = pii.find_personal_numbers(text, markup=True)
    assert [hit.value for hit in hits] == [value]


def test_a_labelled_credit_code_stays_public_on_a_page() -> None:
    text = PAGE.format(f"统一社会信用代码&#65306;&#34;{CREDIT}&#34;")
    assert pii.find_personal_numbers(text, markup=True) == []
    assert pii.find_personal_numbers(PAGE.format(f"编号&#65306;{CREDIT}"), markup=True)


def test_spans_of_a_page_point_at_the_entities_that_spell_the_number() -> None:
    number = "".join(f"&#{ord(c)};" for c in MOBILE[:2]) + MOBILE[2:]
    text = PAGE.format(f"&#34;手机&#34;{number}&amp;")
    (hit,) = pii.find_personal_numbers(text, markup=True)
    assert text[hit.start : hit.end] == number


def test_the_same_run_is_judged_by_its_own_neighbours_each_time() -> None:
    # The run's scan is cached: a letter or a plus sign next to it must still count.
    assert pii.find_personal_numbers(f"手机{MOBILE}。")
    assert pii.find_personal_numbers(f"编号A{MOBILE}。")  # a word before it: ID…, tel…
    assert pii.find_personal_numbers(f"编号9A{MOBILE}。") == []
    assert pii.find_personal_numbers(f"编号９Ａ{MOBILE}。") == []
    assert pii.find_personal_numbers(f"编号{MOBILE}7") == []
    assert [h.value for h in pii.find_personal_numbers(f"电话+86{MOBILE}")] == [MOBILE]
    assert [h.value for h in pii.find_personal_numbers(f"电话86{MOBILE}")] == []


@pytest.mark.parametrize(
    ("run", "found"),
    [
        (MOBILE, True),  # eleven digits: the fewest a number has
        ("138-1234-5678", True),
        (MOBILE[:10] + " x", False),  # ten digits and an X are not an ID
        ("2024-01-16 12", False),
    ],
)
def test_runs_with_fewer_than_eleven_digits_are_skipped_and_no_more(run: str, found: bool) -> None:
    assert bool(pii._scan(f"：{run}。")) is found
    assert bool(reference_scan(f"：{run}。")) is found
