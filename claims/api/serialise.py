"""The API's JSON shape for a published claim as approved; the OpenAPI document describes exactly this."""

from __future__ import annotations

from typing import Any

from claims.public.links import external_claim_url
from claims.services.publication import PublicClaim, PublicCorrection, PublicVerdict


def claim_summary(claim: PublicClaim, verdict: PublicVerdict) -> dict[str, Any]:
    """Return the fields every listing shows: the claim, who said it, and the public verdict."""
    level = verdict.rating
    return {
        "id": claim.id,
        "url": external_claim_url(claim),
        "claim": claim.restated,
        "quote": claim.quote,
        "claimant": claim.claimant,
        "claimed_on": claim.claimed_on.isoformat() if claim.claimed_on else None,
        "tags": list(claim.tags),
        "article": (
            {
                "id": claim.article.id,
                "headline": claim.article.headline,
                "outlet": claim.article.outlet,
                "url": claim.article.url,
                "published_on": claim.article.published_on.isoformat()
                if claim.article.published_on
                else None,
            }
            if claim.article
            else None
        ),
        "under_review": claim.under_review,
        "verdict": {
            "rating": level.label if level else verdict.external_rating,
            "rating_value": level.value if level else None,
            "conclusion": verdict.conclusion,
            "published_at": verdict.published_at.isoformat() if verdict.published_at else None,
            "rated_by": verdict.external_publisher,
            "rated_by_url": verdict.external_url,
        },
    }


def claim_detail(
    claim: PublicClaim, verdict: PublicVerdict, corrections: list[PublicCorrection]
) -> dict[str, Any]:
    """Return the summary plus explanation, evidence and corrections."""
    data = claim_summary(claim, verdict)
    data["verdict"]["explanation"] = verdict.explanation
    data["evidence"] = [
        {
            "url": ev.url,
            "title": ev.title,
            "publisher": ev.publisher,
            "published_on": ev.published_on.isoformat() if ev.published_on else None,
            "passage": ev.passage,
            "stance": ev.stance.value,
            "primary": ev.is_primary,
        }
        for ev in verdict.evidence
    ]
    data["corrections"] = [
        {"published_at": note.published_at.isoformat(), "note": note.note} for note in corrections
    ]
    return data
