"""Name candidates: listed for a decision, refused until decided, then masked or kept."""

from __future__ import annotations

import datetime as dt

import pytest

from admin.domain import namechoices
from admin.domain import public_forms as pf
from admin.domain.candidates import find_candidates
from admin.domain.redact import KnownPeople, redact_text
from tests.domain.test_public_forms import TODAY, decision, publish

# 虎生林 follows no role noun and jieba does not tag it: only a candidate finds it.
FACTS = "经查，虎生林未办理相关手续擅自施工。"


def candidates_of(text: str, known: KnownPeople | None = None) -> list[str]:
    redacted = redact_text(text, known or KnownPeople())
    return [c.text for c in find_candidates("违法事实", text, redacted, known)]


def test_an_unmasked_possible_name_is_a_candidate() -> None:
    assert candidates_of(FACTS) == ["虎生林"]


@pytest.mark.parametrize(
    "text",
    [
        "罚款人民币伍佰元整。",
        "依据第五十条第二款，管理规定张贴于公告栏。",
        "当事人于本月十日在王家庄村马家梁村李明养殖场张记餐馆施工。",
        "2021年第四季度安全检查。",
        "许可证已吊销，文明施工，林木采伐。",
    ],
)
def test_words_numbers_places_and_firms_are_no_candidates(text: str) -> None:
    assert candidates_of(text) == []


def test_masked_kept_and_public_names_are_no_candidates() -> None:
    assert candidates_of(FACTS, KnownPeople(public_names=("虎生林",))) == []
    assert candidates_of("证人虎生林在场。") == []  # masked after the role noun
    redacted = redact_text(FACTS, unmasks=["虎生林"])
    assert find_candidates("违法事实", FACTS, redacted, unmasks=["虎生林"]) == []


@pytest.mark.parametrize(
    "field", ["facts", "violation_type", "content", "licence_info", "remarks", "basis"]
)
def test_a_decision_with_an_undecided_candidate_is_refused_naming_field_and_masked_name(
    field: str,
) -> None:
    record = decision(**{field: FACTS})
    with pytest.raises(pf.NotPublishable) as refused:
        publish(record)
    label = {"facts": "违法事实", "violation_type": "违法行为类型", "content": "处罚内容"}
    label |= {"licence_info": "暂扣或吊销证照名称及编号", "remarks": "备注", "basis": "处罚依据"}
    assert refused.value.message.startswith(f"{label[field]}：含未确认的疑似人名（虎某某）")
    assert "虎生林" not in refused.value.message
    assert [c.text for c in namechoices.undecided_names("penalties", record, today=TODAY)] == [
        "虎生林"
    ]


def test_a_mask_choice_masks_and_a_keep_choice_keeps() -> None:
    masked = decision(facts=FACTS)
    masked.masks = namechoices.with_choices(masked.masks, mask=["虎生林"])
    assert "经查，虎某某未办理" in publish(masked)[1]
    kept = decision(facts=FACTS)
    kept.masks = namechoices.with_choices(kept.masks, keep=["虎生林"])
    assert "经查，虎生林未办理" in publish(kept)[1]
    assert namechoices.undecided_names("penalties", kept, today=TODAY) == []


def test_a_choice_moves_a_string_from_one_list_to_the_other() -> None:
    masks = namechoices.with_choices({"mask": ["甲"], "unmask": ["乙"]}, keep=["甲"])
    assert masks == {"mask": [], "unmask": ["乙", "甲"]}
    assert namechoices.with_choices(masks, mask=["甲"]) == {"mask": ["甲"], "unmask": ["乙"]}


def test_inspections_and_information_items_need_decisions_too() -> None:
    from tests.domain.test_public_forms import info_item, inspection

    with pytest.raises(pf.NotPublishable, match="检查情况：含未确认的疑似人名（虎某某）"):
        pf.inspection_form(inspection(findings=FACTS), today=TODAY, on_time=True)
    with pytest.raises(pf.NotPublishable, match="正文：含未确认的疑似人名（虎某某）"):
        pf.info_form(info_item(body_md=FACTS), today=TODAY, on_time=True)


def test_a_typical_decision_lists_no_false_candidates() -> None:
    """Facts in the style of a real decision should not list dozens: none here."""
    facts = (
        "2021年3月12日，执法人员在大战场镇花豹湾村巡查时发现，当事人张三丰在其承包的耕地上"
        "未经批准建设砖混结构房屋一处，占地面积120平方米。现场负责人马建华陪同检查，"
        "村委会主任出具证明。经调查，当事人对违法事实无异议。"
    )
    record = decision(facts=facts)
    assert namechoices.undecided_names("penalties", record, today=dt.date(2021, 5, 25)) == []


def test_a_text_is_segmented_once_for_the_masker_and_the_candidates(monkeypatch) -> None:
    """jieba's tagger was two thirds of an import's CPU: each field of a decision went
    through it for the masker, the name candidates and the public form twice (#16)."""
    from admin.domain import names

    text = "经查，虎生林于2025年4月在徐套乡新田村倾倒建筑垃圾，现场负责人马文明在场。"
    made: list[str] = []
    real = names.Words.__init__

    def counting(self: names.Words, text: str) -> None:
        made.append(text)
        real(self, text)

    monkeypatch.setattr(names.Words, "__init__", counting)
    for _ in range(3):
        find_candidates("违法事实", text, redact_text(text))
    assert made.count(text) <= 1
