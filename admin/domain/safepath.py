"""The one safe-path function: every file written under ``content/`` is named here.

A path is built only from a dataset on a fixed list and a slug that passes
:func:`admin.domain.slugs.is_valid_slug` (lower-case ASCII letters, digits and single hyphens), so
``../``, absolute paths, backslashes, NUL, dots and Unicode look-alikes can never reach
the file system; the resolved result is also checked to lie inside the root, which
catches a dataset folder that is a symlink to somewhere else.
"""

from __future__ import annotations

from pathlib import Path

from admin.domain.datasets import DATASETS as RECORD_TYPES
from admin.domain.slugs import is_valid_slug
from admin.errors import GongshiError

#: The datasets of docs/content-format.md; nothing else is a folder of ``content/``.
DATASETS: tuple[str, ...] = (*RECORD_TYPES, "pages", "reports")

#: The files that live directly in ``content/``.
ROOT_FILES: frozenset[str] = frozenset({"site.toml", "audit-head.toml"})

SUFFIX = ".md"


class UnsafePathError(GongshiError, ValueError):
    """A requested content path is refused; the message is Chinese and names the field."""


def content_path(root: str | Path, dataset: str, slug: str) -> Path:
    """Return ``root/<dataset>/<slug>.md``, refusing anything that could leave ``root``."""
    check_dataset(dataset)
    if not isinstance(slug, str) or not is_valid_slug(slug):
        raise UnsafePathError(
            f"标识：{slug!r} 无效（只能用小写英文字母、数字和连字符，且不能是保留字）"
        )
    return _inside(root, Path(dataset) / f"{slug}{SUFFIX}")


def check_dataset(dataset: str) -> str:
    """Return ``dataset`` when it is on the fixed list, else refuse it."""
    if not isinstance(dataset, str) or dataset not in DATASETS:
        raise UnsafePathError(f"数据集：{dataset!r} 不是允许的数据集（{'、'.join(DATASETS)}）")
    return dataset


def root_file_path(root: str | Path, name: str) -> Path:
    """Return ``root/<name>`` for one of the fixed top-level files (``site.toml`` …)."""
    if not isinstance(name, str) or name not in ROOT_FILES:
        raise UnsafePathError(f"文件名：{name!r} 不是 content/ 顶层允许的文件")
    return _inside(root, Path(name))


def slug_of(path: Path) -> str | None:
    """Return the slug a content file's name gives, or None when the name is not one."""
    if path.suffix != SUFFIX:
        return None
    slug = path.name[: -len(SUFFIX)]
    return slug if is_valid_slug(slug) else None


def _inside(root: str | Path, relative: Path) -> Path:
    base = Path(root)
    if "\x00" in str(base):
        raise UnsafePathError("内容目录：路径中不能有空字符")
    candidate = base / relative
    # Resolve both so a symlinked dataset folder pointing outside the root is refused.
    resolved_root = base.resolve()
    if not candidate.resolve().is_relative_to(resolved_root):
        raise UnsafePathError(f"路径：{relative.as_posix()} 指向内容目录之外")
    return candidate
