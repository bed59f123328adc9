"""The one sanitising renderer, judged by an HTML parser (html5lib), not by regexes."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import html5lib
import pytest
from markupsafe import Markup

from admin.domain import markdown_render as render
from admin.domain.markdown_render import render_markdown, render_plain

#: What a browser's parser may find in the output: the allowlist plus the document shell.
PARSED_OK = render.ALLOWED_TAGS | {"html", "head", "body"}
FORBIDDEN_TEXT_TAGS = ("script", "iframe", "svg", "math", "form", "meta", "base", "style")

XSS_CORPUS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<p onclick=alert(1)>点我</p>",
    '<a href="#" onmouseover="alert(1)">x</a>',
    "<body onload=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "[点我](javascript:alert(1))",
    "[点我](JaVaScRiPt:alert(1))",
    "[点我](  javascript:alert(1))",
    "[点我](java\tscript:alert(1))",
    "[点我](java\nscript:alert(1))",
    "[点我](java\x00script:alert(1))",
    "[点我](java\x01script:alert(1))",
    "[点我](&#106;avascript:alert(1))",
    "[点我](&#x6A;avascript&#x3A;alert(1))",
    "[点我](&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1))",
    "[点我](javascript&colon;alert(1))",
    "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[点我](vbscript:msgbox(1))",
    "[点我](VBScript:msgbox(1))",
    "<a href='javascript:alert(1)'>x</a>",
    "<a href='&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)'>x</a>",
    "<a href=' javascript:alert(1)'>x</a>",
    "<a href='java&Tab;script:alert(1)'>x</a>",
    "<a href='java&NewLine;script:alert(1)'>x</a>",
    "[点我][ref]\n\n[ref]: javascript:alert(1)",
    "[点我][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    '[点我][ref]\n\n[ref]: vbscript:msgbox(1) "title"',
    "![x](javascript:alert(1))",
    '![x](x.png "onerror=alert(1)")',
    '[x](https://ok.example/" onclick="alert(1))',
    '[x](https://ok.example/ "a\\" onclick=\\"alert(1)")',
    "*强调*{onclick=alert(1)}",
    "段落\n{: onclick=alert(1) }",
    '<div markdown="1">[x](javascript:alert(1))</div>',
    '<div markdown="1" onclick="alert(1)">*x*</div>',
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    "<svg><p><style><img src=x onerror=alert(1)></style></p></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph>"
    "</table></mtext></math>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<template><script>alert(1)</script></template>",
    "<!--<script>alert(1)</script>-->",
    '"><script>alert(1)</script>',
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "<details open ontoggle=alert(1)>",
    "<a href=x onclick=alert(1)>x</a>",
    '<table><tr><td style="x" onclick="alert(1)">x</td></tr></table>',
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    '<table><tr><td class="align-left evil" align="center">x</td></tr></table>',
    '<p class="align-left">x</p><table><tr><th class="x">y</th></tr></table>',
]


def _elements(html: str):
    document = html5lib.parse(html, namespaceHTMLElements=False)
    return list(document.iter())


#: The one element the renderer adds itself: the scroll box around a table, exactly so.
TABLE_BOX = {
    "class": "table-scroll",
    "role": "region",
    "tabindex": "0",
    "aria-label": "表格（可左右滚动）",
}


def _assert_safe(html: str) -> None:
    for element in _elements(html):
        if element.tag == "div":
            assert dict(element.attrib) == TABLE_BOX, html
            assert [child.tag for child in element] == ["table"], html
            continue
        # Foreign (svg, math) elements carry a namespace in their tag: not in the set.
        assert element.tag in PARSED_OK, f"element {element.tag!r} in {html!r}"
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), f"attribute {name!r} in {html!r}"
            assert name in {"href", "title", "rel", "class"}, f"attribute {name!r} in {html!r}"
            if name == "class":
                assert element.tag in {"th", "td"}, f"class on {element.tag!r} in {html!r}"
                assert value in {"align-left", "align-center", "align-right"}, html
            if name == "href":
                scheme = urlsplit(value.strip()).scheme.lower()
                assert scheme in {"", "http", "https", "mailto"}, f"href {value!r}"
                assert ":" not in value or scheme, f"href {value!r}"


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_xss_corpus_is_neutralised(payload: str) -> None:
    html = render_markdown(payload)
    assert isinstance(html, Markup)
    _assert_safe(str(html))
    # Also inside other Markdown (list items, quotes, tables all pass through the cleaner).
    _assert_safe(str(render_markdown(f"- 列表\n\n  {payload}\n\n> {payload}\n")))


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.cn/a", True),
        ("http://example.cn/", True),
        ("mailto:a@example.cn", True),
        ("HTTPS://EXAMPLE.CN/", True),
        ("/penalties/2021-0001/", True),
        ("../about/", True),
        ("#top", True),
        ("?page=2", True),
        ("a/b:c", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("java script:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java\x01script:alert(1)", False),
        ("java\x00script:alert(1)", False),
        ("java\ufffdscript:alert(1)", False),
        ("java\u200bscript:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:msgbox(1)", False),
        ("file:///etc/passwd", False),
        ("ftp://example.cn/", False),
    ],
)
def test_is_safe_url(url: str, safe: bool) -> None:
    assert render.is_safe_url(url) is safe


def test_the_oracle_catches_what_markdown_alone_lets_through() -> None:
    # Guards the test itself: unsanitised Markdown output must fail the same checks.
    raw = render._convert("[x](javascript:alert(1)) <script>alert(1)</script>")
    with pytest.raises(AssertionError):
        _assert_safe(raw)


def test_renders_the_allowed_markdown() -> None:
    html = str(
        render_markdown(
            "# 标题\n\n## 小标题\n\n**粗** *斜* `代码`\n\n"
            "1. 一\n2. 二\n\n- 甲\n- 乙\n\n> 引用\n\n---\n\n"
            "| 列 | 值 |\n|:--|--:|\n| a | 1 |\n\n"
            '```python\nx < 1\n```\n\n[链接](https://example.cn/a?b=1 "标题") '
            "[信](mailto:a@example.cn) [本站](/penalties/2021-0001/)"
        )
    )
    tags = {element.tag for element in _elements(html)}
    assert {"h2", "strong", "em", "code", "ol", "ul", "li", "blockquote", "hr"} <= tags
    assert {"table", "thead", "tbody", "tr", "th", "td", "pre", "a"} <= tags
    assert "<h1" not in html  # the page title is the only h1
    # Alignment as a class: the align attribute is obsolete, a style attribute needs the CSP.
    assert '<th class="align-left">' in html and '<td class="align-right">' in html
    assert "align=" not in html and "style=" not in html
    assert html.count("class=") == 5  # the four aligned cells and the table's box, none on code
    assert html.count('<div class="table-scroll"') == 1 and html.count("</table></div>") == 1
    assert "x &lt; 1" in html
    links = [e for e in _elements(html) if e.tag == "a"]
    assert [a.get("href") for a in links] == [
        "https://example.cn/a?b=1",
        "mailto:a@example.cn",
        "/penalties/2021-0001/",
    ]
    assert all(a.get("rel") == "noopener noreferrer" for a in links)
    assert links[0].get("title") == "标题"


def test_script_text_is_dropped_not_shown() -> None:
    assert "alert" not in str(render_markdown("前<script>alert(1)</script>后"))


@pytest.mark.parametrize("text", ["", None])
def test_empty_input(text: str | None) -> None:
    assert render_markdown(text) == Markup("")
    assert render_plain(text) == ""


def test_reference_definitions_do_not_leak_between_documents() -> None:
    render_markdown("[ref]: https://example.cn/\n\n[x][ref]")
    assert "href" not in str(render_markdown("[x][ref]"))


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("# 标题\n\n第一段 **粗体**。\n\n- 甲\n- 乙", "标题 第一段 粗体。 甲 乙"),
        ("A &amp; B &lt;c&gt;", "A & B <c>"),
        ("前<script>alert(1)</script>后", "前后"),
        ("[链接](javascript:alert(1))文字", "链接文字"),
        ("<svg><style>x{}</style></svg>正文", "正文"),
    ],
)
def test_render_plain(text: str, plain: str) -> None:
    result = render_plain(text)
    assert result == plain
    assert not isinstance(result, Markup)


def test_each_thread_has_its_own_markdown_instance() -> None:
    results: dict[int, str] = {}

    def work(number: int) -> None:
        for _ in range(50):
            html = str(render_markdown(f"[n{number}][r]\n\n[r]: https://example.cn/{number}"))
            assert f"https://example.cn/{number}" in html
        results[number] = html

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(8))
    instances = set()

    def grab() -> None:
        instances.add(id(render._markdown()))

    for _ in range(2):
        thread = threading.Thread(target=grab)
        thread.start()
        thread.join()
    instances.add(id(render._markdown()))
    assert len(instances) >= 2


def test_reset_forgets_the_instance() -> None:
    first = render._markdown()
    render.reset()
    assert render._markdown() is not first
