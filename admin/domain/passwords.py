"""Password hashing (argon2id, ASVS level 2), strength rules and generation."""

from __future__ import annotations

import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

# argon2id with RFC 9106's second recommended option (64 MiB, t=3): above ASVS 5.0's table.
_hasher = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)

MIN_LENGTH = 12
MAX_LENGTH = 128
#: zxcvbn's scale is 0-4; 3 is "safely unguessable" against an offline attack's budget.
MIN_SCORE = 3
# zxcvbn's word lists are English; these are what Chinese users reach for first and what
# this software's own name invites, which it would otherwise score as strong.
COMMON_PASSWORDS = frozenset(
    {
        "woaini1314520",
        "woaini5201314",
        "5201314520",
        "iloveyou520",
        "zhongguo123456",
        "gongshi12345",
        "gongshi123456",
    }
)
#: Words an attacker tries first against this system, given to zxcvbn as known inputs.
_SITE_WORDS = ["gongshi", "gongshi2026", "zhifa", "zhengfu", "admin", "officer", "reviewer"]
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
    """Return why ``password`` is too weak (in Chinese), or None when it is acceptable.

    Strength is zxcvbn's estimate (dictionaries, keyboard walks, repeats, sequences,
    dates), not a hand-made rule: ``qwertyuiopas`` or ``1q2w3e4r5t6y`` have 12 characters
    and many distinct ones, yet are among the first guesses of any cracking tool.
    """
    if len(password) < MIN_LENGTH:
        return f"密码：长度至少 {MIN_LENGTH} 位"
    if len(password) > MAX_LENGTH:
        return f"密码：长度不能超过 {MAX_LENGTH} 位"
    if username and username.lower() in password.lower():
        return "密码：不能包含用户名"
    if password.lower() in COMMON_PASSWORDS:
        return "密码：这是常见密码，请换一个"
    # zxcvbn only looks at the first 72 characters (its default); longer ones are long enough.
    result = zxcvbn(password, user_inputs=[username, *_SITE_WORDS] if username else _SITE_WORDS)
    matches = result["sequence"]
    if len(matches) == 1 and matches[0].get("dictionary_name") == "passwords":
        return "密码：这是常见密码，请换一个"
    if result["score"] < MIN_SCORE:
        return (
            f"密码：太容易被猜到（强度 {result['score']}/4，至少需要 {MIN_SCORE}），"
            "请避免键盘顺序、重复、常见词和日期，可用几个不相关的词连起来"
        )
    return None


def generate_password(length: int = 16) -> str:
    """Return a random password that passes :func:`password_problem`."""
    while True:
        candidate = "".join(secrets.choice(_ALPHABET) for _ in range(length))
        if password_problem(candidate) is None:
            return candidate
