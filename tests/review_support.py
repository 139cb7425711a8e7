"""Shared helpers for the review page tests."""

from __future__ import annotations

import re
from typing import Any

from claims.models import Role
from tests.conftest import login_as
from tests.factories import make_user


def staff(session: Any, client: Any, role: Role = Role.REVIEWER, **fields: Any) -> Any:
    """Create a staff member, commit and log them in on `client`."""
    user = make_user(session, role, **fields)
    session.commit()
    login_as(client, user)
    return user


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
