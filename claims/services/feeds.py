"""Feeds of published work: Atom entries for verdicts and corrections, and the ClaimReview DataFeed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from claims.models import Claim
from claims.services.claimreview import claim_review
from claims.services.publication import published_claims, published_corrections, with_page_details
from claims.services.search import sort_moment

FEED_LIMIT = 50


@dataclass(frozen=True)
class FeedEntry:
    """One Atom entry: a published verdict or a correction to one."""

    key: str
    title: str
    summary: str
    updated: datetime
    claim: Claim


def atom_entries(session: Session, limit: int = FEED_LIMIT) -> list[FeedEntry]:
    """Return the newest published verdicts and corrections, newest first."""
    entries: list[FeedEntry] = []
    query = with_page_details(published_claims()).order_by(sort_moment().desc()).limit(limit)
    for claim, verdict in session.execute(query):
        rating = verdict.rating_level.label if verdict.rating_level else verdict.external_rating
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
    for note in published_corrections(session)[:limit]:
        assert note.published_at is not None
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


def claimreview_feed(
    session: Session, org_name: str, org_url: str, url_for_claim: Callable[[Claim], str]
) -> dict[str, Any]:
    """Return a schema.org DataFeed holding the ClaimReview of every verdict of ours that is public."""
    elements = []
    modified: datetime | None = None
    for claim, verdict in session.execute(
        with_page_details(published_claims()).order_by(sort_moment().desc())
    ):
        if verdict.is_external:
            continue
        review = claim_review(claim, verdict, org_name, org_url, url_for_claim)
        when = verdict.published_at or verdict.created_at
        modified = max(modified, when) if modified else when
        elements.append(
            {
                "@type": "DataFeedItem",
                "dateCreated": when.isoformat(),
                "dateModified": when.isoformat(),
                "item": [review],
            }
        )
    feed: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{org_name} fact-checks",
        "url": org_url,
        "dataFeedElement": elements,
    }
    if modified is not None:
        feed["dateModified"] = modified.isoformat()
    return feed
