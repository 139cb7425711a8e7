"""What the public may see: the single definition every public route, feed and export uses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import Session, selectinload

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Correction,
    Evidence,
    RatingLevel,
    Verdict,
    VerdictState,
)
from claims.services.verdicts import public_verdict

# Ids in URLs are checked against the integer column's range, so a huge number is a 404, not an error.
MAX_ID = 2**31 - 1


def published_claims() -> Select[tuple[Claim, Verdict]]:
    """Select (claim, public verdict) pairs; a claim without a published verdict is never in it."""
    return select(Claim, Verdict).join(
        Verdict, (Verdict.claim_id == Claim.id) & (Verdict.state == VerdictState.PUBLISHED)
    )


def with_page_details(query: Select[tuple[Claim, Verdict]]) -> Select[tuple[Claim, Verdict]]:
    """Load what a list of verdicts shows (article, tags, rating, people) in a few queries, not per row."""
    return query.options(
        selectinload(Claim.article),
        selectinload(Claim.tags),
        selectinload(Verdict.rating_level).selectinload(RatingLevel.scale),
        selectinload(Verdict.author),
        selectinload(Verdict.approver),
    )


def latest_published(session: Session, limit: int = 20) -> list[tuple[Claim, Verdict]]:
    """Return the most recently published verdicts with their claims, newest first."""
    query = with_page_details(published_claims()).order_by(Verdict.published_at.desc(), Verdict.id.desc())
    query = query.limit(limit)
    return [(claim, verdict) for claim, verdict in session.execute(query)]


def work_in_progress_counts(session: Session) -> dict[ClaimStatus, int]:
    """Return how many claims sit in each unpublished status: counts only, nothing internal."""
    query = (
        select(Claim.status, func.count())
        .where(Claim.status.in_([ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW]))
        .group_by(Claim.status)
    )
    return {ClaimStatus(status): count for status, count in session.execute(query)}


def published_claim(session: Session, claim_id: int) -> tuple[Claim, Verdict] | None:
    """Return one claim with its public verdict, or None if readers may not see it."""
    if not 0 < claim_id <= MAX_ID:
        return None
    row = session.execute(published_claims().where(Claim.id == claim_id)).first()
    return (row[0], row[1]) if row else None


def public_evidence_condition() -> ColumnElement[bool]:
    """SQL twin of public_evidence(), for queries joined to the claim's published Verdict."""
    return Evidence.withdrawn_at.is_(None) & (Evidence.created_at <= Verdict.published_at)


def public_evidence(claim: Claim) -> list[Evidence]:
    """Return the evidence readers see, primary sources first.

    That is the evidence the published verdict was approved with: never withdrawn evidence, and
    not evidence added since (on a reopened claim), which waits for the next approval.
    """
    verdict = public_verdict(claim)
    if verdict is None or verdict.published_at is None:
        return []
    shown = (ev for ev in claim.evidence if not ev.withdrawn and ev.created_at <= verdict.published_at)
    return sorted(shown, key=lambda ev: (not ev.is_primary, ev.id))


def evidence_is_public(evidence: Evidence) -> bool:
    """Whether readers can see this piece of evidence now."""
    return evidence in public_evidence(evidence.claim)


def public_corrections(claim: Claim) -> list[Correction]:
    """Return this claim's published corrections, newest first."""
    notes = [c for c in claim.corrections if c.published_at is not None]
    return sorted(notes, key=lambda c: (c.published_at, c.id), reverse=True)


def published_corrections(session: Session) -> list[Correction]:
    """Return every published correction on a claim readers can see, newest first."""
    visible = published_claims().with_only_columns(Claim.id).scalar_subquery()
    query = (
        select(Correction)
        .where(Correction.published_at.is_not(None), Correction.claim_id.in_(visible))
        .order_by(Correction.published_at.desc(), Correction.id.desc())
    )
    return list(session.execute(query).scalars())


def rating_counts(session: Session) -> list[tuple[RatingLevel, int]]:
    """Return (level, number of published claims rated at it) for every level used or current."""
    query = (
        published_claims()
        .with_only_columns(Verdict.rating_level_id, func.count())
        .where(Verdict.rating_level_id.is_not(None))
        .group_by(Verdict.rating_level_id)
    )
    counts = {level_id: n for level_id, n in session.execute(query)}
    levels = session.execute(
        select(RatingLevel).order_by(RatingLevel.scale_id, RatingLevel.position)
    ).scalars()
    return [
        (lv, counts.get(lv.id, 0))
        for lv in levels
        if lv.id in counts or (lv.scale.is_active and not lv.retired)
    ]


def published_in_article(session: Session, article_id: int) -> list[tuple[Claim, Verdict]]:
    """Return the published claims quoted from one article, in text order."""
    if not 0 < article_id <= MAX_ID:
        return []
    query = published_claims().where(Claim.article_id == article_id).order_by(Claim.span_start)
    return [(claim, verdict) for claim, verdict in session.execute(query)]


def last_published_at(session: Session) -> datetime | None:
    """Return when anything public last changed (a verdict or a correction was published)."""
    verdicts = session.scalar(published_claims().with_only_columns(func.max(Verdict.published_at)))
    notes = session.scalar(select(func.max(Correction.published_at)))
    return max((t for t in (verdicts, notes) if t is not None), default=None)


def public_tags(session: Session) -> list[str]:
    """Return the names of tags on published claims, for the filter form."""
    from claims.models import Tag, claim_tags

    visible = published_claims().with_only_columns(Claim.id).scalar_subquery()
    query = (
        select(Tag.name)
        .join(claim_tags, claim_tags.c.tag_id == Tag.id)
        .where(claim_tags.c.claim_id.in_(visible))
        .distinct()
        .order_by(Tag.name)
    )
    return list(session.execute(query).scalars())


def public_articles(session: Session) -> list[Article]:
    """Return the articles with at least one published claim, newest first."""
    visible = published_claims().with_only_columns(Claim.article_id).scalar_subquery()
    query = (
        select(Article)
        .where(Article.id.in_(visible))
        .order_by(Article.published_on.desc(), Article.id.desc())
    )
    return list(session.execute(query).scalars())


def active_levels(session: Session) -> list[RatingLevel]:
    """Return the active scale's current levels, in order, for the ratings page and filters."""
    from claims.services.ratings import active_scale

    scale = active_scale(session)
    return scale.current_levels if scale else []
