"""Role nouns: the words after which case text names a person (role_nouns.toml).

The list ships as data beside this module; a deployment adds its own nouns with the
``ROLE_NOUNS`` setting (instance/config.toml), which the back-office applies at start
(:func:`configure_role_nouns`), so publishing, the preview and imports all use one list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).with_name("role_nouns.toml")
# Between a role noun and its name: a colon, 为 or 是, spaces ("现场负责人：王某", "房东为马某"),
# an opening bracket (出租人（王某）), 姓名 or a verb that names (雇工名叫王某, 证人系王某,
# 群众有王某、李某等人): found by bench/leak_attack.py.
_JOINER = (
    r"[:：\s]*(?:[（(【\[][:：\s]*)?(?:姓名|名字)?[:：\s]*"
    r"(?:为|是|系|即|叫|名叫|叫做|有)?[:：\s]*"
)
#: What a role noun stands in, right after a person's name: 王某（房东）, 由王某担任队长.
BEFORE_ROLE = r"(?:[（(]|担任|作为|系本案)"


@dataclass(frozen=True)
class RoleNouns:
    """The role nouns in use: all of them, and those after which a name nearly always follows."""

    strong: frozenset[str]
    weak: frozenset[str]
    pattern: re.Pattern[str]
    everyday_surnames_after: frozenset[str] = frozenset()
    after_name: re.Pattern[str] = re.compile("(?!)")

    def is_strong(self, noun: str) -> bool:
        """Whether a name is taken after ``noun`` even when it is a dictionary word."""
        return noun in self.strong

    def trusts_everyday_surnames(self, noun: str) -> bool:
        """Whether 时, 家, 国 … start a name after ``noun`` (证人时春, not 房东家中)."""
        return noun in self.everyday_surnames_after


_extra: tuple[str, ...] = ()


def configure_role_nouns(extra: Iterable[str] | str | None) -> None:
    """Add a deployment's own role nouns (the ``ROLE_NOUNS`` setting) to the shipped list.

    A string (from ``GONGSHI_ROLE_NOUNS``) holds nouns separated by spaces, commas or 、.
    """
    global _extra
    if isinstance(extra, str):
        extra = re.split(r"[\s,，、]+", extra)
    nouns = tuple(sorted({str(n).strip() for n in extra or () if str(n).strip()}))
    if nouns != _extra:
        _extra = nouns
        role_nouns.cache_clear()


@cache
def role_nouns() -> RoleNouns:
    """Return the role nouns in use: the shipped list plus the configured ones."""
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    strong = frozenset(data["strong"]) | frozenset(_extra)
    weak = frozenset(data["weak"]) - strong
    # Longest first, so 现场负责人 wins over 负责人 and the name starts after the whole noun.
    alternatives = "|".join(re.escape(n) for n in sorted(strong | weak, key=len, reverse=True))
    pattern = re.compile(f"(?P<noun>{alternatives}){_JOINER}")
    everyday = frozenset(data.get("everyday_surnames_after", ()))
    after_name = re.compile(f"{BEFORE_ROLE}(?P<noun>{alternatives})")
    return RoleNouns(strong, weak, pattern, everyday, after_name)
