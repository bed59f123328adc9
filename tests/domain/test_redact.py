"""Redaction: natural persons masked as 张某某, numbers marked, officials and places kept."""

from __future__ import annotations

import pytest

from admin.domain import pii
from admin.domain.redact import KnownPeople, mask_person_name, redact_text

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id_number(born: str = "19850312", seq: str = "121") -> str:
    """Build a valid test ID number (GB 11643 check digit computed here)."""
    body = "640521" + born + seq
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True)) % 11]


ID = make_id_number()
WITNESS_ID = make_id_number("19900101", "031")


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张某"),
        ("张三丰", "张某某"),
        (" 李四 ", "李某"),
        ("王", "王某"),
        ("马玉兰", "马某某"),
        ("欧阳修文", "欧阳某某"),
        ("欧阳修", "欧阳某"),
        ("司马光", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("上官婉儿", "上官某某"),
        ("万俟卨", "万俟某"),
        ("呼延庆", "呼延某"),
        ("澹台明", "澹台某"),
        ("司马", "司某"),  # two characters: surname 司, given name 马
        ("买买提·艾力", "买某"),
        ("阿依古丽·吐尔逊", "阿某"),
        ("阿依古丽", "阿某"),  # no known surname: first character + 某
        ("John Smith", "J某"),
        ("", ""),
    ],
)
def test_mask_person_name(name: str, masked: str) -> None:
    assert mask_person_name(name) == masked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{ID}。", "身份证号［身份证号已隐去］。"),
        (f"身份证号{ID[:6]} {ID[6:14]} {ID[14:]}。", "身份证号［身份证号已隐去］。"),
        ("电话+86 138 1234 5678。", "电话［电话已隐去］。"),
        ("电话１３８-１２３４-５６７８。", "电话［电话已隐去］。"),
        ("电话138\u200b1234\u200b5678。", "电话［电话已隐去］。"),
        ("账号6222 0212 3456 7890 128。", "账号［银行账号已隐去］。"),
        (
            "罚款5000元，依据第四十八条，办公电话0955-1234567。",
            "罚款5000元，依据第四十八条，办公电话0955-1234567。",
        ),
    ],
)
def test_personal_numbers_are_replaced_by_a_visible_mark(text: str, expected: str) -> None:
    assert redact_text(text).text == expected


def test_known_people_are_masked_every_time_they_appear() -> None:
    known = KnownPeople(
        names=("张三丰", "李小明"),
        id_numbers=(ID, WITNESS_ID),
        phones=("0955-7654321", "13912345678"),
        addresses=("大战场镇石喇叭村三组15号",),
    )
    text = (
        "当事人张三丰住大战场镇石喇叭村三组15号，家中电话7654321。张三丰称其不知情，"
        f"李小明（{WITNESS_ID[:6]} {WITNESS_ID[6:]}，电话139 1234 5678）证实张三丰在场。"
    )
    result = redact_text(text, known)
    assert "张三丰" not in result.text and "李小明" not in result.text
    assert result.text.count("张某某") == 3 and result.text.count("李某某") == 1
    assert "［住址已隐去］" in result.text and "7654321" not in result.text
    assert "［身份证号已隐去］" in result.text and "［电话已隐去］" in result.text
    assert pii.find_personal_numbers(result.text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("当事人马玉兰在家。", "当事人马某某在家。"),
        ("当事人：欧阳修文未经批准建房。", "当事人：欧阳某某未经批准建房。"),
        ("证人李小明、王五在场。", "证人李某某、王某在场。"),
        ("其妻马玉花称不知情。", "其妻马某某称不知情。"),
        ("村民冶正明反映。", "村民冶某某反映。"),
        ("负责人杨建国签字确认。", "负责人杨某某签字确认。"),
        ("驾驶员买买提·艾力驾驶货车。", "驾驶员买某驾驶货车。"),
        ("雇工海永福和丁学文在场。", "雇工海某某和丁某某在场。"),
        ("经营者纳国强擅自经营。", "经营者纳某某擅自经营。"),
        ("当事人李福贵在花豹湾村西侧。", "当事人李某某在花豹湾村西侧。"),
        ("申请人王芳申请公开。", "申请人王某申请公开。"),
        ("证人欧阳春在场。", "证人欧阳某在场。"),  # jieba calls 欧阳 a place
        ("证人张超英在场。", "证人张某某在场。"),  # and 张 a measure word
        ("证人何建国在场。", "证人何某某在场。"),  # and 何 a pronoun
        ("证人涂敏在场。", "证人涂某在场。"),
        # Not names: the cue is followed by an ordinary word or an already masked name.
        ("当事人于本月拒不改正。", "当事人于本月拒不改正。"),
        ("当事人对违法事实无异议。", "当事人对违法事实无异议。"),
        ("当事人张某某应当缴纳。", "当事人张某某应当缴纳。"),
        ("负责人应当到场。", "负责人应当到场。"),
        (
            "听取当事人陈述、申辩，当事人陈述称不知情。",
            "听取当事人陈述、申辩，当事人陈述称不知情。",
        ),
    ],
)
def test_names_after_cue_words_are_masked(text: str, expected: str) -> None:
    assert redact_text(text).text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会上王秀英发言。", "会上王某某发言。"),
        ("次日刘洋、张静到达现场。", "次日刘某、张某到达现场。"),
        ("经查，李建国拒不拆除。", "经查，李某某拒不拆除。"),
        ("名单：田海燕、何俊峰。", "名单：田某某、何某某。"),
    ],
)
def test_names_the_recogniser_finds_are_masked(text: str, expected: str) -> None:
    assert redact_text(text).text == expected


@pytest.mark.parametrize(
    "text",
    [
        "当事人未取得乡村建设规划许可证，擅自建设。",
        "在中宁县大战场镇马家梁村、石喇叭村、长山头农场。",
        "对中宁县李明养殖场进行检查。",
        "依据《中华人民共和国土地管理法》第七十七条，经张家口、白银市。",
        "中宁县大战场镇人民政府综合执法办公室。",
        "森林草原防火、林草资源、防沙治沙、水土保持。",
        "未经批准张挂、张贴宣传品等的；滥挖甘草、麻黄等的。",
        "燃气使用安全检查；关于做好2026年春灌工作的通告；抽样单及检测报告。",
        "罚款人民币2000元整，古尔邦节前缴纳，填写申请书。",
    ],
)
def test_places_organisations_and_ordinary_words_are_kept(text: str) -> None:
    assert redact_text(text).text == text


def test_public_officials_are_never_masked() -> None:
    known = KnownPeople(names=("王伟",), public_names=("王伟东", "刘强", "中宁县李明养殖场"))
    text = "执法人员王伟东、刘强现场检查中宁县李明养殖场，证人王伟在场。"
    assert (
        redact_text(text, known).text
        == "执法人员王伟东、刘强现场检查中宁县李明养殖场，证人王某在场。"
    )


def test_manual_masks_are_always_applied() -> None:
    text = "当事人外号二狗子，邻居马玉兰作证，执法人员刘强在场。"
    result = redact_text(
        text, KnownPeople(public_names=("刘强",)), masks=("二狗子", "马玉兰", "刘强")
    )
    assert result.text == "当事人外号［已隐去］，邻居马某某作证，执法人员刘某在场。"


def test_unmasks_keep_a_recognised_word_but_never_a_number_or_known_person() -> None:
    known = KnownPeople(names=("张三丰",))
    text = "会上王秀英发言，张三丰电话13812345678。"
    result = redact_text(text, known, unmasks=("王秀英", "张三丰", "13812345678"))
    assert result.text == "会上王秀英发言，张某某电话［电话已隐去］。"


def test_masked_spans_point_into_the_original_for_the_preview() -> None:
    text = f"当事人张三丰（{ID}）与证人李小明，电话+86 138 1234 5678。"
    result = redact_text(text, KnownPeople(names=("张三丰",)))
    assert [(m.kind, m.original) for m in result.masked] == [
        ("name", "张三丰"),
        ("id_number", ID),
        ("name", "李小明"),
        ("mobile", "+86 138 1234 5678"),
    ]
    for m in result.masked:
        assert text[m.start : m.end] == m.original
        assert m.replacement in result.text


def test_empty_text_is_returned_unchanged() -> None:
    assert redact_text("").text == "" and redact_text("").masked == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The name ends where a common word begins: 赵四|发生, not 赵四发.
        ("与邻居赵四发生纠纷后，赵四将其院墙推倒", "与邻居赵某发生纠纷后，赵某将其院墙推倒"),
        ("当事人李福贵在花豹湾村西侧。", "当事人李某某在花豹湾村西侧。"),
    ],
)
def test_a_name_never_swallows_the_next_word(text: str, expected: str) -> None:
    assert redact_text(text).text == expected


def test_the_household_part_of_a_home_address_is_masked_alone() -> None:
    known = KnownPeople(names=("马文",), addresses=("宁夏中卫市中宁县大战场镇清河村二组",))
    assert redact_text("当事人在清河村二组自家院内", known).text == "当事人在［住址已隐去］自家院内"
    village_only = KnownPeople(addresses=("宁夏中卫市中宁县大战场镇花豹湾村",))
    assert redact_text("在花豹湾村堆放杂物", village_only).text == "在花豹湾村堆放杂物"
