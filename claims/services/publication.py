"""What the public may see: the single definition every public route, feed and export uses."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimStatus, Verdict, VerdictState


def published_claims() -> Select[tuple[Claim, Verdict]]:
    """Select (claim, public verdict) pairs; a claim without a published verdict is never in it."""
    return select(Claim, Verdict).join(
        Verdict, (Verdict.claim_id == Claim.id) & (Verdict.state == VerdictState.PUBLISHED)
    )


def latest_published(session: Session, limit: int = 20) -> list[tuple[Claim, Verdict]]:
    """Return the most recently published verdicts with their claims, newest first."""
    query = published_claims().order_by(Verdict.published_at.desc(), Verdict.id.desc()).limit(limit)
    return [(claim, verdict) for claim, verdict in session.execute(query)]


def work_in_progress_counts(session: Session) -> dict[ClaimStatus, int]:
    """Return how many claims sit in each unpublished status: counts only, nothing internal."""
    query = (
        select(Claim.status, func.count())
        .where(Claim.status.in_([ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW]))
        .group_by(Claim.status)
    )
    return {ClaimStatus(status): count for status, count in session.execute(query)}
