"""Publish never accepts what the build refuses (issue 14, item 4).

``assert_publishable`` runs the guard's scanner on the body as written, as the site's
renderer shows it and as the data files' plain text: a number split by markup is refused
with the field's Chinese label and the masked value, and whatever it accepts the build's
guard accepts too.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from admin.domain import pii
from admin.domain.markdown_render import render_markdown, render_plain
from admin.domain.publishable import NotPublishable, assert_publishable
from admin.domain.redact import redact_text
from admin.freeze.leakguard import scan_bytes

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "freeze"))
from test_number_forms import FALSE_POSITIVES, FORMS


def guard_flags(body: str) -> bool:
    """Whether the build's guard flags the body on its page or in a data file's cell."""
    page = f"<html><body>{render_markdown(body)}</body></html>".encode()
    cell = f'违法事实,网址\n"{render_plain(body)}",/penalties/a/\n'.encode()
    return bool(scan_bytes(page, "index.html") or scan_bytes(cell, "penalties.csv"))


@pytest.mark.parametrize(("form", "kind", "value"), FORMS)
def test_an_unmasked_form_is_refused_with_the_field_and_the_masked_value(
    form: str, kind: str, value: str
) -> None:
    with pytest.raises(NotPublishable) as refused:
        assert_publishable({"title": "t"}, f"当事人出示{form}。", body_label="违法事实")
    label = {pii.ID_NUMBER: "身份证号", pii.MOBILE: "手机号"}[kind]
    assert str(refused.value).startswith(f"违法事实：含疑似{label}")
    assert pii.mask_number(value) in str(refused.value) and value not in str(refused.value)


@pytest.mark.parametrize(("form", "kind", "value"), FORMS)
def test_a_redacted_form_is_accepted_and_the_build_accepts_it_too(
    form: str, kind: str, value: str
) -> None:
    body = redact_text(f"当事人出示{form}。").text
    assert_publishable({"title": "t"}, body, body_label="违法事实")
    assert not guard_flags(body)


def _pieces() -> list[str]:
    forms = [form for form, _, _ in FORMS]
    marks = ["<span>", "</span>", "**", "<!-- -->", "\n", "  \n", "|", "<br>", "\\", "&#49;"]
    return forms + FALSE_POSITIVES + marks + ["1385", "0123", "X", " ", "。", "a", "64052119"]


def test_whatever_publish_accepts_the_guard_accepts() -> None:
    rng = random.Random(14)
    pieces = _pieces()
    accepted = 0
    for _ in range(400):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 6)))
        try:
            assert_publishable({"title": "t"}, body, body_label="违法事实")
        except NotPublishable:
            continue
        accepted += 1
        assert not guard_flags(body), body
    assert accepted > 50
