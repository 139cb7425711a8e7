"""Queries behind the CSV exports and the summary report, in two scopes: staff and public.

The public scope is built from publication.published_claims(), the one definition of what
readers may see; the staff scope covers every claim with the verdict being worked on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, aliased

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    PublishedEvidence,
    PublishedSnapshot,
    RatingLevel,
    RatingLevelVersion,
    User,
    Verdict,
    VerdictState,
)
from claims.models.review import OPEN_VERDICT_STATES
from claims.services.claim_filters import ClaimFilters, filter_conditions
from claims.services.publication import claim_column, published_claims

__all__ = [
    "Approver",
    "Author",
    "ClaimFilters",
    "Summary",
    "claim_export_joins",
    "evidence_export_joins",
    "filtered_claims",
    "summarise",
]

Author = aliased(User, name="verdict_author")
Approver = aliased(User, name="verdict_approver")


def _scope(staff: bool) -> Select:
    """Select (claim_id, verdict_id): the claims in scope and the verdict shown for each."""
    if not staff:
        return published_claims().with_only_columns(
            Claim.id.label("claim_id"), Verdict.id.label("verdict_id")
        )
    inner = aliased(Verdict)
    public = (
        select(func.max(inner.id))
        .where(inner.claim_id == Claim.id, inner.state == VerdictState.PUBLISHED)
        .scalar_subquery()
    )
    working = (
        select(func.max(inner.id))
        .where(inner.claim_id == Claim.id, inner.state.in_(OPEN_VERDICT_STATES))
        .scalar_subquery()
    )
    # Readers' verdict first: the CSV describes what is public, and otherwise the one in progress.
    return select(Claim.id.label("claim_id"), func.coalesce(public, working).label("verdict_id"))


def filtered_claims(staff: bool, filters: ClaimFilters) -> Select:
    """Select claim ids in scope matching the filters, joined to Claim and the shown Verdict.

    Readers' rows also join the verdict's PublishedSnapshot: what they filter on and see is the
    claim as that verdict was approved.
    """
    scope = _scope(staff).subquery("scope")
    query = (
        select(Claim.id)
        .select_from(scope)
        .join(Claim, Claim.id == scope.c.claim_id)
        .outerjoin(Verdict, Verdict.id == scope.c.verdict_id)
    )
    if not staff:
        query = query.join(PublishedSnapshot, PublishedSnapshot.verdict_id == Verdict.id)
    return query.where(*filter_conditions(filters, staff))


def claim_export_joins(staff: bool, filters: ClaimFilters) -> Select:
    """Select claims in scope joined to their article, shown verdict, rating level and people.

    The columns are the caller's: claims.csv's values, or the CSV lines built from them.
    """
    query = filtered_claims(staff, filters).outerjoin(Article, Article.id == claim_column("article_id", staff))
    if staff:
        query = query.outerjoin(RatingLevel, RatingLevel.id == Verdict.rating_level_id)
    else:
        # The rating as readers were told it: the level's version at approval.
        query = query.outerjoin(RatingLevelVersion, RatingLevelVersion.id == PublishedSnapshot.rating_version_id)
    return query.outerjoin(Author, Author.id == Verdict.author_id).outerjoin(
        Approver, Approver.id == Verdict.approver_id
    )


def evidence_export_joins(staff: bool, filters: ClaimFilters) -> Select:
    """Select the evidence of claims in scope; readers get what the public verdict was approved with."""
    if not staff:
        return filtered_claims(staff, filters).join(PublishedEvidence, PublishedEvidence.verdict_id == Verdict.id)
    return filtered_claims(staff, filters).join(Evidence, Evidence.claim_id == Claim.id)


def month_of(day: date | None) -> str:
    """Return the YYYY-MM bucket of a claim date, or "no date"."""
    return day.strftime("%Y-%m") if day else "no date"


@dataclass(frozen=True)
class Summary:
    """Claim counts grouped four ways, each a list of (label, count) in display order."""

    by_rating: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    by_article: list[tuple[str, int]]
    by_month: list[tuple[str, int]]

    @property
    def groups(self) -> list[tuple[str, list[tuple[str, int]]]]:
        return [
            ("rating", self.by_rating),
            ("status", self.by_status),
            ("article", self.by_article),
            ("month", self.by_month),
        ]

    @property
    def total(self) -> int:
        return sum(count for _label, count in self.by_status)


NOT_PUBLISHED = "not published"


def summarise(session: Session, staff: bool, filters: ClaimFilters) -> Summary:
    """Count the claims in scope by rating, status, article and month of the claim date.

    The rating counts are what readers were told: the rating of each claim's published verdict.
    A claim without one (a draft, or a verdict waiting for approval) counts as "not published"
    there, and by its status in the status counts, so work in progress never adds to a rating.
    """
    base = filtered_claims(staff, filters)
    published = Verdict.state == VerdictState.PUBLISHED
    ratings = session.execute(
        base.where(published)
        .outerjoin(RatingLevel, RatingLevel.id == Verdict.rating_level_id)
        .with_only_columns(RatingLevel.label, Verdict.external_rating, func.count())
        .group_by(RatingLevel.position, RatingLevel.label, Verdict.external_rating)
        .order_by(RatingLevel.position, Verdict.external_rating)
    ).all()
    by_rating: dict[str, int] = {}
    for label, external, count in ratings:
        key = label or (f"{external} (external)" if external else "no rating")
        by_rating[key] = by_rating.get(key, 0) + count
    if staff:
        # The staff scope shows the open verdict of a claim with no published one; NULL is no verdict.
        unpublished = session.execute(
            base.where(Verdict.state.is_(None) | ~published).with_only_columns(func.count())
        ).scalar_one()
        if unpublished:
            by_rating[NOT_PUBLISHED] = unpublished
    statuses = session.execute(
        base.with_only_columns(Claim.status, func.count()).group_by(Claim.status)
    ).all()
    if staff:
        counts = {ClaimStatus(status): count for status, count in statuses}
        by_status = [(status.label, counts[status]) for status in ClaimStatus if status in counts]
    else:
        # Readers only ever see published claims, whatever a reopened claim's working status is.
        total = sum(count for _status, count in statuses)
        by_status = [(ClaimStatus.PUBLISHED.label, total)] if total else []
    articles = session.execute(
        base.outerjoin(Article, Article.id == claim_column("article_id", staff))
        .with_only_columns(Article.id, Article.headline, func.count())
        .group_by(Article.id, Article.headline)
        .order_by(func.count().desc(), Article.id)
    ).all()
    by_article = [(headline or "no article of ours", count) for _id, headline, count in articles]
    claimed_on = claim_column("claimed_on", staff)
    days = session.execute(base.with_only_columns(claimed_on, func.count()).group_by(claimed_on))
    by_month: dict[str, int] = {}
    for day, count in days:
        by_month[month_of(day)] = by_month.get(month_of(day), 0) + count
    return Summary(
        by_rating=list(by_rating.items()),
        by_status=by_status,
        by_article=by_article,
        by_month=sorted(by_month.items()),
    )
