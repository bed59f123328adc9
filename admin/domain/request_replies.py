"""What a 依申请公开 request ends in: the statutory reply types and the printable notices."""

from __future__ import annotations

from typing import Any

#: The statutory reply types and their sub-reasons: the result rows of table 三.
REPLY_TYPES: dict[str, tuple[str, ...]] = {
    "予以公开": (),
    "部分公开": (),
    "不予公开": (
        "属于国家秘密",
        "其他法律行政法规禁止公开",
        "危及“三安全一稳定”",
        "保护第三方合法权益",
        "属于三类内部事务信息",
        "属于四类过程性信息",
        "属于行政执法案卷",
        "属于行政查询事项",
    ),
    "无法提供": ("本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"),
    "不予处理": (
        "信访举报投诉类申请",
        "重复申请",
        "要求提供公开出版物",
        "无正当理由大量反复申请",
        "要求行政机关确认或重新出具已获取信息",
    ),
    "其他处理": (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "其他",
    ),
}
#: The article each reply type rests on, stated in the 答复书.
REPLY_BASIS = {
    "予以公开": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    "部分公开": "《中华人民共和国政府信息公开条例》第三十七条",
    "不予公开": "《中华人民共和国政府信息公开条例》第十四条、第十五条、第十六条、"
    "第三十六条第（三）项",
    "无法提供": "《中华人民共和国政府信息公开条例》第三十条、第三十六条第（四）项、第三十八条",
    "不予处理": "《中华人民共和国政府信息公开条例》第三十六条第（六）项、第三十九条",
    "其他处理": "《中华人民共和国政府信息公开条例》第三十条、第四十二条",
}
#: The printable notices: title, and the legal basis each one states.
NOTICES = {
    "receipt": (
        "政府信息公开申请登记回执",
        "《中华人民共和国政府信息公开条例》第二十九条、第三十一条",
    ),
    "correction": ("政府信息公开申请补正告知书", "《中华人民共和国政府信息公开条例》第三十条"),
    "consultation": (
        "政府信息公开征求第三方意见函",
        "《中华人民共和国政府信息公开条例》第三十二条",
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "《中华人民共和国政府信息公开条例》第三十三条第二款",
    ),
    "reply": ("政府信息公开申请答复书", "《中华人民共和国政府信息公开条例》第三十三条、第三十六条"),
}
#: What must have happened before a notice can be printed (the field that records it).
NOTICE_NEEDS = {
    "receipt": "counts_from",
    "correction": "correction_asked_on",
    "consultation": "consult_sent_on",
    "extension": "extension_approved_on",
    "reply": "replied_on",
}
LAPSED_TYPE, LAPSED_REASON = "其他处理", REPLY_TYPES["其他处理"][0]


def available_notices(request: Any) -> list[str]:
    """Return the notices ``request`` has reached, in the order they are issued."""
    return [name for name, needs in NOTICE_NEEDS.items() if getattr(request, needs) is not None]
