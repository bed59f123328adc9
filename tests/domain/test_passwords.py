"""Password strength by zxcvbn: length, common passwords, guessability (SECURITY.md)."""

from __future__ import annotations

import pytest

from admin.domain.passwords import generate_password, password_problem


@pytest.mark.parametrize(
    "weak",
    [
        "passwordpassword",
        "qwertyuiopas",
        "1q2w3e4r5t6y",
        "password1234",
        "123456789012",
        "woaini1314520",
        "aaaaaaaaaaaaaaaa",
        "abcdefghijklmnop",
        "gongshi2026gongshi",
    ],
)
def test_guessable_passwords_are_refused_naming_the_field(weak: str) -> None:
    problem = password_problem(weak, "zhangsan")
    assert problem is not None and problem.startswith("密码：")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-1", "长度至少 12 位"),
        ("x" * 129, "不能超过 128 位"),
        ("zhangsan-rocks-77", "用户名"),
    ],
)
def test_length_and_username_rules(password: str, message: str) -> None:
    assert message in password_problem(password, "zhangsan")


@pytest.mark.parametrize(
    "strong", ["correct-horse-battery-9", "a-brand-new-passphrase", "tangerine-vault-quilt-58"]
)
def test_strong_passphrases_pass(strong: str) -> None:
    assert password_problem(strong, "zhangsan") is None


def test_generated_passwords_pass() -> None:
    for _ in range(100):
        assert password_problem(generate_password(), "zhangsan") is None
