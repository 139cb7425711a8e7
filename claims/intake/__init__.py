"""Intake: sentence splitting, check-worthiness, quantities and claim matching for articles."""

from __future__ import annotations

from .compare import Comparison, compare
from .matching import DEFAULT_THRESHOLD, ClaimIndex, Match, find_matches
from .normalize import normalize_claim
from .quantities import ComparisonPhrase, Quantity, parse_quantities
from .sentences import Sentence, split_sentences
from .worthiness import Reason, Suggestion, Worthiness, score_sentence, suggest_claims

__all__ = [
    "DEFAULT_THRESHOLD",
    "ClaimIndex",
    "Comparison",
    "ComparisonPhrase",
    "Match",
    "Quantity",
    "Reason",
    "Sentence",
    "Suggestion",
    "Worthiness",
    "compare",
    "find_matches",
    "normalize_claim",
    "parse_quantities",
    "score_sentence",
    "split_sentences",
    "suggest_claims",
]
