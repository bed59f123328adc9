"""Settings: defaults, then instance/config.toml, then GONGSHI_* variables, then overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from admin import config


def test_defaults_put_sqlite_in_the_instance_folder(tmp_path: Path) -> None:
    settings = config.load_settings(tmp_path, environ={})
    assert settings["DATABASE_URL"] == f"sqlite:///{tmp_path / 'gongshi.db'}"
    assert settings["CONTENT_DIR"] == "content"
    assert settings["SECRET_KEY"] is None


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(
        'content_dir = "from-file"\nbuild_dir = "from-file"\ngit_commit_content = true\n',
        encoding="utf-8",
    )
    environ = {
        "GONGSHI_BUILD_DIR": "from-env",
        "GONGSHI_DATABASE_URL": "postgresql+psycopg://u@db/gongshi",
        "GONGSHI_SECRET_KEY": "k",
    }
    settings = config.load_settings(tmp_path, environ=environ, overrides={"SECRET_KEY": "t"})
    assert settings["CONTENT_DIR"] == "from-file"
    assert settings["BUILD_DIR"] == "from-env"
    assert settings["DATABASE_URL"] == "postgresql+psycopg://u@db/gongshi"
    assert settings["GIT_COMMIT_CONTENT"] is True
    assert settings["SECRET_KEY"] == "t"


@pytest.mark.parametrize(
    ("value", "expected"), [("1", True), ("true", True), ("on", True), ("0", False), ("no", False)]
)
def test_boolean_environment_values(tmp_path: Path, value: str, expected: bool) -> None:
    settings = config.load_settings(tmp_path, environ={"GONGSHI_GIT_COMMIT_CONTENT": value})
    assert settings["GIT_COMMIT_CONTENT"] is expected


def test_malformed_config_file_is_a_chinese_error(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("content_dir = \n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="配置文件"):
        config.load_settings(tmp_path, environ={})


def test_secret_key_is_generated_once_and_private(tmp_path: Path) -> None:
    first = config.read_or_create_secret_key(tmp_path / "inst")
    second = config.read_or_create_secret_key(tmp_path / "inst")
    assert first == second and len(first) == 64
    assert (tmp_path / "inst" / "secret_key").stat().st_mode & 0o077 == 0


def test_two_instances_get_different_keys(tmp_path: Path) -> None:
    assert config.read_or_create_secret_key(tmp_path / "a") != config.read_or_create_secret_key(
        tmp_path / "b"
    )


def test_no_secret_key_constant_in_the_code() -> None:
    source = Path(config.__file__).read_text(encoding="utf-8")
    assert 'SECRET_KEY": None' in source


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////tmp/x.db", Path("/tmp/x.db")),
        ("sqlite:///:memory:", None),
        ("postgresql://u@h/db", None),
    ],
)
def test_sqlite_path(url: str, expected: Path | None) -> None:
    assert config.sqlite_path(url) == expected
