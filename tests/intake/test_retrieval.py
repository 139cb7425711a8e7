"""Tests for the terms looked up in a full-text index, the shortlist, and document frequencies from a sample."""

from __future__ import annotations

import pytest

from claims.intake.matching import ClaimIndex
from claims.intake.retrieval import lookup_terms, shortlist


def test_lookup_terms_bring_every_spelling_the_matcher_unifies() -> None:
    terms = lookup_terms("Roughly 10 million Uyghurs live in Xinjiang", limit=10)
    uighur = next(t for t in terms if "uyghurs" in t)
    assert {"uighur", "uyghur", "uigur"} <= set(uighur)
    assert ("10 million",) in terms  # figures as written: the database tokenises them as it did the text
    assert not any("roughly" in t or "in" in t for t in terms)  # hedges and stop words find everything


def test_lookup_terms_keep_the_longest_words_within_the_limit() -> None:
    assert lookup_terms("Officials in Xinjiang detained activists", limit=2) == [("officials",), ("activists",)]
    assert lookup_terms("", limit=5) == []
    assert lookup_terms("hundreds of them", limit=5) == []  # vague amounts are in far too many claims


def test_shortlist_prefers_claims_sharing_rarer_and_more_terms() -> None:
    common = [1, 2, 3, 4]  # a term read up to the cap of four: common, a sample only
    rare = [5]  # read in full: one claim holds it
    both = [2, 6]
    assert shortlist([common, rare, both], per_term=4, size=3) == [2, 5, 6]  # 2 shares two terms
    assert shortlist([common], per_term=4, size=3) == [4, 3, 2]  # ties: the newest first
    assert shortlist([[], []], per_term=4, size=3) == []


CLAIMS = [
    (1, "Roughly 10 million Uighurs live in Xinjiang"),
    (2, "About 10 million Uyghurs live in Xinjiang"),
    (3, "Xinjiang is about the size of Iran"),
    (4, "Unemployment in Kenya fell to 12 percent in 2019"),
    (5, "Kenya exported 3 billion dollars of tea"),
    (6, "Uighurs in Xinjiang face restrictions"),
]


def test_an_index_over_a_few_candidates_scores_as_the_whole_collection_when_given_its_frequencies() -> None:
    whole = ClaimIndex(CLAIMS)
    few = ClaimIndex([c for c in CLAIMS if c[0] in (2, 6)], frequencies=[text for _, text in CLAIMS])
    for key in (2, 6):
        assert few.similarity(CLAIMS[0][1], key) == pytest.approx(whole.similarity(CLAIMS[0][1], key))
    # Counted among the candidates alone, the words they were all found by weigh less.
    alone = ClaimIndex([c for c in CLAIMS if c[0] in (2, 6)])
    assert alone.similarity(CLAIMS[0][1], 6) != pytest.approx(whole.similarity(CLAIMS[0][1], 6))
