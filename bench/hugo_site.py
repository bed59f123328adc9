"""Write a minimal Hugo site from a gongshi ``content/``: the same records, the same fields.

Used by ``bench/hugo_compare.py``. Every decision and information item becomes a Hugo
content file (JSON front matter, the Markdown body as is); one page per record shows the
fields of ``admin.site.views.fields.FIELDS`` in the same order and with the same Chinese
labels, the sections list their records 20 a page, as gongshi's lists do. A record whose
公示截止期 has passed on the build day gets a notice page without its fields, kept out of
search (gongshi does the same). Converting is the publishing step's counterpart and is not
timed; Hugo does every per-page thing itself (labels from a data file, amounts, dates).

``split=True`` adds a second output format per record, ``search.html``: the record's text
with a space after every letter and digit and ``¦`` between blocks, which is what gongshi
gives Pagefind (``admin/freeze/searchtext.py``), made by Hugo's own ``replaceRE``; it
carries the page's real URL (``data-pagefind-meta="url:…"``) and is the only thing
Pagefind is told to index (``--glob``).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from admin.content.store import read_dataset
from admin.domain.publicity import is_visible
from admin.site.views.fields import FIELDS

#: The datasets converted, with their Chinese section titles.
SECTIONS = {"penalties": "行政处罚决定", "info": "政府信息"}
#: What the search copies' glob matches.
COPY_NAME = "search.html"

CONFIG = """\
baseURL = "/"
locale = "zh-CN"
title = "大战场镇政务公开（Hugo 对照）"
disableKinds = ["taxonomy", "term"]
enableRobotsTXT = false
[pagination]
  pagerSize = 20
[services.rss]
  limit = 50
[markup.goldmark.renderer]
  unsafe = false
[outputFormats.searchcopy]
  mediaType = "text/html"
  baseName = "search"
  isHTML = true
  permalinkable = false
  noUgly = true
[outputs]
  home = ["html", "rss"]
  section = ["html", "rss"]
  page = {page_outputs}
"""

BASEOF = """\
<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{- if .Params.notice }}<meta name="robots" content="noindex">{{ end }}
<title>{{ .Title }} - {{ site.Title }}</title>
</head>
<body>
<header><a href="/">{{ site.Title }}</a>
{{ partialCached "nav.html" . }}
</header>
{{ block "main" . }}{{ end }}
<footer>{{ site.Title }}</footer>
</body>
</html>
"""

PAGE = """\
{{ define "main" }}
<nav aria-label="breadcrumb"><a href="/">首页</a> › \
<a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></nav>
{{ if .Params.notice }}
<main><h1>{{ .Title }}</h1><p>本条信息公示期满，已停止公示（{{ .Params.notice }}）。</p></main>
{{ else }}
<main data-pagefind-body><h1>{{ .Title }}</h1>
{{ partialCached "record.html" . .RelPermalink }}</main>
{{ end }}
{{ end }}
"""

#: The same on every page: rendered once (``site.Sections`` walks the pages at each call).
NAV = """\
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
"""

RECORD = """\
<dl class="fields">
{{- $page := . }}
{{- range index hugo.Data.fields .Section }}
{{- $value := index $page.Params .key }}
{{- if eq .key "body" }}<dt>{{ .label }}</dt><dd>{{ $page.Content }}</dd>
{{- else if in (slice "fine_fen" "confiscation_fen") .key }}
{{- if $value }}<dt>{{ .label }}</dt>
<dd>{{ lang.FormatNumber 2 (div (float $value) 100) }}</dd>{{ end }}
{{- else if reflect.IsSlice $value }}
{{- if $value }}<dt>{{ .label }}</dt><dd>{{ delimit $value "；" }}</dd>{{ end }}
{{- else if $value }}<dt>{{ .label }}</dt><dd>{{ $value }}</dd>
{{- end }}
{{- end }}
</dl>
"""

COPY = """\
<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>\
</head><body>{{ if not .Params.notice }}\
<main data-pagefind-body data-pagefind-meta="url:{{ .RelPermalink }}">\
<p data-pagefind-ignore><span data-pagefind-meta="title">{{ .Title }}</span></p>
{{- $html := printf "<h1>%s</h1>%s" .Title (partialCached "record.html" . .RelPermalink) }}
{{- $text := $html | replaceRE `</(?:p|h[1-6]|dt|dd|li|td|th|tr|table|div)>` " ¦ " }}
{{- $text = $text | replaceRE `<[^>]*>` "" | htmlUnescape }}
{{- $text = $text | replaceRE `([\\p{L}\\p{N}])` "$1 " }}
<p>{{ $text }}</p></main>{{ end }}</body></html>
"""

SECTION = """\
{{ define "main" }}
<main><h1>{{ .Title }}</h1>
<ul>{{ range (.Paginate .Pages.ByDate.Reverse).Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>
{{ template "_internal/pagination.html" . }}
</main>
{{ end }}
"""

HOME = """\
{{ define "main" }}
<main><h1>{{ site.Title }}</h1>
{{ range site.Sections }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range first 10 .Pages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>
{{ end }}</ul>{{ end }}
</main>
{{ end }}
"""


def write_site(content: Path, site: Path, today: dt.date, *, split: bool) -> dict[str, int]:
    """Write the Hugo project ``site`` from ``content``; return the records per section."""
    layouts = site / "layouts"
    (layouts / "_partials").mkdir(parents=True)
    outputs = '["html", "searchcopy"]' if split else '["html"]'
    (site / "hugo.toml").write_text(CONFIG.format(page_outputs=outputs), encoding="utf-8")
    templates = {
        "baseof.html": BASEOF,
        "page.html": PAGE,
        "section.html": SECTION,
        "home.html": HOME,
        "page.searchcopy.html": COPY,
        "_partials/record.html": RECORD,
        "_partials/nav.html": NAV,
    }
    for name, text in templates.items():
        (layouts / name).write_text(text, encoding="utf-8")
    labels = {
        section: [{"key": key, "label": label} for key, label, _ in FIELDS[section]]
        for section in SECTIONS
    }
    (site / "data").mkdir()
    (site / "data" / "fields.json").write_text(json.dumps(labels, ensure_ascii=False))
    counts = {}
    for section, title in SECTIONS.items():
        folder = site / "content" / section
        folder.mkdir(parents=True)
        front = {"title": title}
        (folder / "_index.md").write_text(json.dumps(front, ensure_ascii=False) + "\n")
        records = read_dataset(content, section)
        for record in records:
            meta, body = _front_matter(record.meta, today), record.body
            if meta["params"].get("notice"):
                body = ""
            text = json.dumps(meta, ensure_ascii=False, indent=1) + "\n\n" + body
            (folder / f"{record.slug}.md").write_text(text, encoding="utf-8")
        counts[section] = len(records)
    return counts


def _front_matter(meta: dict, today: dt.date) -> dict:
    """Return a record as Hugo front matter: its fields as page params, dates as text.

    Under ``params`` a field keeps its name even where Hugo has a front matter key of the
    same name (``summary``, ``title``).
    """
    params = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()}
    title = str(meta.get("title", ""))
    until = meta.get("publicity_until")
    if isinstance(until, dt.date) and not is_visible(until, today):
        params["notice"] = "公示期满"
        title = "【公示期满】" + title
    date = params.get("published") or params.get("decision_date") or today.isoformat()
    return {"title": title, "date": date, "params": params}
