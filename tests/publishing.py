"""Test helpers that carry a claim through review to a published verdict with the real services."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from claims.models import Claim, ClaimStatus, Role, User, Verdict
from claims.services.ratings import level_by_label
from claims.services.verdicts import approve_verdict, start_verdict, submit_verdict
from tests.factories import make_user


def staff(session: Session) -> tuple[User, User]:
    """Return a reviewer and an editor."""
    return make_user(session, Role.REVIEWER), make_user(session, Role.EDITOR)


def submit(
    session: Session, claim: Claim, author: User, rating: str = "False", conclusion: str = "It is wrong."
) -> Verdict:
    """Draft and submit a verdict on the claim."""
    if claim.status is ClaimStatus.NEW:
        claim.status = ClaimStatus.RESEARCHING
    verdict = start_verdict(session, claim, author)
    verdict.rating_level = level_by_label(session, rating)
    verdict.conclusion = conclusion
    verdict.explanation = "Because the census says otherwise."
    submit_verdict(verdict)
    session.flush()
    return verdict


def publish(
    session: Session,
    claim: Claim,
    rating: str = "False",
    conclusion: str = "It is wrong.",
    people: tuple[User, User] | None = None,
    note: str | None = None,
    **_: Any,
) -> Verdict:
    """Submit and approve a verdict, so the claim is public."""
    reviewer, editor = people or staff(session)
    verdict = submit(session, claim, reviewer, rating, conclusion)
    approve_verdict(session, verdict, editor, note)
    session.flush()
    return verdict
