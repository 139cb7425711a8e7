"""schema.org ClaimReview markup for a published verdict as approved, as a plain dict (no Flask, no database)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from claims.services.publication import PublicClaim, PublicVerdict

# Words that mark a claimant as a body rather than a person ("Human rights groups", "Associated Press").
_ORGANISATION_WORDS = re.compile(
    r"\b(press|news|agency|groups?|government|ministry|office|council|party|committee|association|"
    r"organi[sz]ation|institute|university|bureau|department|company|corporation|inc|ltd|times|post|"
    r"people's|republic|state|officials|organisation|union|league|media|radio|tv|television)\b",
    re.IGNORECASE,
)


def claimant_type(name: str, outlet: str | None = None) -> str:
    """Return "Organization" for a newsroom, government or group, else "Person"."""
    if outlet and name.strip().lower() == outlet.strip().lower():
        return "Organization"
    return "Organization" if _ORGANISATION_WORDS.search(name) else "Person"


def review_rating(verdict: PublicVerdict) -> dict[str, Any]:
    """Return the Rating as approved: value and scale bounds when the level judges truth, else only its name."""
    level = verdict.rating
    if level is None:
        return {"@type": "Rating", "alternateName": verdict.external_rating or ""}
    if level.value is None:
        return {"@type": "Rating", "alternateName": level.label}
    return {
        "@type": "Rating",
        "ratingValue": level.value,
        "bestRating": verdict.best_rating,
        "worstRating": verdict.worst_rating,
        "alternateName": level.label,
    }


def appearance(claim: PublicClaim) -> dict[str, Any] | None:
    """Return where the claim appeared: our article as a NewsArticle, or a bare CreativeWork link."""
    article = claim.article
    if article is not None:
        work: dict[str, Any] = {
            "@type": "NewsArticle",
            "headline": article.headline,
            "publisher": {"@type": "Organization", "name": article.outlet},
        }
        if article.url:
            work["url"] = article.url
        if article.published_on:
            work["datePublished"] = article.published_on.isoformat()
        return work
    if claim.appearance_url:
        return {"@type": "CreativeWork", "url": claim.appearance_url}
    return None


def claim_review(
    claim: PublicClaim,
    verdict: PublicVerdict,
    org_name: str,
    org_url: str,
    url_for_claim: Callable[[PublicClaim], str],
) -> dict[str, Any]:
    """Return the ClaimReview for our published verdict on `claim`.

    :raises ValueError: the verdict was imported from another publisher (never ours to mark up).
    """
    if verdict.is_external:
        raise ValueError("an imported verdict is not ours to publish as ClaimReview")
    outlet = claim.article.outlet if claim.article else None
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": {"@type": claimant_type(claim.claimant, outlet), "name": claim.claimant},
    }
    if claim.claimed_on:
        item["datePublished"] = claim.claimed_on.isoformat()
    if (work := appearance(claim)) is not None:
        item["appearance"] = work
        item["firstAppearance"] = work
    published = verdict.published_at or verdict.approved_at
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url_for_claim(claim),
        "claimReviewed": claim.restated,
        "reviewRating": review_rating(verdict),
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": org_name, "url": org_url},
    }
    if published is not None:
        review["datePublished"] = published.date().isoformat()
    return review
