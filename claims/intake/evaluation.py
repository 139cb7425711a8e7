"""Metrics and evaluation runs over the labelled intake data shipped with the package."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .matching import DEFAULT_THRESHOLD, ClaimIndex
from .sentences import split_sentences
from .worthiness import suggest_claims

__all__ = [
    "DATA_DIR",
    "ArticleResult",
    "MatchingResult",
    "article_body",
    "evaluate_matching",
    "evaluate_suggestions",
    "f1_score",
    "gold_sentences",
    "load_articles",
    "load_pairs",
    "precision_at_k",
    "precision_recall_f1",
    "recall_at_k",
]

DATA_DIR = Path(__file__).with_name("data")


@dataclass(frozen=True)
class ArticleResult:
    """Suggestion quality for one article at a cut-off k."""

    article_id: str
    sentences: int
    relevant: int
    precision: float
    recall: float


@dataclass(frozen=True)
class MatchingResult:
    """Pair classification quality at a threshold."""

    threshold: float
    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    precision: float
    recall: float
    f1: float


def precision_at_k(relevance: Sequence[bool], k: int) -> float:
    """Share of the top k ranked items that are relevant (over fewer if fewer are ranked)."""
    top = list(relevance[:k])
    return sum(top) / len(top) if top else 0.0


def recall_at_k(relevance: Sequence[bool], total_relevant: int, k: int) -> float:
    """Share of all relevant items that appear in the top k."""
    return sum(relevance[:k]) / total_relevant if total_relevant else 0.0


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def precision_recall_f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from confusion counts."""
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, f1_score(precision, recall)


def _load(name: str) -> Any:
    """Read one JSON data file from the package."""
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_articles() -> list[dict[str, Any]]:
    """Labelled articles: paragraphs plus quotes marking the check-worthy sentences."""
    return list(_load("articles.json")["articles"])


def load_pairs() -> list[dict[str, Any]]:
    """Labelled claim pairs with a same/different verdict and a kind."""
    return list(_load("claim_pairs.json")["pairs"])


def article_body(article: dict[str, Any]) -> str:
    """Join paragraphs with a blank line, as the article workspace stores bodies."""
    return "\n\n".join(article["paragraphs"])


def gold_sentences(article: dict[str, Any]) -> set[tuple[int, int]]:
    """Spans of sentences that contain a check-worthy quote (each quote in exactly one)."""
    sentences = split_sentences(article_body(article))
    spans = set()
    for quote in article["checkworthy"]:
        hits = [(s.start, s.end) for s in sentences if quote in s.text]
        if len(hits) != 1:
            raise ValueError(f"quote must fall in exactly one sentence: {quote!r}")
        spans.add(hits[0])
    return spans


def evaluate_suggestions(articles: list[dict[str, Any]], k: int = 10) -> list[ArticleResult]:
    """Precision and recall of the top-k suggestions for each article."""
    results = []
    for article in articles:
        gold = gold_sentences(article)
        ranked = suggest_claims(article_body(article))
        relevance = [(s.start, s.end) in gold for s in ranked]
        results.append(ArticleResult(article["id"], len(ranked), len(gold),
                                     precision_at_k(relevance, k),
                                     recall_at_k(relevance, len(gold), k)))
    return results


def evaluate_matching(pairs: list[dict[str, Any]],
                      threshold: float = DEFAULT_THRESHOLD) -> tuple[MatchingResult, list[float]]:
    """Classify pairs as same claim when the score reaches threshold.

    Every pair is scored inside an index of all the claims in the set, so IDF
    weights come from a realistic pool rather than from two texts alone.
    """
    pool = sorted({text for pair in pairs for text in (pair["a"], pair["b"])})
    index: ClaimIndex[str] = ClaimIndex((text, text) for text in pool)
    scores = [index.similarity(pair["a"], pair["b"]) for pair in pairs]
    tp = sum(s >= threshold and p["same"] for s, p in zip(scores, pairs, strict=True))
    fp = sum(s >= threshold and not p["same"] for s, p in zip(scores, pairs, strict=True))
    fn = sum(s < threshold and p["same"] for s, p in zip(scores, pairs, strict=True))
    precision, recall, f1 = precision_recall_f1(tp, fp, fn)
    return MatchingResult(threshold, len(pairs), tp, fp, fn, precision, recall, f1), scores
