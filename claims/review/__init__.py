"""Pages for reviewers, editors and admins: articles, claims, evidence, verdicts, the rating scale."""

from claims.review import (  # noqa: F401  (registers the routes)
    views_approval,
    views_articles,
    views_claim_actions,
    views_claims,
    views_dashboard,
    views_evidence,
    views_intake,
    views_ratings,
    views_verdicts,
)
from claims.review.blueprint import bp

__all__ = ["bp"]
