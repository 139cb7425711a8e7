"""Tests for claim normalisation and matching."""

from __future__ import annotations

from typing import Any

import pytest

from claims.intake.matching import ClaimIndex, find_matches
from claims.intake.normalize import normalize_claim


def test_new_claim_finds_the_demo_claim(seed_article: dict[str, Any]) -> None:
    candidates = [(f"demo-{i}", c) for i, c in enumerate(seed_article["demo_claims"])]
    candidates += [("sco", "The Shanghai Cooperation Organization has six founding members"),
                   ("twelve", "China has 12 million Uighurs")]
    matches = find_matches("about 10 million Uyghurs", candidates, threshold=0.0)
    assert matches[0].key == "demo-0"
    keys = [m.key for m in matches]
    assert "sco" not in keys[:keys.index("demo-0") + 1]
    assert any("variants unified" in r for r in matches[0].reasons)
    assert find_matches("about 10 million Uyghurs", candidates)[0].key == "demo-0"


@pytest.mark.parametrize(("a", "b"), [
    ("10 million", "10,000,000"), ("ten million", "10 million"), ("Uyghur", "Uighur"),
    ("Uigur", "Uighur"), ("Urumchi", "Urumqi"), ("Çavuşoğlu", "Cavusoglu"), ("3.5%", "3.5 percent"),
])
def test_normalize_claim_unifies_variants(a: str, b: str) -> None:
    assert normalize_claim(a) == normalize_claim(b)


def test_normalize_claim_drops_stop_words_and_keeps_figures_apart() -> None:
    assert normalize_claim("The city has 310,000 residents") == "city #310000 resident"
    assert normalize_claim("10 million") != normalize_claim("12 million")


CANDIDATES = [
    ("variant", "Dozens of Uighurs were detained by police in Urumqi"),
    ("number", "Xinjiang covers an area of 1,600,000 square kilometers"),
    ("order", "Uighur refugees detained in Thailand were offered asylum by Turkey in 2015"),
    ("other-figure", "Roughly 12 million Uighurs live in Xinjiang"),
    ("same-figure", "Roughly 10 million Uighurs live in Xinjiang"),
    ("unrelated", "The utility serves about 310,000 people"),
]


@pytest.mark.parametrize(("query", "expected"), [
    ("Police detained dozens of Uigurs in Urumchi", "variant"),
    ("Xinjiang covers 1.6 million square kilometres", "number"),
    ("In 2015 Turkey offered asylum to Uighur refugees detained in Thailand", "order"),
    ("About ten million Uyghurs live in Xinjiang", "same-figure"),
])
def test_best_match_is_the_restatement(query: str, expected: str) -> None:
    matches = find_matches(query, CANDIDATES)
    assert matches and matches[0].key == expected


def test_hard_negative_with_a_different_figure_is_below_threshold() -> None:
    matches = find_matches("Roughly 10 million Uighurs live in Xinjiang", CANDIDATES)
    assert [m.key for m in matches] == ["same-figure"]
    loose = find_matches("Roughly 10 million Uighurs live in Xinjiang", CANDIDATES, threshold=0.0)
    other = next(m for m in loose if m.key == "other-figure")
    assert any(r.startswith("different figures") for r in other.reasons)


def test_word_order_reason_and_index_reuse() -> None:
    index = ClaimIndex(CANDIDATES)
    restated = "Uighur refugees detained in Thailand were offered asylum by Turkey in 2015"
    match = index.query(restated, limit=1)[0]
    assert match.key == "order" and match.score == pytest.approx(1.0)
    swapped = index.query(
        "In 2015 Turkey offered asylum to Uighur refugees detained in Thailand")[0]
    assert "same words in a different order" in swapped.reasons
    assert index.similarity("completely unrelated words", "order") == 0.0


def test_limit_and_empty_candidates() -> None:
    assert len(find_matches("Uighurs", CANDIDATES, limit=2, threshold=0.0)) == 2
    assert find_matches("Uighurs", []) == []
