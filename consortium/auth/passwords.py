"""Password rules: two documented profiles and a shipped list of common passwords.

- ``mlps`` (the default; GB/T 22239-2019 等级保护 practice): at least 8 characters, at least three of the
  four classes (lower-case, upper-case, digits, other characters), not the username nor containing it.
- ``asvs`` (OWASP ASVS 4.0, V2.1): at least 12 characters, no composition rules.

Both refuse the passwords in ``consortium/data/common_passwords.txt`` and accept up to 128 characters.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _

PROFILES = ("mlps", "asvs")
MAX_LENGTH = 128
_COMMON = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = _COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip().lower() for ln in lines if ln.strip() and not ln.startswith("#"))


def _classes(password: str) -> int:
    return sum((any(c.islower() for c in password), any(c.isupper() for c in password),
                any(c.isdigit() for c in password), any(not c.isalnum() for c in password)))


def password_problems(password: str, *, username: str = "", profile: str = "mlps") -> list[str]:
    """What is wrong with ``password`` under ``profile`` (empty when it is acceptable)."""
    password = password or ""
    minimum = 12 if profile == "asvs" else 8
    problems = []
    if len(password) < minimum:
        problems.append(_("密码至少需要 %(n)d 位", n=minimum))
    elif len(password) > MAX_LENGTH:
        problems.append(_("密码不能超过 %(n)d 位", n=MAX_LENGTH))
    if profile != "asvs":
        if _classes(password) < 3:
            problems.append(_("密码须包含大写字母、小写字母、数字和其他字符中的至少三类"))
        name = (username or "").strip().lower()
        if name and len(name) >= 3 and name in password.lower():
            problems.append(_("密码不能包含用户名"))
    if password.lower() in common_passwords():
        problems.append(_("这是常见密码，请换一个不易猜到的密码"))
    return problems
