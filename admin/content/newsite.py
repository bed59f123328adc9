"""A clean ``content/`` for a township of one's own (``gongshi init --new-site NAME``, #16).

A fresh clone's ``content/`` is the demo's (大战场镇, ``demo = true``, its decisions); a
first build would publish a new township's decision inside the demo site. This writes a
``site.toml`` with the township's name and the standard pages (guide, procedure,
remedies, rules, how to apply, contact) that name no township but the one given; the
pages point to the 执法主体 pages for addresses and phones, which the bodies' own
records keep current. An existing ``content/`` holding records is never overwritten
unless asked (``force``), and then it is moved aside, not deleted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from admin.content.store import write_site_config
from admin.errors import GongshiError

PAGES_DIR = Path(__file__).with_name("newsite_pages")
#: Folders whose files are records (or reports): a content/ holding any is someone's site.
RECORD_FOLDERS = ("penalties", "inspections", "info", "subjects", "officers", "items", "reports")
PLACEHOLDER_URL = "https://www.example.gov.cn/gongshi/"


class NewSiteRefused(GongshiError):
    """The new site was not written; ``message`` says why and what to run instead."""


def record_count(root: Path) -> int:
    """Return how many record files ``root`` holds."""
    return sum(
        1
        for folder in RECORD_FOLDERS
        if (root / folder).is_dir()
        for _ in (root / folder).rglob("*.md")
    )


def write_new_site(
    root: Path, name: str, *, base_url: str | None = None, force: bool = False
) -> list[str]:
    """Write a clean ``content/`` at ``root`` for ``name``; return what was done, in Chinese."""
    name = name.strip()
    if not name or len(name) > 100 or any(ch in name for ch in '\r\n"{}'):
        raise NewSiteRefused("--new-site：名称不能为空、不能含引号或换行，最长 100 个字符")
    lines = []
    if root.exists():
        held = record_count(root)
        if held and not force:
            raise NewSiteRefused(
                f"{root} 中已有 {held} 个记录文件（如示例乡镇的内容），未作改动；"
                f"确认不再需要时运行 gongshi init --new-site {name} --force"
                f"（原有内容移到 {root.name}.old-日期时间 文件夹，不会删除）"
            )
        if held or (root / "site.toml").is_file():
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            aside = root.with_name(f"{root.name}.old-{stamp}")
            root.rename(aside)
            lines.append(f"原有内容已移到 {aside}")
    (root / "pages").mkdir(parents=True, exist_ok=True)
    write_site_config(
        root,
        {
            "name": f"{name} 行政执法与政务公开",
            "base_url": base_url or PLACEHOLDER_URL,
            "sponsor": name,
            "demo": False,
            "show_full_names": False,
        },
    )
    for page in sorted(PAGES_DIR.glob("*.md")):
        text = page.read_text(encoding="utf-8").replace("{name}", name)
        (root / "pages" / page.name).write_text(text, encoding="utf-8")
    lines.append(f"已新建网站内容 {root}：site.toml 和 {len(list(PAGES_DIR.glob('*.md')))} 个页面")
    if not base_url:
        lines.append(f"请在 {root / 'site.toml'} 中把 base_url 改为本站的网址")
    return lines
