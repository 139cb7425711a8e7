"""What the public may see: the single definition every public route, feed and export uses.

Readers see a published verdict through its snapshot (claims.models.snapshot): the claim's
wording, tags, evidence and rating level version as the approving editor saw them. The public
objects built here (PublicClaim, PublicVerdict, PublicCorrection) are made from snapshots only,
so a template, feed or serialiser given one cannot reach the live claim or its evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, delete, func, insert, select, tuple_
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session, contains_eager, selectinload
from sqlalchemy.sql.base import ExecutableOption

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Correction,
    PublishedEvidence,
    PublishedSnapshot,
    RatingLevel,
    RatingLevelVersion,
    Tally,
    Verdict,
    VerdictState,
)

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
    """Select (claim, public verdict) pairs; a claim without a published verdict is never in it.

    The claim is the live row, for staff-side counts and ids: what readers see of it is the
    verdict's snapshot, which public_rows() selects.
    """
    return (
        select(Claim, Verdict)
        .join(Verdict, (Verdict.claim_id == Claim.id) & (Verdict.state == VerdictState.PUBLISHED))
        .join(PublishedSnapshot, PublishedSnapshot.verdict_id == Verdict.id)
    )


def public_rows() -> Select[tuple[Verdict, PublishedSnapshot, ClaimStatus]]:
    """Select each public verdict with its snapshot and its claim's status, the only claim column readers see."""
    return (
        select(Verdict, PublishedSnapshot, Claim.status)
        .join(PublishedSnapshot, PublishedSnapshot.verdict_id == Verdict.id)
        .join(Claim, Claim.id == Verdict.claim_id)
        .where(Verdict.state == VerdictState.PUBLISHED)
    )


def claim_column(name: str, staff: bool) -> ColumnElement:
    """Return the column a claim field is read from: the live claim for staff, the snapshot for readers."""
    return getattr(Claim if staff else PublishedSnapshot, name)


def in_article(article_id: int) -> ColumnElement[bool]:
    """Readers' test for a claim quoted from this article: the article of the approved snapshot.

    A claim's article is set when the claim is made (edits re-anchor the quote within it), so the
    live column, indexed by ix_claims_article_id, names the same claims: the plan starts from
    those few claims instead of every published verdict, and the snapshot's column decides.
    """
    return (Claim.article_id == article_id) & (PublishedSnapshot.article_id == article_id)


@dataclass(frozen=True)
class PublicClaim:
    """A claim as readers see it: the wording, tags and link its public verdict was approved with."""

    id: int
    restated: str
    claimant: str
    claimed_on: date | None
    quote: str | None
    span_start: int | None
    span_end: int | None
    article: Article | None
    appearance_url: str | None
    tags: tuple[str, ...]
    same_as_id: int | None
    # Reopened: a revised verdict is being prepared while this one stands.
    under_review: bool

    @property
    def article_id(self) -> int | None:
        return self.article.id if self.article is not None else None


@dataclass(frozen=True)
class PublicVerdict:
    """A published verdict as approved: the rating level's version then, the text, who checked it."""

    id: int
    claim_id: int
    rating_level_id: int | None
    rating: RatingLevelVersion | None
    best_rating: int | None
    worst_rating: int | None
    conclusion: str
    explanation: str
    external_publisher: str | None
    external_url: str | None
    external_rating: str | None
    # Names only: the people behind a verdict are public by name, nothing else of their accounts.
    author_name: str | None
    approver_name: str | None
    published_at: datetime | None
    approved_at: datetime | None
    created_at: datetime
    listed_at: datetime | None
    # Only a single claim's page loads these (published_claim).
    evidence: tuple[PublishedEvidence, ...] = ()

    @property
    def is_external(self) -> bool:
        return self.external_publisher is not None


def _public_claim(verdict: Verdict, snapshot: PublishedSnapshot, status: ClaimStatus) -> PublicClaim:
    return PublicClaim(
        id=verdict.claim_id,
        restated=snapshot.restated,
        claimant=snapshot.claimant,
        claimed_on=snapshot.claimed_on,
        quote=snapshot.quote,
        span_start=snapshot.span_start,
        span_end=snapshot.span_end,
        article=snapshot.article,
        appearance_url=snapshot.appearance_url,
        tags=tuple(tag.name for tag in snapshot.tags),
        same_as_id=snapshot.same_as_id,
        under_review=ClaimStatus(status) is not ClaimStatus.PUBLISHED,
    )


def _public_verdict(verdict: Verdict, snapshot: PublishedSnapshot, evidence: bool = False) -> PublicVerdict:
    return PublicVerdict(
        id=verdict.id,
        claim_id=verdict.claim_id,
        rating_level_id=verdict.rating_level_id,
        rating=snapshot.rating,
        best_rating=snapshot.best_rating,
        worst_rating=snapshot.worst_rating,
        conclusion=snapshot.conclusion,
        explanation=snapshot.explanation,
        external_publisher=verdict.external_publisher,
        external_url=verdict.external_url,
        external_rating=verdict.external_rating,
        author_name=verdict.author.display_name if verdict.author is not None else None,
        approver_name=verdict.approver.display_name if verdict.approver is not None else None,
        published_at=verdict.published_at,
        approved_at=verdict.approved_at,
        created_at=verdict.created_at,
        listed_at=verdict.listed_at,
        evidence=tuple(snapshot.evidence) if evidence else (),
    )


def to_public(rows: Iterable[Any], evidence: bool = False) -> list[tuple[PublicClaim, PublicVerdict]]:
    """Turn public_rows() results into what templates, feeds and the API are given."""
    return [
        (_public_claim(verdict, snapshot, status), _public_verdict(verdict, snapshot, evidence))
        for verdict, snapshot, status in rows
    ]


# The snapshot's article and tags and the verdict's people, loaded for a whole page in a few queries.
CLAIM_DETAILS: tuple[ExecutableOption, ...] = (
    selectinload(PublishedSnapshot.article),
    selectinload(PublishedSnapshot.tags),
)
VERDICT_DETAILS: tuple[ExecutableOption, ...] = (
    selectinload(PublishedSnapshot.rating),
    selectinload(Verdict.author),
    selectinload(Verdict.approver),
)


def with_page_details(query: Select) -> Select:
    """Load what a list of verdicts shows (article, tags, rating, people) in a few queries, not per row."""
    return query.options(*CLAIM_DETAILS, *VERDICT_DETAILS)


def newest_first(query: Select) -> Select:
    """Order public verdicts newest first, the order ix_verdicts_public_order holds them in."""
    return query.order_by(Verdict.listed_at.desc(), Verdict.id.desc())


def latest_published(session: Session) -> list[tuple[PublicClaim, PublicVerdict]]:
    """Return the most recently published verdicts with their claims, newest first."""
    query = newest_first(with_page_details(public_rows())).limit(PAGE_SIZES["home"])
    return to_public(session.execute(query))


WORK_IN_PROGRESS = (ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW)


def work_in_progress_counts(session: Session) -> dict[ClaimStatus, int]:
    """Return how many claims sit in each unpublished status: counts only, nothing internal."""
    query = select(Tally.key, Tally.count).where(
        Tally.kind == "status", Tally.key.in_([s.value for s in WORK_IN_PROGRESS]), Tally.count > 0
    )
    return {ClaimStatus(status): count for status, count in session.execute(query)}


def published_claim(
    session: Session, claim_id: int, evidence: bool = True
) -> tuple[PublicClaim, PublicVerdict] | None:
    """Return one claim as readers see it, with its evidence, or None if readers may not see it."""
    if not 0 < claim_id <= MAX_ID:
        return None
    query = with_page_details(public_rows()).where(Verdict.claim_id == claim_id)
    if evidence:
        query = query.options(selectinload(PublishedSnapshot.evidence))
    found = to_public(session.execute(query), evidence)
    return found[0] if found else None


def earlier_fact_check(session: Session, claim: PublicClaim) -> tuple[PublicClaim, PublicVerdict] | None:
    """Return the earlier claim this one was approved as the same as, when readers can see it."""
    if claim.same_as_id is None or claim.same_as_id == claim.id:
        return None
    return published_claim(session, claim.same_as_id, evidence=False)


@dataclass(frozen=True)
class PublicCorrection:
    """A published correction, with the ratings as readers saw them before and after."""

    id: int
    note: str
    published_at: datetime
    old_rating: RatingLevelVersion | None
    new_rating: RatingLevelVersion | None
    # The corrected claim as readers see it now (on lists of corrections).
    claim: PublicClaim | None = None

    @property
    def rating_changed(self) -> bool:
        old, new = self.old_rating, self.new_rating
        return (old.label if old else None) != (new.label if new else None)


def _correction(note: Correction, claim: PublicClaim | None = None) -> PublicCorrection:
    assert note.published_at is not None
    return PublicCorrection(
        note.id, note.note, note.published_at, note.old_rating_version, note.new_rating_version, claim
    )


_CORRECTION_RATINGS = (
    selectinload(Correction.old_rating_version),
    selectinload(Correction.new_rating_version),
)


def public_corrections(session: Session, claim_id: int) -> list[PublicCorrection]:
    """Return this claim's published corrections, newest first."""
    query = (
        select(Correction)
        .where(Correction.claim_id == claim_id, Correction.published_at.is_not(None))
        .options(*_CORRECTION_RATINGS)
        .order_by(Correction.published_at.desc(), Correction.id.desc())
    )
    return [_correction(note) for note in session.execute(query).scalars()]


def published_corrections(
    session: Session, limit: int, before: tuple[datetime, int] | None = None
) -> list[PublicCorrection]:
    """Return up to `limit` published corrections on claims readers can see, newest first.

    `before` is the (published_at, id) of the last correction of the previous page.
    """
    query = (
        public_rows()
        .add_columns(Correction)
        .join(Correction, Correction.claim_id == Verdict.claim_id)
        .where(Correction.published_at.is_not(None))
        .options(*CLAIM_DETAILS, *_CORRECTION_RATINGS)
        .order_by(Correction.published_at.desc(), Correction.id.desc())
        .limit(limit)
    )
    if before is not None:
        # A row-value comparison is one range on the index; the equivalent OR is not, on SQLite.
        query = query.where(tuple_(Correction.published_at, Correction.id) < tuple_(*before))
    return [
        _correction(note, _public_claim(verdict, snapshot, status))
        for verdict, snapshot, status, note in session.execute(query)
    ]


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


def published_in_article(session: Session, article_id: int) -> list[tuple[PublicClaim, PublicVerdict]]:
    """Return the published claims quoted from one article, in text order."""
    if not 0 < article_id <= MAX_ID:
        return []
    query = (
        with_page_details(public_rows())
        .where(in_article(article_id))
        .order_by(PublishedSnapshot.span_start, Verdict.claim_id)
    )
    return to_public(session.execute(query))


def recent_articles(session: Session, chosen: int | None = None, limit: int = 20) -> list[Article]:
    """Return the articles of the newest verdicts (and the one already chosen), for the filter form."""
    newest = newest_first(public_rows()).limit(PAGE_SIZES["suggestions"])
    recent = newest.with_only_columns(PublishedSnapshot.article_id).subquery()
    ids = [i for i in session.execute(select(recent.c.article_id).distinct().limit(limit)).scalars() if i]
    if chosen is not None and 0 < chosen <= MAX_ID and chosen not in ids:
        visible = public_rows().where(in_article(chosen))
        if session.scalar(visible.with_only_columns(Verdict.id).limit(1)) is not None:
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


@dataclass(frozen=True)
class EarlierVersion:
    """A version of a level that verdicts were published with before the level was changed."""

    version: RatingLevelVersion
    until: datetime  # when the next version replaced it


def earlier_versions(session: Session) -> list[EarlierVersion]:
    """Return the replaced versions of the active scale's levels, by level then oldest first."""
    from claims.services.ratings import active_scale

    scale = active_scale(session)
    if scale is None:
        return []
    query = (
        select(RatingLevelVersion)
        .join(RatingLevel, RatingLevel.id == RatingLevelVersion.level_id)
        .where(RatingLevel.scale_id == scale.id)
        .options(contains_eager(RatingLevelVersion.level))
        .order_by(RatingLevel.position, RatingLevelVersion.number)
    )
    versions = list(session.execute(query).scalars())
    return [
        EarlierVersion(version, following.created_at)
        for version, following in zip(versions, versions[1:], strict=False)
        if following.level_id == version.level_id
    ]


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
