"""Feeds of published work: Atom entries for verdicts and corrections, and the ClaimReview DataFeed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from claims.models import Verdict
from claims.services.claimreview import claim_review
from claims.services.publication import (
    PAGE_SIZES,
    PublicClaim,
    newest_first,
    public_rows,
    published_corrections,
    to_public,
    with_page_details,
)
from claims.services.search import after_cursor, encode_cursor


@dataclass(frozen=True)
class FeedEntry:
    """One Atom entry: a published verdict or a correction to one."""

    key: str
    title: str
    summary: str
    updated: datetime
    claim: PublicClaim


def atom_entries(session: Session) -> list[FeedEntry]:
    """Return the newest published verdicts and corrections, newest first."""
    limit = PAGE_SIZES["feed"]
    entries: list[FeedEntry] = []
    query = newest_first(with_page_details(public_rows())).limit(limit)
    for claim, verdict in to_public(session.execute(query)):
        rating = verdict.rating.label if verdict.rating else verdict.external_rating
        by = f" (rated by {verdict.external_publisher})" if verdict.is_external else ""
        entries.append(
            FeedEntry(
                key=f"verdict-{verdict.id}",
                title=f"{rating}{by}: {claim.restated}",
                summary=verdict.conclusion,
                updated=verdict.published_at or verdict.created_at,
                claim=claim,
            )
        )
    for note in published_corrections(session, limit):
        assert note.claim is not None
        entries.append(
            FeedEntry(
                key=f"correction-{note.id}",
                title=f"Correction: {note.claim.restated}",
                summary=note.note,
                updated=note.published_at,
                claim=note.claim,
            )
        )
    entries.sort(key=lambda e: e.updated, reverse=True)
    return entries[:limit]


@dataclass(frozen=True)
class DataFeedPage:
    """One page of the DataFeed and the cursor of the next (older) page, if any."""

    feed: dict[str, Any]
    next_cursor: str | None


def claimreview_feed(
    session: Session,
    org_name: str,
    org_url: str,
    url_for_claim: Callable[[PublicClaim], str],
    after: tuple[datetime, int] | None = None,
) -> DataFeedPage:
    """Return a schema.org DataFeed page: the ClaimReviews of our public verdicts, newest first.

    A page is rendered once per publication and then served from the cache; an aggregator
    follows the Link header (rel="next") for older ones.
    """
    limit = PAGE_SIZES["datafeed"]
    query = public_rows().where(Verdict.external_publisher.is_(None))
    if after is not None:
        query = query.where(after_cursor(*after))
    rows = to_public(session.execute(newest_first(with_page_details(query)).limit(limit + 1)))
    more, rows = len(rows) > limit, rows[:limit]
    elements = []
    for claim, verdict in rows:
        review = claim_review(claim, verdict, org_name, org_url, url_for_claim)
        when = (verdict.published_at or verdict.created_at).isoformat()
        elements.append(
            {"@type": "DataFeedItem", "dateCreated": when, "dateModified": when, "item": [review]}
        )
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{org_name} fact-checks",
        "url": org_url,
        "dataFeedElement": elements,
    }
    if rows and after is None:
        feed["dateModified"] = elements[0]["dateModified"]
    return DataFeedPage(feed, encode_cursor(rows[-1][1]) if more else None)
