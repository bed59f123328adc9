"""The demo's 2021 法治政府建设年度报告 (docs/rule-of-law-report.md): seeded written and
approved, and published through the one state machine, like the demo's other records.

The text is fictional but follows the usual structure of a township's report in 宁夏 (the
five sections of 厅字〔2019〕28号 as the provinces' guidelines list them); no person is
named, only offices. The figures are generated from the demo's 2021 records when it is
published, as an administrator's would be.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from admin.content.store import read_site_config
from admin.domain import rule_of_law as rl
from admin.domain import vocab
from admin.domain import workflow as rules
from admin.models import Body, RuleOfLawReport, User
from admin.publish import rule_of_law as report_store
from admin.store import audit
from admin.store.calendar import deployment_region, load_calendar

YEAR = 2021
#: Published before 1 April 2022 (厅字〔2019〕28号 第二十四条), after the county's review.
PUBLISHED = dt.date(2022, 3, 25)

SECTIONS = {
    "section1_md": """\
2021年，大战场镇人民政府以习近平法治思想为指导，对照《法治政府建设实施纲要（2021—2025年）》\
和自治区、中卫市、中宁县的部署，推进乡镇法治政府建设，各项工作依法有序开展。

**（一）全面推行行政执法三项制度。** 镇综合执法办公室承接县级部门赋予的行政执法事项后，\
在本网站公示执法主体、执法人员、执法事项和随机抽查结果；行政处罚决定在作出之日起 7 个工作日内公示。\
执法全过程使用执法记录仪记录，普通程序案件全部经法制审核后作出决定。

**（二）深入开展普法宣传。** 启动“八五”普法，落实“谁执法谁普法”责任，\
围绕《民法典》《宁夏回族自治区禁牧封育条例》和安全生产、农村建房等内容，\
开展“法律进村”“宪法宣传周”活动 24 场次，培育村级“法律明白人” 36 名。

**（三）化解矛盾纠纷。** 坚持和发展新时代“枫桥经验”，镇村两级人民调解组织排查矛盾纠纷 87 件，\
调解成功 84 件；土地承包、邻里纠纷在村内化解，未发生因纠纷激化引起的群体性事件。

**（四）坚持依法决策。** 重大行政决策经公众参与、合法性审查和集体讨论决定，\
镇政府聘请法律顾问列席党政联席会议，全年审查合同和规范性文件 19 件。

**（五）推进政务公开。** 按照基层政务公开标准目录，主动公开政府信息，依法办理政府信息公开申请，\
在法定期限内答复，全年未发生因政务公开引起的行政复议或行政诉讼。""",
    "section2_md": """\
一是执法人员法律专业背景不足，持证执法人员数量与承接的执法事项不相适应；\
二是个别行政执法决定公示临近法定期限，执法文书说理不够充分；\
三是农村群众法治意识仍有差距，普法形式较为单一。原因主要是乡镇执法力量整合时间较短，\
培训和考核机制尚不完善。""",
    "section3_md": """\
镇党委书记、镇长履行推进法治建设第一责任人职责，\
全年召开党委会议、政府常务会议专题研究法治政府建设 4 次，\
将法治建设纳入年度目标考核；党政主要负责人年内述法，带头学法、带头出庭应诉，\
组织镇村干部集中学法 6 次。""",
    "section4_md": """\
2022年，大战场镇人民政府将继续完善综合行政执法体制，加强执法人员培训和资格管理；\
严格落实行政执法三项制度，提高执法决定公示的及时性；推进“八五”普法规划，\
加强村级法治文化阵地建设；健全矛盾纠纷多元化解机制，推动法治乡村建设。""",
    "section5_md": "无。",
}


def add_report(session: Session, township: Body, users: dict[str, User]) -> RuleOfLawReport:
    """Add the 2021 report as written by the demo's officer and approved by its reviewer.

    Seeded as the demo's decisions are (their state and their approval, whatever roles
    accounts made before the demo hold); publishing it goes through the state machine,
    which checks that approval by fresh eyes (admin.demo.publish).
    """
    officer, reviewer = users["officer"], users["reviewer"]
    report = RuleOfLawReport(
        body=township,
        year=YEAR,
        title=rl.default_title(YEAR, township.name),
        created_by_id=officer.id,
        state=vocab.STATE_APPROVED,
        **SECTIONS,
    )
    session.add(report)
    report_store.touch(session, report, officer.id, "create")  # revision 1
    audit.record(
        session,
        reviewer.username,
        "review",
        report_store.ENTITY,
        report.id,
        dataset=report_store.DATASET,
        reviewer_id=reviewer.id,
        outcome=rules.AGREE,
        opinion="经法制审核，报告内容符合规定，同意发布。",
        revision=report.version,
    )
    return report


def publish_report(session: Session, township: Body, root: Path, actor: str) -> Path | None:
    """Publish the reviewed 2021 report into ``root`` as of its publication day."""
    report = report_store.find_report(session, township, YEAR)
    if report is None:
        return None
    return report_store.publish(
        session,
        report,
        actor=rules.COMMAND,
        username=actor,
        today=PUBLISHED,
        content_root=root,
        calendar=load_calendar(session),
        region=deployment_region(read_site_config(root)),
    )
