"""What the public may see: the single definition every public route, feed and export uses."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, insert, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, selectinload

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Correction,
    Evidence,
    RatingLevel,
    Tally,
    Verdict,
    VerdictState,
)
from claims.services.verdicts import public_verdict

# How many rows each public list shows. Read at call time, so a test can shrink them and fill
# every page with a small archive.
PAGE_SIZES = {
    "home": 20,  # latest verdicts on the home page
    "claims": 20,  # the claim list and the API's default page
    "feed": 50,  # Atom entries
    "datafeed": 100,  # ClaimReviews per DataFeed page
    "corrections": 50,  # the corrections page
    "suggestions": 200,  # newest verdicts the filter form's topics and articles are drawn from
}

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


def newest_first(query: Select[tuple[Claim, Verdict]]) -> Select[tuple[Claim, Verdict]]:
    """Order public verdicts newest first, the order ix_verdicts_public_order holds them in."""
    return query.order_by(Verdict.listed_at.desc(), Verdict.id.desc())


def latest_published(session: Session) -> list[tuple[Claim, Verdict]]:
    """Return the most recently published verdicts with their claims, newest first."""
    query = newest_first(with_page_details(published_claims())).limit(PAGE_SIZES["home"])
    return [(claim, verdict) for claim, verdict in session.execute(query)]


WORK_IN_PROGRESS = (ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW)


def work_in_progress_counts(session: Session) -> dict[ClaimStatus, int]:
    """Return how many claims sit in each unpublished status: counts only, nothing internal."""
    query = select(Tally.key, Tally.count).where(
        Tally.kind == "status", Tally.key.in_([s.value for s in WORK_IN_PROGRESS]), Tally.count > 0
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


def published_corrections(
    session: Session, limit: int, before: tuple[datetime, int] | None = None
) -> list[Correction]:
    """Return up to `limit` published corrections on claims readers can see, newest first.

    `before` is the (published_at, id) of the last correction of the previous page.
    """
    query = (
        select(Correction)
        .join(Verdict, (Verdict.claim_id == Correction.claim_id) & (Verdict.state == VerdictState.PUBLISHED))
        .where(Correction.published_at.is_not(None))
        .options(
            selectinload(Correction.claim),
            selectinload(Correction.old_rating),
            selectinload(Correction.new_rating),
        )
        .order_by(Correction.published_at.desc(), Correction.id.desc())
        .limit(limit)
    )
    if before is not None:
        # A row-value comparison is one range on the index; the equivalent OR is not, on SQLite.
        query = query.where(tuple_(Correction.published_at, Correction.id) < tuple_(*before))
    return list(session.execute(query).scalars())


def rating_counts(session: Session) -> list[tuple[RatingLevel, int]]:
    """Return (level, number of published claims rated at it) for every level used or current."""
    query = select(Tally.key, Tally.count).where(Tally.kind == "rating", Tally.count > 0)
    counts = {int(level_id): n for level_id, n in session.execute(query)}
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


def _recent_claim_ids() -> Select[tuple[int]]:
    return newest_first(published_claims()).with_only_columns(Claim.id).limit(PAGE_SIZES["suggestions"])


def recent_articles(session: Session, chosen: int | None = None, limit: int = 20) -> list[Article]:
    """Return the articles of the newest verdicts (and the one already chosen), for the filter form."""
    recent = _recent_claim_ids().with_only_columns(Claim.article_id).subquery()
    ids = [i for i in session.execute(select(recent.c.article_id).distinct().limit(limit)).scalars() if i]
    if chosen is not None and 0 < chosen <= MAX_ID and chosen not in ids:
        visible = published_claims().where(Claim.article_id == chosen).with_only_columns(Claim.id).limit(1)
        if session.scalar(visible) is not None:
            ids.append(chosen)
    query = select(Article).where(Article.id.in_(ids)).order_by(Article.headline, Article.id)
    return list(session.execute(query).scalars())


def rebuild_tallies(session: Session) -> None:
    """Recount the tallies from claims and verdicts (after rows were written around the ORM)."""
    session.execute(delete(Tally))
    statuses = select(Claim.status, func.count()).group_by(Claim.status)
    ratings = (
        select(Verdict.rating_level_id, func.count())
        .where(Verdict.state == VerdictState.PUBLISHED, Verdict.rating_level_id.is_not(None))
        .group_by(Verdict.rating_level_id)
    )
    rows = [{"kind": "status", "key": ClaimStatus(s).value, "count": n} for s, n in session.execute(statuses)]
    rows += [{"kind": "rating", "key": str(level), "count": n} for level, n in session.execute(ratings)]
    if rows:
        session.execute(insert(Tally), rows)


def active_levels(session: Session) -> list[RatingLevel]:
    """Return the active scale's current levels, in order, for the ratings page and filters."""
    from claims.services.ratings import active_scale

    scale = active_scale(session)
    return scale.current_levels if scale else []


def public_version(session_or_connection: Session | Connection) -> int:
    """Return the publication counter: it moves with every commit that changes public content."""
    # Read on every public request, so plain SQL past the ORM.
    conn = session_or_connection
    if not isinstance(conn, Connection):
        conn = conn.connection()
    return conn.exec_driver_sql(PUBLIC_VERSION_SQL).scalar() or 0


PUBLIC_VERSION_SQL = (
    "SELECT public_version FROM site_state WHERE id = 1"  # the one row: models.site.SITE_ROW_ID
)
