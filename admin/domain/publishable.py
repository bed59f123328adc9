"""The last check on every public form: no personal number, no full name the record knows.

:func:`assert_publishable` is what every form ends with, and what publishing runs again on
what it adds after the forms and on the annual reports; it refuses with
:class:`NotPublishable`, whose ``message`` names the field in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from admin.domain import pii
from admin.domain.datasets import DATASETS
from admin.domain.markdown_render import render_markdown, render_plain
from admin.domain.redact import KnownPeople, known_name_spans, mask_person_name
from admin.domain.textfold import Folded
from admin.errors import GongshiError

#: How a refusal names a front-matter key: the declaration's title (of the first record
#: type that has the key), with the shorter words refusals have always used.
FIELD_LABELS = {f.key: f.title for d in reversed(DATASETS.values()) for f in d.public_fields()} | {
    "name": "名称",
    "decision_no": "决定书文号",
    "party_name": "当事人名称",
    "subject_name": "执法主体",
    "follow_up": "整改情况",
    "address": "地址",
}
KIND_LABELS = {pii.ID_NUMBER: "身份证号", pii.MOBILE: "手机号", pii.BANK_CARD: "银行卡号"}


class NotPublishable(GongshiError):
    """A record whose public form may not be published; ``message`` says why, in Chinese."""


def assert_publishable(
    front_matter: Mapping[str, Any],
    body: str,
    *,
    body_label: str = "正文",
    known: KnownPeople | None = None,
    public_numbers: Iterable[str] = (),
) -> None:
    """Refuse a public form that still holds a personal number or a known person's name.

    The body is checked as written and as the site shows it (rendered HTML, and the plain
    text of the data files), with the scanner the build's leak guard runs: markup that
    splits a number in the Markdown joins it on the page, and publish must never accept
    what every later build would refuse (issue 14).
    """
    public = {_compact(n) for n in (*public_numbers, *(known.public_numbers if known else ()))}
    texts = [(label, text) for label, text in _texts(front_matter)] + [(body_label, body)]
    texts += _shown_body(body_label, body)
    for label, text in texts:
        for hit in pii.find_personal_numbers(text, markup=True, public=public):
            raise NotPublishable(
                f"{label}：含疑似{KIND_LABELS[hit.kind]}（{hit.masked}），不予公示"
            )
        if known is None:
            continue
        guarded = [(m, m + len(n)) for n in known.public_names if n for m in _find_all(text, n)]
        for name in known.names:
            if known_name_spans(text, name, guarded):
                raise NotPublishable(f"{label}：含自然人全名（{mask_person_name(name)}），不予公示")


def _shown_body(label: str, body: str) -> list[tuple[str, str]]:
    """Return the body as the built site shows it: its page's HTML and its plain text."""
    if not body:
        return []
    return [(label, str(render_markdown(body))), (label, render_plain(body))]


def _texts(front: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Return (label, "key = value") for every scalar: the key labels organisation codes."""
    out = []
    for key, value in front.items():
        label = FIELD_LABELS.get(key, key)
        if isinstance(value, Mapping):
            out += _texts(value, label)
        elif isinstance(value, list | tuple):
            for element in value:
                out += (
                    _texts(element, label)
                    if isinstance(element, Mapping)
                    else [(label, str(element))]
                )
        elif isinstance(value, str | int) and not isinstance(value, bool):
            out.append((prefix or label, f"{key} = {value}"))
    return out


def _compact(number: str) -> str:
    return "".join(ch for ch in Folded(number).text.upper() if ch.isalnum())


def _find_all(text: str, needle: str) -> list[int]:
    found, start = [], text.find(needle)
    while start >= 0:
        found.append(start)
        start = text.find(needle, start + 1)
    return found
