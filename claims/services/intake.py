"""Intake against the database: suggestions for an article, matches with earlier claims, figures vs evidence."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from claims.intake import (
    Comparison,
    Quantity,
    Suggestion,
    compare,
    parse_quantities,
    suggest_claims,
)
from claims.intake.quantities import _UNITS
from claims.models import Article, Claim
from claims.services.intake_matching import BUDGETS, claim_text, find_similar
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


class ReferenceSource(Protocol):
    """A source with the figure it reports: live Evidence for staff, PublishedEvidence for readers."""

    @property
    def url(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def reference_value(self) -> float | None: ...
    @property
    def reference_unit(self) -> str | None: ...
    @property
    def reference_year(self) -> int | None: ...


@dataclass(frozen=True)
class FigureCheck:
    """How far a figure in the claim is from the figure a piece of evidence reports."""

    quantity: Quantity
    evidence: ReferenceSource
    comparison: Comparison


def similar_claims(
    session: Session,
    text: str,
    exclude_ids: frozenset[int] = frozenset(),
    limit: int = 5,
) -> list[ClaimMatch]:
    """Return earlier claims from any article that say the same as `text`, best first."""
    (found,) = find_similar(session, [text], limit, BUDGETS["claim"], hidden_ids=exclude_ids)
    return [ClaimMatch(claim, match.score, match.reasons) for claim, match in found]


def article_suggestions(
    session: Session, article: Article, limit: int = SUGGESTION_LIMIT
) -> list[ArticleSuggestion]:
    """Rank the article's sentences by check-worthiness, with claims already made and similar earlier ones."""
    suggestions = suggest_claims(article.body, limit=limit)
    own = {c.id for c in article.claims}
    similar = find_similar(session, [s.text for s in suggestions], 3, BUDGETS["article"], exclude_ids=own)
    results = []
    for suggestion, found in zip(suggestions, similar, strict=True):
        existing = [
            c
            for c in article.claims
            if c.span_start is not None and suggestion.start <= c.span_start and c.span_end <= suggestion.end
        ]
        matches = [ClaimMatch(claim, match.score, match.reasons) for claim, match in found]
        results.append(ArticleSuggestion(suggestion, existing, matches))
    return results


def figure_checks(claim: Claim) -> list[FigureCheck]:
    """Compare each figure in the claim with each reference figure its standing evidence reports (staff)."""
    return compare_figures(claim.quote or claim.restated, [ev for ev in claim.evidence if not ev.withdrawn])


def compare_figures(text: str, sources: Iterable[ReferenceSource]) -> list[FigureCheck]:
    """Compare each figure in `text` with each reference figure of exactly the sources given.

    Public pages pass the evidence the verdict was approved with, never the claim's live list.
    """
    quantities = [q for q in parse_quantities(text) if q.low is not None]
    checks = []
    for evidence in sources:
        if evidence.reference_value is None:
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
    text = claim_text(claim.restated, claim.quote)
    matches = similar_claims(session, text, exclude_ids=frozenset({claim.id}), limit=limit)
    return ClaimIntake(claim_figures(claim), figure_checks(claim), matches, earlier_verdict(claim))
