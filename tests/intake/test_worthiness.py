"""Tests for check-worthiness scores and claim suggestions."""

from __future__ import annotations

from typing import Any

from claims.intake.worthiness import score_sentence, suggest_claims


def test_every_demo_claim_is_in_the_top_15(seed_article: dict[str, Any], seed_body: str) -> None:
    top = suggest_claims(seed_body, limit=15)
    assert len(top) == 15
    for claim in seed_article["demo_claims"]:
        assert any(claim in s.text for s in top), claim


def test_suggestions_are_ranked_and_spans_are_exact(seed_body: str) -> None:
    suggestions = suggest_claims(seed_body)
    assert [s.score for s in suggestions] == sorted((s.score for s in suggestions), reverse=True)
    for s in suggestions:
        assert seed_body[s.start:s.end] == s.text
    assert len(suggest_claims(seed_body, limit=3)) == 3


def test_reasons_are_readable() -> None:
    text = ("Human rights groups have long accused China of oppressing its roughly "
            "10 million Uighurs, in a region with a land area comparable to Iran.")
    labels = [r.label for r in score_sentence(text).reasons]
    assert "figure: roughly 10 million Uighurs" in labels
    assert "comparison: a land area comparable to Iran" in labels
    assert "attribution: accused" in labels
    assert "place: China" in labels


def test_factual_sentence_outscores_opinion_prediction_pledge_and_question() -> None:
    fact = score_sentence("The utility serves about 310,000 people, the board said in 2023.")
    for weaker in ("Residents should not panic and believe the board.",
                   "He will present a plan next month.",
                   "The mayor vowed to seek more funding.",
                   "Is the city moving fast enough?"):
        worth = score_sentence(weaker)
        assert worth.score < fact.score, weaker
        assert 0.0 <= worth.score < 0.35
    assert fact.score > 0.6


def test_negative_features_are_reported() -> None:
    reasons = score_sentence("The alliance is seen as a counterweight and will grow?").reasons
    features = {r.feature for r in reasons}
    assert {"opinion", "prediction", "question"} <= features
    assert all(r.weight < 0 for r in reasons if r.feature in {"opinion", "prediction", "question"})


def test_bylines_are_not_suggested() -> None:
    body = "Story: Gerry Shih\n\nThe board replaced 3,200 lead lines in 2024."
    expected = ["The board replaced 3,200 lead lines in 2024."]
    assert [s.text for s in suggest_claims(body)] == expected
