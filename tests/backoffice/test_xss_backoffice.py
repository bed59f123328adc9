"""The XSS corpus of SECURITY.md through the back-office's forms, checked with an HTML parser.

Each payload goes into the decision's Markdown field (违法事实) and into plain fields
(party name, legal representative, violation type, 处罚内容); the list, the detail page,
the form's Markdown preview, the publishing preview and the public page preview (served
by the back-office, so on its origin) must then hold no executable element, no ``on*``
attribute and no ``javascript:``/``data:``/``vbscript:`` URL.
"""

from __future__ import annotations

import re
from collections import Counter

import html5lib
from flask.testing import FlaskClient

from admin.demo.fictional import credit_code
from tests.backoffice.conftest import login

CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.invalid/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">a</a>',
    '<a href="jav&#x61;script:alert(1)">a</a>',
    '<a href="java\tscript:alert(1)">a</a>',
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](java&#x09;script:alert(1))",
    "[a](\x01javascript:alert(1))",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[a](vbscript:msgbox(1))",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    '段落 {: onclick="alert(1)" }',
    '![x](x.png){: onerror="alert(1)" }',
    '<div markdown="1" onclick="alert(1)">*x*</div>',
    '" onmouseover="alert(1)" x="',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "<svg onload=alert(1)><circle/></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style>"
    "</mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">x</math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<style>@import 'javascript:alert(1)';</style>",
]
FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math",
}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")


def executable_parts(html: str) -> list[str]:
    """Return what in ``html`` a browser could run (empty when the page is safe)."""
    found = []
    document = html5lib.parse(html, namespaceHTMLElements=False)
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        tag = element.tag.rsplit("}", 1)[-1].lower()
        attributes = {name.rsplit("}", 1)[-1].lower(): value for name, value in element.items()}
        if tag == "script" and attributes.get("src", "").startswith("/static/"):
            continue  # the back-office's own external scripts
        if tag in FORBIDDEN_TAGS:
            found.append(f"<{tag}>")
        if tag == "meta" and "http-equiv" in attributes:
            found.append("<meta http-equiv>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"<{tag} {name}>")
            squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(BAD_SCHEMES):
                found.append(f"<{tag} {name}={value!r}>")
    return found


def new_decision_form(client: FlaskClient) -> tuple[str, dict]:
    """Return the new-decision page and the values an officer would enter, with its token."""
    html = client.get("/penalties/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    number = re.search(r'name="decision_no" type="text" value="([^"]*)"', html).group(1)
    items = re.search(r'name="item_id">(.*?)</select>', html, re.S).group(1)
    values = {
        "csrf_token": token,
        "body_id": re.search(r'name="body_id">\s*<option[^>]*value="(\d+)"', html).group(1),
        "party_kind": "法人及非法人组织",
        "party_credit_code": credit_code("91", "xss"),
        "decision_no": number,
        "decision_date": "2026-11-20",
        "basis": "《城市市容和环境卫生管理条例》第三十六条",
        "kinds": ["罚款"],
        "fine_yuan": "500",
        "procedure": "普通程序",
        "severity": "一般",
        "filed_date": "2026-11-02",
        "item_id": re.findall(r'<option value="(\d+)"', items)[0],
        "officers": re.findall(r'name="officers" type="checkbox" value="(\d+)"', html)[:2],
        "review_required": "y",
        "authority": "大战场镇人民政府",
        "authority_code": "11640521328907888U",
    }
    return html, values


def pages_of(client: FlaskClient, detail: str) -> dict[str, str]:
    """Return every back-office page that shows the decision at ``detail``."""
    record_id = detail.rsplit("/", 1)[-1]
    shown = {
        "list": client.get("/penalties/").get_data(as_text=True),
        "detail": client.get(detail).get_data(as_text=True),
        "edit": client.get(f"/penalties/{record_id}/edit").get_data(as_text=True),
        "publishing preview": client.get(f"{detail}/preview").get_data(as_text=True),
    }
    public = client.get(f"{detail}/public/", follow_redirects=True)
    if public.mimetype == "text/html":
        shown["public page preview"] = public.get_data(as_text=True)
    return shown


def test_corpus_is_inert_on_every_back_office_page(app, demo, client) -> None:
    # One app for the whole corpus: a decision per payload (a fresh app each is too slow).
    login(client, "officer")
    # The pages' own markup (the public site's scripts and icons) is the baseline: a payload
    # must add nothing executable to it.
    baseline = check_payload(client, "普通文字")
    assert baseline.pop("stored") == 1
    problems, stored = {}, 0
    for payload in CORPUS:
        found = check_payload(client, payload)
        stored += found.pop("stored")
        for name, parts in found.items():
            added = Counter(parts) - Counter(baseline.get(name, baseline["form preview"]))
            if added:
                problems[f"{payload!r} on {name}"] = sorted(added)
    assert problems == {}
    assert "public page preview" in baseline  # the public templates were exercised too
    assert stored >= len(CORPUS) // 2  # most decisions were saved, so every page was seen


def check_payload(client: FlaskClient, payload: str) -> dict:
    """Enter ``payload`` in a new decision; return what each page showing it would run."""
    _, values = new_decision_form(client)
    values.update(
        party_name=f"测试{payload}有限公司",
        legal_rep=payload[:50],
        violation_type=f"违法{payload}",
        facts=f"经查，当事人倾倒建筑垃圾。\n\n{payload}\n\n以上事实清楚。",
        content=f"罚款人民币500元。{payload}",
    )
    preview = client.post("/penalties/new", data={**values, "preview": "1"})
    assert preview.status_code == 200
    found = {"stored": 0, "form preview": executable_parts(preview.get_data(as_text=True))}
    saved = client.post("/penalties/new", data=values)
    if saved.status_code == 302:
        found["stored"] = 1
        for name, page in pages_of(client, saved.headers["Location"]).items():
            found[name] = executable_parts(page)
    else:
        # Refused by validation: the form shown again with the payload must be inert too.
        assert saved.status_code == 422, saved.status_code
        found["refused form"] = executable_parts(saved.get_data(as_text=True))
    return found


def test_the_oracle_finds_what_it_should() -> None:
    """The checker itself: it flags live markup and passes escaped text."""
    assert executable_parts("<p><img src=x onerror=alert(1)></p>") == ["<img onerror>"]
    assert executable_parts('<a href=" java\tscript:x">a</a>')
    assert executable_parts("<svg><circle/></svg>") == ["<svg>"]
    assert executable_parts("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []
    assert executable_parts('<script src="/static/app.js"></script>') == []
