"""Fixtures for the security tests: the demo data and the demo's own staff accounts."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from claims.models import Role, User


@pytest.fixture
def demo(session: Any, users: dict[Role, User]) -> dict[Role, User]:
    """The demo article, claims and verdicts, plus one account per role.

    The reviewer and editor are the demo's own accounts, who wrote and approved the demo work, so a
    per-object check (only the author may edit) does not hide what the role check decides.
    """
    from claims.demo.loader import load_demo

    load_demo(session)
    session.commit()
    staff = dict(users)
    for role in (Role.REVIEWER, Role.EDITOR):
        staff[role] = session.scalar(select(User).where(User.email == f"{role.value}@example.org"))
    return staff


@pytest.fixture
def staff_page(app: Any) -> str:
    """A reviewer-only page registered for the test, so session tests need no other blueprint."""
    from flask_login import current_user

    from claims.auth import role_required

    @role_required(Role.REVIEWER)
    def probe() -> str:
        return f"staff page for {current_user.email}"

    app.add_url_rule("/_probe/staff", "probe_staff", probe)
    return "/_probe/staff"
