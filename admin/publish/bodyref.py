"""Find the body a file's cell names, by 统一社会信用代码 or by 名称 (imports of #16)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from admin.domain.catalogue import is_code_reference, reference_key
from admin.domain.validation import parse_decision_no
from admin.models import Body

#: Said wherever an import needs bodies that are not there yet: the command that adds them.
IMPORT_SUBJECTS_HINT = "请先运行 gongshi import subjects FILE 导入执法主体"


class BodyDirectory:
    """Bodies by credit code and by name; a name two bodies share must be given as a code."""

    def __init__(self, bodies: Iterable[Body]) -> None:
        self.by_code: dict[str, Body] = {}
        self.by_name: dict[str, list[Body]] = {}
        for body in bodies:
            if body.credit_code:
                self.by_code[reference_key(body.credit_code)] = body
            self.by_name.setdefault(reference_key(body.name), []).append(body)

    @classmethod
    def of(cls, session: Session) -> BodyDirectory:
        return cls(session.scalars(sa.select(Body).order_by(Body.id)))

    def __bool__(self) -> bool:
        return bool(self.by_name)

    def find(self, text: str) -> tuple[Body | None, str]:
        """Return the body ``text`` names (code or name), or None and why not."""
        text = text.strip()
        if is_code_reference(text):
            body = self.by_code.get(reference_key(text))
            if body is None:
                return None, f"没有统一社会信用代码为 {text} 的执法主体（{IMPORT_SUBJECTS_HINT}）"
            return body, ""
        return self.find_name(text)

    def find_name(self, name: str) -> tuple[Body | None, str]:
        """Return the one body called ``name``, or None and why not."""
        found = self.by_name.get(reference_key(name), [])
        if not found:
            return None, f"没有名为「{name}」的执法主体（{IMPORT_SUBJECTS_HINT}）"
        if len(found) > 1:
            return None, f"有 {len(found)} 个名为「{name}」的执法主体，请改填其统一社会信用代码"
        return found[0], ""

    def authority(self, name: str, code: str) -> tuple[Body | None, str]:
        """Return the body a decision's 处罚机关 and its code name, or None and why not.

        The code decides when given; the name must then be that body's (full or short).
        """
        if not code.strip():
            return self.find_name(name)
        body = self.by_code.get(reference_key(code))
        if body is None:
            return None, (
                f"没有统一社会信用代码为 {code.strip()} 的执法主体（{IMPORT_SUBJECTS_HINT}）"
            )
        names = {reference_key(body.name), reference_key(body.short_name or "")}
        if name.strip() and reference_key(name) not in names:
            return None, (
                f"「{name.strip()}」与处罚机关统一社会信用代码 {code.strip()} "
                f"所属的「{body.name}」不一致"
            )
        return body, ""


def decision_prefix_of(body: Body) -> str:
    """Return the 文号代字 a body's decisions carry: its own, or that of the body it acts for.

    An internal office (综合执法办公室) decides in the name of the government above it.
    """
    current: Body | None = body
    while current is not None:
        if current.decision_prefix:
            return current.decision_prefix
        if current.is_enforcement_subject:
            return ""
        current = current.parent
    return ""


def check_authority(
    fields: dict[str, object], bodies: BodyDirectory, refused: set[str]
) -> list[tuple[str, str]]:
    """File a decision under the body its 处罚机关 names, as ``fields["body"]``, its 处罚机关
    and code then written as that body's; else say why.

    Returns (column, reason) pairs. Never a default body: a decision filed under the wrong
    处罚机关 would be published under it.
    """
    if {"authority", "authority_code"} & refused:
        return []  # already reported (empty, or a code with a wrong check character)
    name, code = str(fields.get("authority") or ""), str(fields.get("authority_code") or "")
    body, reason = bodies.authority(name, code)
    if body is None:
        return [("处罚机关", reason)]
    fields["body"] = body
    # Published as the body is named: not as the cell wrote it (a short name, a space or
    # an invisible character that the match forgave), and with the body's code when the
    # file left it out (a 双公示 field).
    fields["authority"] = body.name
    if not code.strip() and body.credit_code:
        fields["authority_code"] = body.credit_code
    prefix = decision_prefix_of(body)
    parsed = parse_decision_no(str(fields.get("decision_no") or ""))
    if prefix and parsed and "decision_no" not in refused and parsed.prefix != prefix:
        reason = f"机关代字「{parsed.prefix}」与{body.name}的文号代字「{prefix}」不一致"
        return [("行政处罚决定书文号", reason)]
    return []
