"""Tests for the evaluation metrics and floors on the packaged evaluation data."""

from __future__ import annotations

import pytest

from claims.intake.evaluation import (
    evaluate_matching,
    evaluate_suggestions,
    f1_score,
    gold_sentences,
    load_articles,
    load_pairs,
    precision_at_k,
    precision_recall_f1,
    recall_at_k,
)

# Floors a regression must not cross; the measured figures are in docs/intake.md.
SUGGESTION_RECALL_FLOOR = 0.8
SUGGESTION_PRECISION_FLOOR = 0.75
MATCHING_F1_FLOOR = 0.85


def test_precision_and_recall_at_k_on_a_hand_example() -> None:
    ranked = [True, False, True, False, False]
    assert precision_at_k(ranked, 2) == 0.5
    assert precision_at_k(ranked, 4) == 0.5
    assert recall_at_k(ranked, total_relevant=4, k=3) == 0.5
    assert recall_at_k(ranked, total_relevant=0, k=3) == 0.0
    assert precision_at_k([], 10) == 0.0


def test_precision_recall_f1_from_counts() -> None:
    assert precision_recall_f1(tp=6, fp=2, fn=4) == pytest.approx((0.75, 0.6, 2 / 3))
    assert precision_recall_f1(0, 0, 0) == (0.0, 0.0, 0.0)
    assert f1_score(1.0, 0.5) == pytest.approx(2 / 3)


def test_data_is_well_formed() -> None:
    articles = load_articles()
    assert len(articles) >= 3
    for article in articles:
        assert len(gold_sentences(article)) == len(article["checkworthy"])
    pairs = load_pairs()
    assert len(pairs) >= 60
    assert {p["kind"] for p in pairs} >= {"spelling", "number-format", "word-order", "paraphrase",
                                         "hard-negative-figure", "hard-negative-claim"}
    assert len({p["id"] for p in pairs}) == len(pairs)


def test_suggestions_stay_above_floor() -> None:
    results = evaluate_suggestions(load_articles(), k=10)
    macro_recall = sum(r.recall for r in results) / len(results)
    macro_precision = sum(r.precision for r in results) / len(results)
    assert macro_recall >= SUGGESTION_RECALL_FLOOR
    assert macro_precision >= SUGGESTION_PRECISION_FLOOR


def test_matching_stays_above_floor() -> None:
    result, scores = evaluate_matching(load_pairs())
    assert len(scores) == result.pairs
    assert result.f1 >= MATCHING_F1_FLOOR
