"""The content file format: exact bytes, round trips, and refusals that name the line."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain.contentfile import (
    DATASET_KEYS,
    ContentFormatError,
    normalise_body,
    parse_content_file,
    serialize_content_file,
)

PENALTY_META = {
    "title": "中宁大战场综执罚〔2021〕15号",
    "status": "published",
    "published": dt.date(2021, 5, 12),
    "updated": dt.date(2021, 5, 12),
    "decision_no": "中宁大战场综执罚〔2021〕15号",
    "party_name": "张某某",
    "kinds": ["警告", "罚款"],
    "fine_fen": 35600,
    "on_time": True,
}


def test_serialises_exact_bytes_in_documented_key_order() -> None:
    meta = dict(reversed(list(PENALTY_META.items())))  # insertion order must not matter
    text = serialize_content_file(meta, "违法事实。", DATASET_KEYS["penalties"])
    assert text == (
        "+++\n"
        'title = "中宁大战场综执罚〔2021〕15号"\n'
        'status = "published"\n'
        "published = 2021-05-12\n"
        "updated = 2021-05-12\n"
        'decision_no = "中宁大战场综执罚〔2021〕15号"\n'
        'party_name = "张某某"\n'
        "kinds = [\n"
        '    "警告",\n'
        '    "罚款",\n'
        "]\n"
        "fine_fen = 35600\n"
        "on_time = true\n"
        "+++\n"
        "违法事实。\n"
    )


def test_unknown_keys_follow_sorted_and_none_is_left_out() -> None:
    text = serialize_content_file({"zeta": 1, "title": "t", "alpha": 2, "validity_until": None})
    assert text == '+++\ntitle = "t"\nalpha = 2\nzeta = 1\n+++\n'


TRICKY_BODIES = [
    "",
    "一行",
    "+++",
    "前文\n+++\n后文",
    '+++\ntitle = "伪造"\n+++\n',
    "  +++  \n缩进的分隔线",
    "```\ncode\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |",
    "末尾多个换行\n\n\n\n",
    "\n\n开头空行",
    "中文全角：＋＋＋ 和 \u200b 零宽字符",
]


@pytest.mark.parametrize("body", TRICKY_BODIES)
def test_body_round_trips(body: str) -> None:
    text = serialize_content_file(PENALTY_META, body, DATASET_KEYS["penalties"])
    parsed = parse_content_file(text)
    assert parsed.meta == PENALTY_META
    assert parsed.body == normalise_body(body)
    # Parsing then writing again gives the same bytes: files are stable.
    assert serialize_content_file(parsed.meta, parsed.body, DATASET_KEYS["penalties"]) == text


TRICKY_STRINGS = [
    'he said "hi"',
    "single 'quotes'",
    "line one\nline two",
    "+++",
    "a\n+++\nb",
    'triple """ quotes',
    "back\\slash",
    "tab\there",
    "control \x01 char",
    "# not a comment",
    "key = value",
    "[table]",
    "CR\r\nLF",
]


@pytest.mark.parametrize("value", TRICKY_STRINGS)
def test_toml_strings_round_trip(value: str) -> None:
    text = serialize_content_file({"title": value, "remarks": [value]}, "正文")
    assert parse_content_file(text).meta == {"title": value, "remarks": [value]}
    # A value can never produce a line that closes the front matter early.
    assert text.split("\n").count("+++") == 2


def test_value_types_round_trip() -> None:
    meta = {
        "title": "t",
        "published": dt.date(2021, 1, 4),
        "at": dt.datetime(2021, 1, 4, 8, 30, tzinfo=dt.UTC),
        "order": 3,
        "demo": False,
        "attachments": [{"name": "附件一.pdf", "url": "files/a.pdf"}],
    }
    assert parse_content_file(serialize_content_file(meta)).meta == meta


def test_same_input_same_bytes_and_plain_newlines() -> None:
    first = serialize_content_file(PENALTY_META, "a\r\nb\rc")
    second = serialize_content_file(dict(PENALTY_META), "a\nb\nc\n\n")
    assert first == second
    assert "\r" not in first and first.endswith("c\n") and not first.endswith("\n\n")


def test_parse_accepts_bom_and_windows_line_ends() -> None:
    parsed = parse_content_file('\ufeff+++\r\ntitle = "关于我们"\r\n+++\r\n正文\r\n')
    assert parsed.meta == {"title": "关于我们"}
    assert parsed.body == "正文\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title = 1\n", "第 1 行：文件须以 +++ 开始"),
        ("", "第 1 行：文件须以 +++ 开始"),
        ('+++\ntitle = "t"\n', "缺少结束 TOML 头的 +++ 行"),
        ('+++\ntitle = "t"\nbad =\n+++\n', "第 3 行：TOML 头格式错误"),
        ('+++\ntitle = "t"\ntitle = "u"\n+++\n', "第 3 行：TOML 头格式错误"),
        ('+++\n\n\ntitle = "unclosed\n+++\n', "第 4 行：TOML 头格式错误"),
    ],
)
def test_parse_errors_name_the_line(text: str, message: str) -> None:
    with pytest.raises(ContentFormatError) as caught:
        parse_content_file(text)
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        ({"kinds": ["警告", None]}, "kinds：列表中不能有空值"),
        ({"attachments": [{"name": None}]}, "attachments.name：不能为空值"),
        ({1: "x"}, "键必须是文字"),
        ({"title": object()}, "TOML 头：无法写出的值"),
    ],
)
def test_serialise_refuses_what_toml_cannot_hold(meta: dict, message: str) -> None:
    with pytest.raises(ContentFormatError, match=message):
        serialize_content_file(meta)
