"""Validation of records before they are saved: one set of rules for forms, import and CLI.

Each ``validate_*`` function takes a mapping keyed by the model's attribute names and
returns a list of :class:`FieldError` (empty: valid); it never raises on bad input. At
most one error is reported per field: the first rule it breaks.

Decisions the law leaves open, made here:

- 个体工商户 under 简易程序 get the 公民 cap of 200 元, not 3,000 元: 民法典 Art 54 places
  them among 自然人, and the lower cap never makes a decision unlawful, whereas wrongly
  applying the higher one would (a 201–3,000 元 fine then needs 普通程序).
- The 文号's year must equal the decision date's year, as an error, not a warning: the
  number is assigned when the decision is issued, so a mismatch is a typo in one of two
  published fields, and the 公示 period is counted from that date.
- 行政检查 need two certified officers too when the officers are known: the two-person
  rule of 行政处罚法 Art 42 is practice for every on-site enforcement action.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from admin.domain import vocab
from admin.domain.decision_no import DECISION_NO_EXAMPLE, parse_decision_no
from admin.domain.fieldcheck import (
    Checker,
    FieldError,
    OfficerLike,
    credit_code_problem,
    id_card_problem,
    quote,
)
from admin.domain.identifiers import is_valid_credit_code, normalise
from admin.domain.money import format_yuan

#: 行政处罚法 Art 51, in 分, by 行政相对人类别 (see the module docstring for 个体工商户).
SUMMARY_FINE_CAP_FEN = {
    vocab.PARTY_NATURAL: 200_00,
    vocab.PARTY_SOLE_TRADER: 200_00,
    vocab.PARTY_ORGANISATION: 3_000_00,
}
SUMMARY_KINDS = frozenset({"警告", "罚款"})
CONFISCATION_KINDS = frozenset({"没收违法所得", "没收非法财物"})
LICENCE_KINDS = frozenset({"暂扣许可证件", "吊销许可证件"})

_INDEX_NO_RE = re.compile(r"(?P<code>[0-9A-Z]{18})/(?P<year>\d{4})-(?P<serial>\d{5})")


def validate_penalty(
    fields: Mapping[str, Any],
    *,
    today: dt.date,
    officers: Sequence[OfficerLike] | None = None,
    township: bool = True,
    imported: bool = False,
) -> list[FieldError]:
    """Check a 行政处罚决定; ``officers`` None means the source names none (an import)."""
    c = Checker("penalty", fields)
    c.required("party_kind", "party_name", "decision_no", "violation_type", "facts", "basis")
    c.required("kinds", "content", "decision_date", "authority", "procedure")
    party_kind = c.choice("party_kind", vocab.PARTY_KINDS)
    if party_kind == vocab.PARTY_ORGANISATION and not c.text("party_credit_code"):
        c.fail("party_credit_code", "法人及非法人组织必须填写")
    if party_kind == vocab.PARTY_NATURAL:
        for field in ("id_type", "id_number"):
            if not c.text(field):
                c.fail(field, "自然人必须填写")
    for field in ("party_credit_code", "authority_code", "source_unit_code"):
        c.credit_code(field)
    c.id_document("id_type", "id_number", today)
    c.id_document("legal_rep_id_type", "legal_rep_id_number", today)
    c.phone("party_phone")
    fine, confiscation = c.fen("fine_fen"), c.fen("confiscation_fen")
    # Amounts, licences and the procedure are judged against the kinds only once the
    # kinds themselves are sound; otherwise one slip would be reported three times.
    kinds = _check_kinds(c, township)
    if kinds is not None:
        _check_consequences(c, kinds, fine, confiscation)
    procedure = c.choice("procedure", vocab.PROCEDURES)
    if procedure == vocab.PROCEDURE_SUMMARY and kinds is not None:
        _check_summary(c, kinds, party_kind, fine)
    elif procedure == vocab.PROCEDURE_ORDINARY and officers is not None and not imported:
        c.officers(officers, "普通程序须由两名以上持证执法人员办理（行政处罚法第四十二条）")
    decided = c.past_date("decision_date", today)
    filed = c.past_date("filed_date", today)
    if filed and decided and filed > decided:
        c.fail("filed_date", "不能晚于处罚决定日期")
    for field in ("publicity_until", "validity_until"):
        until = c.date(field)
        if until and decided and until <= decided:
            c.fail(field, "必须晚于处罚决定日期")
    number = c.text("decision_no")
    parsed = parse_decision_no(number) if number else None
    if number and parsed is None:
        c.fail("decision_no", f"格式应为{DECISION_NO_EXAMPLE}")
    elif parsed and decided and parsed.year != decided.year:
        c.fail("decision_no", f"文号年份 {parsed.year} 与处罚决定日期的年份 {decided.year} 不一致")
    c.defaulted("severity")
    c.choice("severity", vocab.SEVERITIES)
    return c.finish()


def validate_inspection(
    fields: Mapping[str, Any], *, today: dt.date, officers: Sequence[OfficerLike] | None = None
) -> list[FieldError]:
    """Check a 检查结果; ``officers`` None means the source names none."""
    c = Checker("inspection", fields)
    c.required("party_kind", "party_name", "inspected_on", "result")
    c.choice("party_kind", vocab.PARTY_KINDS)
    c.credit_code("party_credit_code")
    c.past_date("inspected_on", today)
    result = c.choice("result", vocab.INSPECTION_RESULTS)
    if result in ("责令整改", "立案查处") and not c.text("follow_up"):
        c.fail("follow_up", f"检查结果为{result}时必须填写")
    if officers is not None:
        c.officers(officers, "行政检查须由两名以上持证执法人员实施")
    return c.finish()


def validate_info_item(fields: Mapping[str, Any], *, today: dt.date) -> list[FieldError]:
    """Check a 政府信息 item: 索引号, dates in order, topic, validity, its 重大建设项目."""
    c = Checker("info", fields)
    c.required("index_no", "title", "topic", "publisher")
    index_no = c.text("index_no")
    match = _INDEX_NO_RE.fullmatch(normalise(index_no).upper()) if index_no else None
    if index_no and match is None:
        c.fail("index_no", "格式应为 统一社会信用代码/年份-五位序号，例如 …/2021-00001")
    elif match and not is_valid_credit_code(match["code"]):
        c.fail("index_no", f"前 18 位{credit_code_problem(match['code'])}")
    elif match and int(match["year"]) > today.year:
        c.fail("index_no", f"年份 {match['year']} 晚于今年")
    elif match and match["serial"] == "00000":
        c.fail("index_no", "序号应从 00001 开始")
    c.choice("topic", vocab.INFO_TOPICS)
    c.defaulted("validity")
    c.choice("validity", vocab.INFO_VALIDITY)
    written = c.past_date("written_on", today)
    published = c.past_date("published_on", today)
    if written and published and published < written:
        c.fail("published_on", "不能早于成文日期")
    _check_project(c)
    return c.finish()


def _check_project(c: Checker) -> None:
    """A 重大建设项目 item names its project and its 94号 category, both or neither."""
    project, stage = c.text("project"), c.text("project_stage")
    if project and not stage:
        c.fail("project_stage", "填写了项目名称时必须选择项目信息类别")
    elif stage and not project:
        c.fail("project", "选择了项目信息类别时必须填写项目名称")
    if stage and vocab.project_stage(stage) not in vocab.PROJECT_STAGES:
        c.fail("project_stage", f"「{stage}」不是可选的值，应为：{'、'.join(vocab.PROJECT_STAGES)}")


def validate_officer(
    fields: Mapping[str, Any], *, today: dt.date | None = None
) -> list[FieldError]:
    """Check an 执法人员 or 辅助人员: certificate, private ID number and phone."""
    c = Checker("officer", fields)
    c.required("name")
    c.defaulted("staff_kind", "status")
    staff_kind = c.choice("staff_kind", vocab.STAFF_KINDS) or "执法人员"
    certificate = c.text("certificate_no")
    if staff_kind == "执法人员" and not certificate:
        c.fail("certificate_no", "执法人员必须填写（无执法证的人员请选择辅助人员）")
    elif staff_kind == "辅助人员" and certificate:
        c.fail("certificate_no", "辅助人员不持执法证，不应填写")
    c.choice("status", vocab.OFFICER_STATUSES)
    number = c.text("id_number")
    if number:
        problem = id_card_problem(number, today)
        if problem:
            c.fail("id_number", problem)
    c.phone("phone")
    return c.finish()


def validate_subject(fields: Mapping[str, Any]) -> list[FieldError]:
    """Check an 执法主体 (or the government it belongs to)."""
    c = Checker("subject", fields)
    c.required("name", "kind")
    # An office that only handles cases (综合执法办公室) publishes nothing in its own name,
    # so it may lack a code; a body that decides and publishes must carry one.
    if fields.get("is_enforcement_subject", True):
        c.required("credit_code")
    c.choice("kind", vocab.SUBJECT_KINDS)
    c.credit_code("credit_code")
    prefix = c.text("decision_prefix")
    if prefix and not re.fullmatch(r"[^\s〔〕\[\]()【】［］（）\d]+", prefix):
        c.fail("decision_prefix", "只写机关代字，不含年份、括号、数字或空格，例如 中宁大战场综执罚")
    return c.finish()


def validate_item(fields: Mapping[str, Any]) -> list[FieldError]:
    """Check an 执法事项 of the catalogue."""
    c = Checker("item", fields)
    c.required("name", "category", "legal_basis")
    c.choice("category", vocab.ITEM_CATEGORIES)
    return c.finish()


def _check_kinds(c: Checker, township: bool) -> frozenset[str] | None:
    """Return the kinds when they are a sound, non-empty list, else None."""
    raw = c.fields.get("kinds")
    if raw in (None, "", [], ()):
        return None
    if isinstance(raw, str) or not isinstance(raw, Sequence):
        c.fail("kinds", "应为处罚种类的列表")
        return None
    kinds = [str(kind) for kind in raw]
    criminal = [kind for kind in kinds if kind in vocab.CRIMINAL_PENALTIES]
    unknown = [kind for kind in kinds if kind not in vocab.PENALTY_KINDS + vocab.CRIMINAL_PENALTIES]
    repeated = sorted({kind for kind in kinds if kinds.count(kind) > 1})
    if criminal:
        c.fail(
            "kinds",
            f"{'、'.join(criminal)}是刑罚，不是行政处罚（刑法第三十四条、行政处罚法第九条）",
        )
    elif unknown:
        c.fail("kinds", f"{quote(unknown)}不是法定的行政处罚种类（行政处罚法第九条）")
    elif repeated:
        c.fail("kinds", f"{quote(repeated)}重复")
    elif township and set(kinds) & set(vocab.KINDS_REFUSED_FOR_TOWNSHIP):
        c.fail("kinds", "行政拘留只能由公安机关决定，乡镇人民政府不能作出（行政处罚法第十八条）")
    else:
        return frozenset(kinds)
    return None


def _check_consequences(c: Checker, kinds: frozenset[str], fine: int, confiscation: int) -> None:
    if "罚款" in kinds and fine == 0:
        c.fail("fine_fen", "处罚类别含罚款，罚款金额必须大于 0")
    elif fine and "罚款" not in kinds:
        c.fail("fine_fen", "处罚类别不含罚款，罚款金额应为 0")
    if confiscation and not kinds & CONFISCATION_KINDS:
        c.fail("confiscation_fen", "处罚类别不含没收违法所得或没收非法财物，金额应为 0")
    if kinds & LICENCE_KINDS and not c.text("licence_info"):
        c.fail("licence_info", "处罚类别含暂扣或吊销许可证件时必须填写")


def _check_summary(c: Checker, kinds: frozenset[str], party_kind: str | None, fine: int) -> None:
    other = [kind for kind in vocab.PENALTY_KINDS if kind in kinds - SUMMARY_KINDS]
    cap = SUMMARY_FINE_CAP_FEN.get(party_kind or "")
    if other:
        c.fail(
            "procedure",
            f"简易程序只适用于警告、罚款（行政处罚法第五十一条），不适用于{'、'.join(other)}",
        )
    elif cap is not None and fine > cap:
        who = {vocab.PARTY_ORGANISATION: "法人或者其他组织"}.get(party_kind or "", party_kind)
        c.fail(
            "procedure",
            f"简易程序对{who}的罚款不得超过 {cap // 100} 元（行政处罚法第五十一条），"
            f"本案罚款 {format_yuan(fine)}，应适用普通程序",
        )
