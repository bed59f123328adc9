"""The party's own name, and every name the record knows, are found when disguised."""

from __future__ import annotations

import pytest

from admin.domain.namefold import find_disguised
from admin.domain.publishable import NotPublishable, assert_publishable
from admin.domain.redact import KnownPeople, redact_text

KNOWN = KnownPeople(names=("马建国", "买买提·艾力"))


@pytest.mark.parametrize(
    "written",
    [
        "马建国",
        "马 建 国",  # spaces
        "马\u200b建国",  # a zero-width space
        "马\u200d建\u200c国",  # zero-width joiners
        "马\u00ad建国",  # a soft hyphen
        "马-建-国",  # hyphens
        "马—建—国",
        "马·建·国",  # dots, as in a minority name
        "马.建.国",
        "马\u3000建\u3000国",  # ideographic spaces
        "馬建國",  # traditional
        "马建國",
        "馬 建 國",
    ],
)
def test_a_disguised_party_name_is_masked(written: str) -> None:
    text = f"经查，{written}未经批准建房，{written}对事实无异议。"
    redacted = redact_text(text, KNOWN)
    assert redacted.text == "经查，马某某未经批准建房，马某某对事实无异议。"
    assert [m.original for m in redacted.masked] == [written, written]


@pytest.mark.parametrize("written", ["买买提·艾力", "买买提艾力", "买买提•艾力"])
def test_a_known_dotted_name_is_found_with_or_without_its_dot(written: str) -> None:
    assert redact_text(f"证言：{written}在场。", KNOWN).text == "证言：买某在场。"


def test_the_map_returns_the_original_span() -> None:
    text = "甲乙马 - 建\u200b国丙"
    assert [text[s:e] for s, e in find_disguised(text, "马建国")] == ["马 - 建\u200b国"]


def test_fillers_outside_a_name_are_left_alone() -> None:
    assert find_disguised("马建 国家", "马建国") == [(0, 4)]  # the space is between Han
    assert find_disguised("马建-1号", "马建国") == []


def test_a_disguised_known_name_left_in_a_form_is_refused() -> None:
    with pytest.raises(NotPublishable, match="自然人全名（马某某）"):
        assert_publishable({"title": "x"}, "马 建 國到场", known=KNOWN)


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("证人张\u200b三在场。", "证人张某在场。"),
        ("證人張小明在場。", "證人张某某在場。"),
        ("房东 马 兰 在场。", "房东 马某 在场。"),
        ("现场负责人：纳-福-贵陪同检查。", "现场负责人：纳某某陪同检查。"),
        ("马 家梁村和王 家庄村", "马 家梁村和王 家庄村"),
    ],
)
def test_a_disguised_name_the_record_does_not_know_is_masked_after_its_role_noun(
    text: str, published: str
) -> None:
    assert redact_text(text).text == published
