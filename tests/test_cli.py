"""The gongshi command through its real entry point: init, user add, failures in Chinese."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from pgsupport import raw_database, server_url

import admin


def test_version(gongshi) -> None:
    result = gongshi("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"gongshi {admin.__version__}"


def test_init_creates_the_database_and_a_private_secret_key(gongshi, instance_dir: Path) -> None:
    result = gongshi("init")
    assert result.returncode == 0, result.stderr
    assert "已创建数据库" in result.stdout
    if server_url() is None:  # on PostgreSQL the test's database exists beforehand
        assert (instance_dir / "gongshi.db").exists()
    assert (instance_dir / "secret_key").stat().st_mode & 0o077 == 0
    again = gongshi("init")
    assert again.returncode == 0 and "已是最新版本" in again.stdout


def test_plain_init_creates_no_account(gongshi, instance_dir: Path) -> None:
    gongshi("init")
    with raw_database(instance_dir) as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM account")) == 0


def test_plain_init_never_writes_content(gongshi, tmp_path: Path) -> None:
    gongshi("init")
    assert not (tmp_path / "content").exists()


@pytest.mark.parametrize(
    "args",
    [
        ("user", "add", "zhang", "--role", "officer"),
        ("import", "penalties", "x.csv"),
        ("export", "penalties"),
        ("calendar", "load", "x.toml"),
        ("audit", "verify"),
        ("backup", "x.db"),
        ("serve",),
    ],
)
def test_database_commands_refuse_before_init(gongshi, args: tuple[str, ...]) -> None:
    result = gongshi(*args)
    assert result.returncode == 1
    assert result.stderr.strip() == "错误：数据库未初始化，请先运行 gongshi init"
    assert "Traceback" not in result.stderr


def test_user_add_generates_a_strong_password_once(gongshi) -> None:
    gongshi("init")
    result = gongshi("user", "add", "lisi", "--role", "officer", "--role", "reviewer")
    assert result.returncode == 0, result.stderr
    assert "已创建账户 lisi（角色：officer、reviewer）" in result.stdout
    password = result.stdout.split("：")[-1].strip()
    assert len(password) >= 16


def test_user_add_reads_the_password_from_stdin(gongshi, app) -> None:
    from admin.domain.passwords import verify_password
    from admin.models import User
    from admin.models.db import db

    result = gongshi(
        "user",
        "add",
        "wangwu",
        "--role",
        "admin",
        "--password-stdin",
        input="a-long-passphrase-2026\n",
    )
    assert result.returncode == 0, result.stderr
    assert "a-long-passphrase-2026" not in result.stdout
    user = db.session.query(User).filter_by(username="wangwu").one()
    assert user.roles == ["admin"]
    assert verify_password(user.password_hash, "a-long-passphrase-2026")
    assert user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("lisi", "--role", "officer", "--password-stdin"), "short\n", "密码：长度至少 12 位"),
        (
            ("lisi", "--role", "officer", "--password-stdin"),
            "lisi-is-my-name\n",
            "密码：不能包含用户名",
        ),
        (("li si", "--role", "officer"), None, "用户名：不能为空"),
        *(
            (("lisi", "--role", "officer", "--password-stdin"), f"{weak}\n", "密码：")
            for weak in ("passwordpassword", "qwertyuiopas", "1q2w3e4r5t6y")
        ),
    ],
)
def test_user_add_refusals(gongshi, args, stdin, message) -> None:
    gongshi("init")
    result = gongshi("user", "add", *args, input=stdin)
    assert result.returncode == 1
    assert message in result.stderr


def test_existing_user_name_exits_1(gongshi) -> None:
    gongshi("init")
    assert gongshi("user", "add", "lisi", "--role", "officer").returncode == 0
    result = gongshi("user", "add", "lisi", "--role", "admin")
    assert result.returncode == 1
    assert result.stderr.strip() == "错误：用户名：lisi 已存在"


def test_unknown_role_is_a_usage_error(gongshi) -> None:
    gongshi("init")
    result = gongshi("user", "add", "lisi", "--role", "boss")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check",), "错误：缺少参数 DIR（gongshi check --help 查看用法）"),
        (
            ("user", "add", "zhang", "--role", "boss"),
            "错误：--role 必须是 officer / reviewer / admin 之一",
        ),
        (("serve", "--port", "abc"), "错误：--port 必须是整数，范围 1–65535"),
        (("init", "--foo"), "错误：没有选项 --foo"),
        (("nosuch",), "错误：没有这个命令：nosuch"),
    ],
)
def test_usage_errors_are_one_chinese_line(gongshi, args, message) -> None:
    result = gongshi(*args)
    assert result.returncode == 2
    assert result.stderr.startswith(message)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Usage:" not in result.stderr


def test_content_dir_from_the_instance_config_is_used_by_file_commands(
    gongshi, instance_dir: Path
) -> None:
    """build and expire read CONTENT_DIR like import --publish does, not only from flags."""
    (instance_dir / "config.toml").write_text('content_dir = "elsewhere"\n', encoding="utf-8")
    result = gongshi("expire")
    assert result.returncode == 1
    assert "目录 elsewhere 不存在" in result.stderr


def test_a_command_imports_only_its_own_module() -> None:
    # Each run used to import every command's libraries (the database's among them).
    probe = (
        "import sys\n"
        "from admin.cli import main\n"
        "try:\n"
        "    main(['build', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('admin.cli.')))\n"
        "print('sqlalchemy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules, database = done.stdout.splitlines()[-2:]
    assert modules == "['admin.cli.build_command', 'admin.cli.common', 'admin.cli.helpformat']"
    assert database == "False"


def test_commands_on_a_database_behind_the_code_name_the_upgrade(gongshi) -> None:
    # gongshi upgraded, the database not yet: a command would fail half-way on a table or
    # column it lacks (OperationalError). Only a backup, taken before upgrading, runs.
    from admin.backoffice.app import create_app
    from admin.models.db import db

    assert gongshi("init").returncode == 0
    with create_app().app_context():
        with db.engine.begin() as connection:
            connection.execute(sa.text("UPDATE alembic_version SET version_num = '0010'"))
        db.engine.dispose()
    result = gongshi("export", "penalties")
    assert result.returncode == 1
    assert result.stderr.startswith("错误：数据库结构版本为 0010，本程序需要 ")
    assert "请先运行 gongshi init 升级数据库" in result.stderr
    assert "Traceback" not in result.stderr
    backup = gongshi("backup", "copy.db")
    assert "数据库结构版本" not in backup.stderr
    if server_url() is None:  # on PostgreSQL a backup is pg_dump's job
        assert backup.returncode == 0, backup.stderr
