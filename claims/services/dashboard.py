"""The reviewer's dashboard: my claims, the queue by status, what awaits approval."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimStatus, User, Verdict, VerdictState

QUEUE_LIMIT = 25


def assigned_to(session: Session, user: User) -> list[Claim]:
    """Return the unfinished claims assigned to `user`, most recently changed first."""
    query = (
        select(Claim)
        .where(
            Claim.assignee_id == user.id,
            Claim.status.not_in([ClaimStatus.PUBLISHED, ClaimStatus.NOT_CHECKABLE]),
        )
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
    )
    return list(session.execute(query).scalars())


def status_counts(session: Session) -> dict[ClaimStatus, int]:
    """Return how many claims are in each status, every status listed."""
    counts = dict.fromkeys(ClaimStatus, 0)
    for status, count in session.execute(select(Claim.status, func.count()).group_by(Claim.status)):
        counts[ClaimStatus(status)] = count
    return counts


def queue(session: Session, status: ClaimStatus, limit: int = QUEUE_LIMIT) -> list[Claim]:
    """Return the claims in one status, oldest change first: the ones waiting longest."""
    query = select(Claim).where(Claim.status == status).order_by(Claim.updated_at, Claim.id).limit(limit)
    return list(session.execute(query).scalars())


def awaiting_approval(session: Session) -> list[Verdict]:
    """Return the verdicts submitted for approval, oldest first."""
    query = select(Verdict).where(Verdict.state == VerdictState.SUBMITTED).order_by(Verdict.submitted_at)
    return list(session.execute(query).scalars())
