"""Intake against stored claims: suggestions on the seed article, matching, figures vs evidence, same-claim links."""

from __future__ import annotations

import pytest

from claims.demo.loader import load_demo
from claims.models import Article, Claim
from claims.services.intake import (
    SameClaimError,
    article_suggestions,
    earlier_verdict,
    figure_checks,
    link_same_claim,
    similar_claims,
)
from tests.factories import make_article, make_claim


@pytest.fixture
def demo(session):
    result = load_demo(session)
    session.commit()
    return result.article


def _by_quote(article: Article, quote: str) -> Claim:
    return next(c for c in article.claims if c.quote == quote)


def test_every_demo_claim_is_among_the_top_15_suggestions(session, demo):
    suggestions = article_suggestions(session, demo)
    assert len(suggestions) == 15
    covered = {claim.id for s in suggestions for claim in s.existing}
    assert covered == {c.id for c in demo.claims}


def test_a_new_claim_finds_the_earlier_one_in_another_spelling_first(session, demo):
    matches = similar_claims(session, "about 10 million Uyghurs live in China")
    assert matches[0].claim.quote == "roughly 10 million Uighurs"
    sco = _by_quote(demo, "a security alliance comprised of Russia and several central Asian states")
    assert all(m.claim.id != sco.id or m.score < matches[0].score for m in matches)


def test_suggestions_list_earlier_claims_from_other_articles(session, demo):
    other = make_article(
        session, body="Officials said there are about 10 million Uyghurs in the region. It rained."
    )
    (first,) = [s for s in article_suggestions(session, other) if "Uyghurs" in s.suggestion.text]
    assert first.matches and first.matches[0].claim.quote == "roughly 10 million Uighurs"


def test_figure_checks_compare_the_claim_with_each_reference_figure(session, demo):
    claim = _by_quote(demo, "roughly 10 million Uighurs")
    checks = {c.evidence.reference_year: c.comparison for c in figure_checks(claim)}
    assert checks[2010].within and abs(checks[2010].relative_difference) < 0.01
    assert not checks[2020].within
    assert "11,774,538" in checks[2020].sentence


def test_withdrawn_evidence_is_not_compared(session, demo):
    from claims.orm import utcnow

    claim = _by_quote(demo, "roughly 10 million Uighurs")
    for evidence in claim.evidence:
        evidence.withdrawn_at = utcnow()
    assert figure_checks(claim) == []


def test_linking_the_same_claim_shows_the_earlier_verdict_and_refuses_loops(session, demo):
    earlier = _by_quote(demo, "roughly 10 million Uighurs")
    later = make_claim(
        session,
        make_article(session, body="There are about 10 million Uyghurs."),
        quote="about 10 million Uyghurs",
    )
    link_same_claim(later, earlier)
    session.flush()
    linked, verdict = earlier_verdict(later)
    assert linked is earlier and verdict.rating_level.label == "Mostly true"
    with pytest.raises(SameClaimError):
        link_same_claim(earlier, later)
    with pytest.raises(SameClaimError):
        link_same_claim(later, later)
