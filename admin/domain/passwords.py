"""Password hashing (argon2id, ASVS level 2), strength rules and generation."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with RFC 9106's second recommended option (64 MiB, t=3): above ASVS 5.0's table.
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)

MIN_LENGTH = 12
# The passwords people reach for first; refusing them is cheap and catches the worst.
COMMON_PASSWORDS = frozenset(
    {
        "123456789012",
        "1234567890123",
        "password1234",
        "qwertyuiop12",
        "admin1234567",
        "adminadmin12",
        "111111111111",
        "000000000000",
        "abc123456789",
        "gongshi12345",
        "passw0rd1234",
        "woaini1314520",
    }
)
_ALPHABET = string.ascii_letters + string.digits + "-_!@#%+="


def hash_password(password: str) -> str:
    """Return the argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Return whether ``password`` matches ``password_hash``."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return whether the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, username: str = "") -> str | None:
    """Return why ``password`` is too weak (in Chinese), or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"密码：长度至少 {MIN_LENGTH} 位"
    if len(password) > 128:
        return "密码：长度不能超过 128 位"
    if password.lower() in COMMON_PASSWORDS or len(set(password)) < 5:
        return "密码：过于常见或简单，请换一个"
    if username and username.lower() in password.lower():
        return "密码：不能包含用户名"
    return None


def generate_password(length: int = 16) -> str:
    """Return a random password that passes :func:`password_problem`."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if password_problem(candidate) is None:
            return candidate
