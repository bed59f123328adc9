"""How a 依申请公开 request comes in (条例 Art 29–31): channels, applicants, registration.

The channel decides the day a request counts as received, and so every clock after it;
:func:`check_registration` refuses a new request's fields before anything is saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from admin.domain.info_requests import RequestError

# 条例 Art 31: how a request arrived decides the day it is received.
CHANNEL_IN_PERSON = "当面"
CHANNEL_REGISTERED_POST = "挂号信（邮政）"
CHANNEL_ORDINARY_POST = "平常信函"
CHANNEL_ONLINE = "网络"
CHANNEL_FAX = "传真"
CHANNELS = (
    CHANNEL_IN_PERSON,
    CHANNEL_REGISTERED_POST,
    CHANNEL_ORDINARY_POST,
    CHANNEL_ONLINE,
    CHANNEL_FAX,
)
#: Channels whose request counts from the day both sides confirmed it (Art 31(2)(3)).
CONFIRMED_CHANNELS = (CHANNEL_ORDINARY_POST, CHANNEL_ONLINE, CHANNEL_FAX)
CHANNEL_RULES = {
    CHANNEL_IN_PERSON: "当面提交的，以收到申请之日为收到申请之日（《条例》第三十一条第一项）",
    CHANNEL_REGISTERED_POST: "以邮政快递等方式提交的，以双方签收之日为收到申请之日"
    "（《条例》第三十一条第二项）",
    CHANNEL_ORDINARY_POST: "以平常信函等无需签收的邮件提交的，以收到申请之日起 3 个工作日内"
    "与申请人确认之日为收到申请之日（《条例》第三十一条第二项）",
    CHANNEL_ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日"
    "（《条例》第三十一条第三项）",
    CHANNEL_FAX: "通过传真提交的，以双方确认之日为收到申请之日（《条例》第三十一条第三项）",
}

#: The columns of table 三: 自然人, then the kinds of 法人或其他组织.
NATURAL_PERSON = "自然人"
ORGANISATION_TYPES = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
APPLICANT_TYPES = (NATURAL_PERSON, *ORGANISATION_TYPES)
FORMS = ("纸质文本", "电子文档", "光盘", "当面查阅、抄录")


def counting_start(channel: str, received_on: dt.date, confirmed_on: dt.date | None) -> dt.date:
    """Return the day a request counts as received (条例 Art 31) by its channel."""
    if channel not in CHANNELS:
        raise RequestError(f"提交方式：必须是 {'、'.join(CHANNELS)} 之一")
    if channel not in CONFIRMED_CHANNELS:
        return received_on
    if confirmed_on is None:
        raise RequestError(f"确认日期：{channel}提交的申请须填写与申请人确认之日")
    if confirmed_on < received_on:
        raise RequestError("确认日期：不能早于收到日期")
    return confirmed_on


def check_registration(fields: Mapping[str, Any], today: dt.date) -> list[str]:
    """Return the refusals of a new request's fields (empty: it may be registered)."""
    errors = []
    required = {
        "registration_no": "登记编号",
        "applicant_name": "申请人姓名或名称",
        "information": "所需政府信息",
    }
    for key, label in required.items():
        if not str(fields.get(key) or "").strip():
            errors.append(f"{label}：不能为空")
    if fields.get("applicant_type") not in APPLICANT_TYPES:
        errors.append(f"申请人类型：必须是 {'、'.join(APPLICANT_TYPES)} 之一")
    if fields.get("form_wanted") not in FORMS:
        errors.append(f"获取方式：必须是 {'、'.join(FORMS)} 之一")
    received = fields.get("received_on")
    if not isinstance(received, dt.date):
        errors.append("收到日期：请填写日期")
    elif received > today:
        errors.append("收到日期：不能晚于今天")
    else:
        try:
            start = counting_start(fields.get("channel", ""), received, fields.get("confirmed_on"))
            if start > today:
                errors.append("确认日期：不能晚于今天")
        except RequestError as exc:
            errors.append(exc.message)
    return errors
