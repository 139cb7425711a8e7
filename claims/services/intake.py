"""Intake against the database: suggestions for an article, matches with earlier claims, figures vs evidence."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.intake import (
    ClaimIndex,
    Comparison,
    Quantity,
    Suggestion,
    compare,
    parse_quantities,
    suggest_claims,
)
from claims.intake.quantities import _UNITS
from claims.models import Article, Claim, Evidence, Verdict
from claims.services.publication import published_claim
from claims.services.verdicts import public_verdict

SUGGESTION_LIMIT = 15


class SameClaimError(ValueError):
    """A "same claim" link that would point at itself or make a loop."""


@dataclass(frozen=True)
class ClaimMatch:
    """An earlier claim that says the same thing, with the similarity and why."""

    claim: Claim
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ArticleSuggestion:
    """A check-worthy sentence, the claims already made from it and earlier claims like it."""

    suggestion: Suggestion
    existing: list[Claim]
    matches: list[ClaimMatch]


@dataclass(frozen=True)
class FigureCheck:
    """How far a figure in the claim is from the figure a piece of evidence reports."""

    quantity: Quantity
    evidence: Evidence
    comparison: Comparison


def _claim_text(claim: Claim) -> str:
    return f"{claim.restated} {claim.quote or ''}".strip()


def claim_index(session: Session, exclude_article_id: int | None = None) -> ClaimIndex[int]:
    """Build the matching index over every claim (optionally leaving out one article's own)."""
    # Three columns, not whole claims: the index is rebuilt per page view and reads every claim.
    query = select(Claim.id, Claim.restated, Claim.quote)
    if exclude_article_id is not None:
        query = query.where((Claim.article_id != exclude_article_id) | Claim.article_id.is_(None))
    return ClaimIndex((row.id, f"{row.restated} {row.quote or ''}".strip()) for row in session.execute(query))


def similar_claims(
    session: Session,
    text: str,
    exclude_ids: frozenset[int] = frozenset(),
    limit: int = 5,
    index: ClaimIndex[int] | None = None,
) -> list[ClaimMatch]:
    """Return earlier claims from any article that say the same as `text`, best first."""
    index = index or claim_index(session)
    matches = [m for m in index.query(text, limit=limit + len(exclude_ids)) if m.key not in exclude_ids]
    claims = {
        c.id: c
        for c in session.execute(select(Claim).where(Claim.id.in_([m.key for m in matches]))).scalars()
    }
    return [ClaimMatch(claims[m.key], m.score, m.reasons) for m in matches[:limit]]


def article_suggestions(
    session: Session, article: Article, limit: int = SUGGESTION_LIMIT
) -> list[ArticleSuggestion]:
    """Rank the article's sentences by check-worthiness, with claims already made and similar earlier ones."""
    index = claim_index(session, exclude_article_id=article.id)
    results = []
    for suggestion in suggest_claims(article.body, limit=limit):
        existing = [
            c
            for c in article.claims
            if c.span_start is not None and suggestion.start <= c.span_start and c.span_end <= suggestion.end
        ]
        matches = similar_claims(session, suggestion.text, limit=3, index=index)
        results.append(ArticleSuggestion(suggestion, existing, matches))
    return results


def figure_checks(claim: Claim) -> list[FigureCheck]:
    """Compare each figure in the claim with each reference figure its current evidence reports."""
    quantities = [q for q in parse_quantities(claim.quote or claim.restated) if q.low is not None]
    checks = []
    for evidence in claim.evidence:
        if evidence.withdrawn or evidence.reference_value is None:
            continue
        for quantity in quantities:
            if _same_unit(quantity.unit_or_population, evidence.reference_unit):
                comparison = compare(quantity, evidence.reference_value, evidence.reference_year)
                checks.append(FigureCheck(quantity, evidence, comparison))
    return checks


# Reference units that count heads, and the parser's units that measure something else.
_HEADCOUNT = frozenset({"people", "persons", "inhabitants", "residents", "population"})
_MEASURES = frozenset(unit for _, unit in _UNITS)


def _same_unit(claimed: str | None, reference: str | None) -> bool:
    if not claimed or not reference:
        return True
    fold = str.maketrans("", "", " .")
    a, b = claimed.lower().translate(fold), reference.lower().translate(fold)
    if b in _HEADCOUNT and claimed not in _MEASURES:
        return True  # evidence counting "people" compares with a claim counting Uighurs or voters
    return a.rstrip("s") == b.rstrip("s") or a.replace("uyghur", "uighur") == b.replace("uyghur", "uighur")


def link_same_claim(claim: Claim, earlier: Claim) -> None:
    """Mark `claim` as saying the same as `earlier`; its page then shows the earlier verdict.

    :raises SameClaimError: linking a claim to itself or into a loop.
    """
    seen = {claim.id}
    cursor: Claim | None = earlier
    while cursor is not None:
        if cursor.id in seen:
            raise SameClaimError("a claim cannot be the same as itself or as a claim that points back at it")
        seen.add(cursor.id)
        cursor = cursor.same_as
    claim.same_as = earlier


def unlink_same_claim(claim: Claim) -> None:
    """Remove the claim's "same claim" link."""
    claim.same_as = None


def earlier_verdict(claim: Claim) -> tuple[Claim, object] | None:
    """Return the earliest linked claim that has a public verdict, with that verdict."""
    cursor = claim.same_as
    while cursor is not None:
        if (verdict := public_verdict(cursor)) is not None:
            return cursor, verdict
        cursor = cursor.same_as
    return None


def public_earlier_claim(session: Session, claim: Claim) -> tuple[Claim, Verdict] | None:
    """Return the first linked earlier claim readers may see, with its public verdict, for public pages."""
    seen = {claim.id}
    cursor = claim.same_as
    while cursor is not None and cursor.id not in seen:
        if (found := published_claim(session, cursor.id)) is not None:
            return found
        seen.add(cursor.id)
        cursor = cursor.same_as
    return None


def figure_value(quantity: Quantity) -> str:
    """Write a parsed figure for reviewers and readers: "10,000,000" or a range "24–99"."""

    def fmt(value: float) -> str:
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")

    if quantity.low is None or quantity.high is None:
        return ""
    if quantity.low == quantity.high:
        return fmt(quantity.low)
    return f"{fmt(quantity.low)}–{fmt(quantity.high)}"


def claim_figures(claim: Claim) -> list[Quantity]:
    """Return the figures and size comparisons stated in the claim's quote (or its restatement)."""
    return [q for q in parse_quantities(claim.quote or claim.restated) if q.low is not None or q.comparison]


@dataclass(frozen=True)
class ClaimIntake:
    """What the claim workspace shows from intake: figures, checks against evidence, earlier claims."""

    figures: list[Quantity]
    checks: list[FigureCheck]
    matches: list[ClaimMatch]
    earlier: tuple[Claim, object] | None


def claim_intake(session: Session, claim: Claim, limit: int = 5) -> ClaimIntake:
    """Gather the claim's figures, how they compare with its evidence, and earlier claims like it."""
    matches = similar_claims(session, _claim_text(claim), exclude_ids=frozenset({claim.id}), limit=limit)
    return ClaimIntake(claim_figures(claim), figure_checks(claim), matches, earlier_verdict(claim))
