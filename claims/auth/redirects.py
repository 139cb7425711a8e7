"""Where to send a user after login: only to a path on this site."""

from __future__ import annotations

from urllib.parse import urlsplit

DEFAULT_AFTER_LOGIN = "/review/"


def is_safe_next(target: str | None) -> bool:
    """Whether `target` is a plain local path that cannot be read as another site by any browser."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    # Browsers treat "\" like "/" and drop tabs and newlines, so "/\t/evil" would become "//evil".
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None) -> str:
    """Return `target` when it is a safe local path, else the review desk."""
    return target if target is not None and is_safe_next(target) else DEFAULT_AFTER_LOGIN
