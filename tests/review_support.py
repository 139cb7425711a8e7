"""Shared helpers for the review page tests."""

from __future__ import annotations

import re


def field_error(html: str, field_id: str) -> str:
    """Return the error text shown next to the field, or "" if none."""
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1) if match else ""


def hidden_version(html: str) -> int:
    """Return the version carried by the first form on the page."""
    match = re.search(
        r'name="version" type="hidden" value="(\d+)"|type="hidden" name="version" value="(\d+)"|id="version" name="version" type="hidden" value="(\d+)"',
        html,
    )
    assert match, "no version field on the page"
    return int(next(g for g in match.groups() if g))
