"""Intake against stored claims: suggestions on the seed article, matching, figures vs evidence, same-claim links."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.evaluate_intake_db import background_claims, classify, pair_scores_db, store_pool
from claims.demo.loader import load_demo
from claims.intake.evaluation import load_pairs
from claims.models import Article, Claim
from claims.services.intake import (
    SameClaimError,
    article_suggestions,
    earlier_verdict,
    figure_checks,
    link_same_claim,
    similar_claims,
)
from claims.services.intake_matching import BUDGETS, MatchBudget
from tests.factories import make_article, make_claim
from tests.intake.test_evaluation import MATCHING_F1_FLOOR


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


def test_the_article_page_never_offers_the_articles_own_claims_as_similar(session, demo):
    own = {c.id for c in demo.claims}
    listed = {m.claim.id for s in article_suggestions(session, demo) for m in s.matches}
    assert listed.isdisjoint(own)


def test_the_labelled_pairs_match_through_the_database_among_other_claims(session):
    """The evaluation's database path (bench/evaluate_intake_db.py) stays above the matching floor."""
    pairs = load_pairs()
    texts = sorted({p[side] for p in pairs for side in ("a", "b")})
    labelled, _ = store_pool(session, texts, background_claims(300))
    session.commit()
    result = classify("database retrieval", len(texts) + 300, pairs, pair_scores_db(session, pairs, labelled))
    assert result.f1 >= MATCHING_F1_FLOOR


def test_a_repeat_whose_every_word_is_common_is_found_by_two_words_together(session, monkeypatch):
    """Each word of the repeat is in more claims than a lookup reads; "soldiers" with "37" is not."""

    def others(places: list[str]) -> None:
        for n, place in enumerate(places):
            body = f"{n + 40}% of soldiers in {place} have a pension. 37% of nurses in {place} have savings."
            article = make_article(session, body=body)
            make_claim(session, article, quote=body.split(". ")[0], restated=body.split(". ")[0] + ".")
            make_claim(session, article, quote=f"37% of nurses in {place} have savings", restated=body.split(". ")[1])

    # Claims on either side: SQLite samples a common word's newest claims, PostgreSQL its first found.
    others(["Peru", "Chad", "Oman"])
    quote = "37% of soldiers in Texas have a pension"
    earlier = make_claim(session, make_article(session, body=f"He said {quote}."), quote=quote, restated=quote + ".")
    others(["Fiji", "Mali", "Iraq"])
    session.commit()
    small = MatchBudget(terms=4, paired=4, rows_per_term=3, shortlist=4, sample=1)
    monkeypatch.setitem(BUDGETS, "claim", small)
    assert similar_claims(session, "37 percent of soldiers have a pension")[0].claim.id == earlier.id
    monkeypatch.setitem(BUDGETS, "claim", replace(small, paired=0))
    assert earlier.id not in {m.claim.id for m in similar_claims(session, "37 percent of soldiers have a pension")}
