"""The demo's one 依申请公开 request of 2021 and the inputs of its 2021 annual report.

大战场镇 receives about one request a year (DESIGN.md); the 2021 report counts it, the
year's 15 penalty decisions and no review or litigation. The applicant is fictional.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from admin.demo import fictional
from admin.demo.dates import at
from admin.domain import info_requests as rq
from admin.domain import request_intake as intake
from admin.models import AnnualReport, Body, InfoRequest, User

APPLICANT = "柏秋云"  # fictional
RECEIVED = dt.date(2021, 8, 9)
REPLIED = dt.date(2021, 8, 24)
REPORT_YEAR = 2021
#: The day the 2021 report was published: before 31 January (条例 Art 49).
REPORT_PUBLISHED = dt.date(2022, 1, 20)

SECTION_1 = """\
2021年，大战场镇人民政府认真贯彻《中华人民共和国政府信息公开条例》，坚持以公开为常态、不公开为例外，\
围绕行政执法公示、乡村振兴、社会救助等群众关注的事项做好主动公开，依法办理依申请公开。

（一）主动公开。全年通过本网站主动公开政府信息 6 条，公示行政处罚决定 15 件。

（二）依申请公开。全年收到政府信息公开申请 1 件，在法定期限内答复。

（三）政府信息管理。按照索引号编制政府信息公开目录，信息发布前经保密审查和个人信息遮蔽。

（四）平台建设。行政执法公示与政务公开栏目支持检索、查阅和下载。

（五）监督保障。将政务公开纳入年度工作考核，全年未发生因政府信息公开引起的行政复议和行政诉讼。"""
SECTION_5 = """\
存在的主要问题：公开内容的解读不够，部分信息发布时间接近法定期限。

改进措施：2022年将对重要政策文件同步发布解读，并在后台按法定期限提醒，做到及时公开。"""
SECTION_6 = "本年度未收取信息处理费。本机关无其他需要报告的事项。"


def add_requests(session: Session, township: Body, users: dict[str, User]) -> list[InfoRequest]:
    """Add the 2021 request (answered on time) and the 2021 report's inputs; return requests."""
    request = InfoRequest(
        body=township,
        registration_no="大政依申〔2021〕1号",
        channel=intake.CHANNEL_IN_PERSON,
        received_on=RECEIVED,
        counts_from=intake.counting_start(intake.CHANNEL_IN_PERSON, RECEIVED, None),
        applicant_type=intake.NATURAL_PERSON,
        applicant_name=APPLICANT,
        applicant_id_number=fictional.id_number(
            "request-2021-1", fictional.birth_date("request-2021-1", 52, RECEIVED), "女"
        ),
        applicant_phone=fictional.mobile("request-2021-1"),
        applicant_address="宁夏中卫市中宁县大战场镇长山头村三组",
        information="本村2021年农村土地承包经营权流转的合同备案情况",
        form_wanted="纸质文本",
        state=rq.ARCHIVED,
        replied_on=REPLIED,
        reply_type="予以公开",
        reply_note="向申请人提供本村土地流转合同备案汇总表（纸质）一份。",
        archived_on=dt.date(2021, 8, 31),
        trail=[
            {"on": "2021-08-09", "action": "登记", "by": "officer"},
            {"on": "2021-08-24", "action": "答复", "note": "予以公开", "by": "officer"},
            {"on": "2021-08-31", "action": "归档", "by": "officer"},
        ],
        created_by_id=users["officer"].id,
        created_at=at(RECEIVED),
        updated_at=at(dt.date(2021, 8, 31)),
    )
    session.add(request)
    session.add(
        AnnualReport(
            body=township,
            year=REPORT_YEAR,
            table4=[0] * 15,
            section1_md=SECTION_1,
            section5_md=SECTION_5,
            section6_md=SECTION_6,
            created_at=at(dt.date(2022, 1, 10)),
            updated_at=at(REPORT_PUBLISHED),
        )
    )
    session.flush()
    return [request]
