"""Settings: defaults, then the instance config file, then GONGSHI_* environment variables."""

from __future__ import annotations

import os
import secrets
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from admin.domain.publicity import PublicityError, PublicityPolicy, make_policy
from admin.errors import GongshiError

#: Keys an operator may set in ``instance/config.toml`` or as ``GONGSHI_<KEY>``.
DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite file in the instance folder
    "CONTENT_DIR": "content",
    "BUILD_DIR": "build",
    "SECRET_KEY": None,  # None: read from (or generated into) the instance folder
    "TIMEZONE": "Asia/Shanghai",
    "REVIEW_REQUIRED_FOR": "普通程序",  # which decisions need 法制审核: 普通程序 | 全部
    "SECOND_EYES_FOR_OTHER_RECORDS": False,  # inspections and information reviewed too
    "LICENCE_REVIEW_REQUIRED": False,  # licences go through 法制审核 (docs/licences.md §7)
    "GIT_COMMIT_CONTENT": False,
    "TRUSTED_PROXIES": 0,  # reverse proxies in front of `gongshi serve` (X-Forwarded-*)
    "UPLOAD_MAX_BYTES": 20 * 1024 * 1024,  # largest scan or evidence file accepted
    "AUTO_REBUILD": False,  # `gongshi serve` rebuilds the site after each publish/withdrawal
    # Role nouns added to admin/domain/role_nouns.toml: a name after one is always masked.
    "ROLE_NOUNS": [],  # e.g. ["护林员", "保洁员"]; as GONGSHI_ROLE_NOUNS: "护林员 保洁员"
}

CONFIG_FILE = "config.toml"
SECRET_FILE = "secret_key"
DATABASE_FILE = "gongshi.db"


class ConfigError(GongshiError):
    """A setting is malformed; the message is for the operator, in Chinese."""


def instance_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the instance folder: $GONGSHI_INSTANCE_DIR, else ``instance/``."""
    environ = os.environ if environ is None else environ
    return Path(environ.get("GONGSHI_INSTANCE_DIR") or "instance").absolute()


def load_settings(
    instance: Path,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge defaults, the instance config file, the environment and overrides, in that order."""
    environ = os.environ if environ is None else environ
    settings = dict(DEFAULTS)
    config_path = instance / CONFIG_FILE
    if config_path.exists():
        try:
            from_file = tomllib.loads(config_path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"配置文件 {config_path} 格式错误：{exc}") from None
        settings.update({key.upper(): value for key, value in from_file.items()})
    for key in DEFAULTS:
        value = environ.get(f"GONGSHI_{key}")
        if value is not None:
            settings[key] = _parse_env_value(DEFAULTS[key], value)
    settings.update(overrides or {})
    if not settings["DATABASE_URL"]:
        settings["DATABASE_URL"] = f"sqlite:///{instance / DATABASE_FILE}"
    return settings


def _parse_env_value(default: Any, value: str) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"环境变量：{value!r} 不是整数") from None
    return value


def read_or_create_secret_key(instance: Path) -> str:
    """Return the instance's secret key, generating it on first use (never a constant in code)."""
    path = instance / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    # Create with 0600 from the start so the key is never world-readable, even briefly.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def sqlite_path(database_url: str) -> Path | None:
    """Return the file of a SQLite URL, or None for another database or in-memory SQLite."""
    prefix = "sqlite:///"
    if not database_url.startswith(prefix):
        return None
    path = database_url[len(prefix) :]
    return None if path in {"", ":memory:"} else Path(path)


def write_instance_setting(instance: Path, key: str, value: Any) -> Path:
    """Set ``key`` in ``instance/config.toml`` atomically, keeping the other keys.

    The file is rewritten from its parsed form, so comments in it are not kept.
    """
    path = instance / CONFIG_FILE
    data: dict[str, Any] = {}
    mode = 0o600  # the file may hold DATABASE_URL or SECRET_KEY: private by default
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"配置文件 {path} 格式错误：{exc}") from None
        mode = path.stat().st_mode & 0o777
    # Keys are read case-insensitively (load_settings upper-cases them): keep one spelling.
    data = {k: v for k, v in data.items() if k.upper() != key.upper()}
    data[key] = value
    instance.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=instance, prefix=f".{CONFIG_FILE}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(tomli_w.dumps(data).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return path


def publicity_policy(settings: Mapping[str, Any] | None) -> PublicityPolicy:
    """Return the publicity periods: the defaults with the ``PUBLICITY_MONTHS`` setting."""
    overrides = (settings or {}).get("PUBLICITY_MONTHS") or {}
    try:
        return make_policy(overrides)
    except (PublicityError, AttributeError) as exc:
        raise ConfigError(f"配置 PUBLICITY_MONTHS：{exc}") from None
