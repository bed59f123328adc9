"""The one safe-path function: only ``root/<dataset>/<slug>.md`` can ever come out of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from admin.domain.safepath import (
    DATASETS,
    UnsafePathError,
    content_path,
    root_file_path,
    slug_of,
)


@pytest.mark.parametrize("dataset", DATASETS)
def test_builds_the_path_of_every_dataset(tmp_path: Path, dataset: str) -> None:
    assert content_path(tmp_path, dataset, "2021-0015") == tmp_path / dataset / "2021-0015.md"


BAD_SLUGS = [
    "../etc/passwd",
    "..",
    ".",
    "../../x",
    "a/../../b",
    "/etc/passwd",
    "/tmp/x",
    "C:\\Windows\\x",
    "..\\..\\x",
    "a\\b",
    "a\x00b",
    "2021-0001\x00.md",
    "a.b",
    "a.md",
    ".hidden",
    "",
    "A",
    "a b",
    "a--b",
    "-a",
    "a-",
    "ａｂｃ",  # full-width Latin letters
    "аbc",  # Cyrillic а
    "2021－0001",  # full-width hyphen-minus
    "2021‐0001",  # Unicode hyphen
    "١٢٣",  # Arabic-Indic digits
    "ab\u200bc",  # zero-width space
    "abc\n",
    "x" * 65,
    "page",
    "year",
    "kind",
    "index",
    "feed",
    "data",
    "search",
]


@pytest.mark.parametrize("slug", BAD_SLUGS)
def test_refuses_unsafe_slugs(tmp_path: Path, slug: str) -> None:
    with pytest.raises(UnsafePathError, match=r"^标识："):
        content_path(tmp_path, "penalties", slug)


@pytest.mark.parametrize(
    "dataset",
    ["..", "../penalties", "/penalties", "penalties/..", "penalties\\..", "Penalties", "", "x"],
)
def test_refuses_datasets_off_the_list(tmp_path: Path, dataset: str) -> None:
    with pytest.raises(UnsafePathError, match=r"^数据集："):
        content_path(tmp_path, dataset, "2021-0001")


@pytest.mark.parametrize("value", [None, 7, b"penalties"])
def test_refuses_non_strings(tmp_path: Path, value: object) -> None:
    with pytest.raises(UnsafePathError):
        content_path(tmp_path, "penalties", value)  # type: ignore[arg-type]
    with pytest.raises(UnsafePathError):
        content_path(tmp_path, value, "a")  # type: ignore[arg-type]


def test_refuses_a_dataset_folder_that_links_outside(tmp_path: Path) -> None:
    root = tmp_path / "content"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "penalties")
    with pytest.raises(UnsafePathError, match="内容目录之外"):
        content_path(root, "penalties", "2021-0001")


def test_a_root_that_is_itself_a_link_is_fine(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "content")
    path = content_path(tmp_path / "content", "pages", "about")
    assert path == tmp_path / "content" / "pages" / "about.md"


@pytest.mark.parametrize("name", ["site.toml", "audit-head.toml"])
def test_root_files(tmp_path: Path, name: str) -> None:
    assert root_file_path(tmp_path, name) == tmp_path / name


@pytest.mark.parametrize("name", ["../site.toml", "/etc/passwd", "x.toml", "site.toml\x00", ""])
def test_refuses_other_root_files(tmp_path: Path, name: str) -> None:
    with pytest.raises(UnsafePathError, match=r"^文件名："):
        root_file_path(tmp_path, name)


@pytest.mark.parametrize(
    ("name", "slug"),
    [("2021-0001.md", "2021-0001"), ("about.md", "about"), ("README.md", None), ("a.txt", None)],
)
def test_slug_of(name: str, slug: str | None) -> None:
    assert slug_of(Path(name)) == slug


def test_reading_a_dataset_refuses_a_file_that_links_outside(tmp_path: Path) -> None:
    from admin.content.store import ContentStoreError, read_dataset

    root = tmp_path / "content"
    (root / "pages").mkdir(parents=True)
    (root / "pages" / "about.md").write_text('+++\ntitle = "关于"\n+++\n正文\n', encoding="utf-8")
    secret = tmp_path / "secret.md"
    secret.write_text('+++\ntitle = "外部"\n+++\n不应读到\n', encoding="utf-8")
    assert [record.slug for record in read_dataset(root, "pages")] == ["about"]
    os.symlink(secret, root / "pages" / "leak.md")
    with pytest.raises((UnsafePathError, ContentStoreError), match="内容目录之外"):
        read_dataset(root, "pages")
