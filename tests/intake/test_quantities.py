"""Tests for quantity parsing and comparison with reference figures."""

from __future__ import annotations

import math

import pytest

from claims.intake.compare import compare
from claims.intake.quantities import ComparisonPhrase, Quantity, parse_quantities


def only(text: str) -> Quantity:
    """The single quantity in text."""
    found = parse_quantities(text)
    assert len(found) == 1, found
    return found[0]


def test_hedged_population() -> None:
    q = only("oppressing its roughly 10 million Uighurs with severe restrictions")
    assert (q.value, q.low, q.high) == (10_000_000, 10_000_000, 10_000_000)
    assert q.unit_or_population == "Uighurs"
    assert q.hedge == "roughly"
    assert q.text == "roughly 10 million Uighurs"
    assert q.reference_date is None


@pytest.mark.parametrize(
    "text", ["10,000,000 Uighurs", "10 million Uighurs", "ten million Uighurs"])
def test_number_formats_give_the_same_value(text: str) -> None:
    q = only(text)
    assert q.value == 10_000_000
    assert q.unit_or_population == "Uighurs"
    assert q.hedge is None


@pytest.mark.parametrize(("text", "low", "high", "population"), [
    ("Hundreds have died in Xinjiang", 100, 999, None),
    ("Thousands of Uighurs have fled China", 1_000, 9_999, "Uighurs"),
    ("Dozens of people were detained", 24, 99, "people"),
    ("tens of thousands of protesters", 10_000, 99_999, "protesters"),
])
def test_vague_amounts_are_ranges(text: str, low: int, high: int, population: str | None) -> None:
    q = only(text)
    assert q.value is None
    assert (q.low, q.high) == (low, high)
    assert q.unit_or_population == population


def test_percent() -> None:
    q = only("Turnout was 3.5% lower.")
    assert (q.value, q.unit_or_population, q.text) == (3.5, "percent", "3.5%")


def test_area_unit() -> None:
    q = only("an area of 1.6 million square kilometres")
    assert q.value == 1_600_000
    assert q.unit_or_population == "km2"
    assert q.text == "1.6 million square kilometres"


def test_year_is_a_reference_date_not_a_quantity() -> None:
    assert parse_quantities("in 2009 accused Beijing of committing genocide") == []
    q = only("In 2010 the census counted 10,069,346 Uighurs.")
    assert q.value == 10_069_346
    assert q.reference_date == 2010


def test_comparison_without_a_figure() -> None:
    q = only("keeps the region, with a land area comparable to Iran, under lockdown")
    expected = ComparisonPhrase(kind="comparable", subject="land area", reference="Iran")
    assert q.comparison == expected
    assert q.value is None
    assert q.text == "a land area comparable to Iran"


def test_hedges_ranges_and_fractions() -> None:
    assert only("more than 2,000 people").hedge == "more than"
    assert only("at least 40 homes").hedge == "at least"
    assert only("nearly 9 million").hedge == "nearly"
    r = only("between 10 to 12 million people")
    assert (r.value, r.low, r.high) == (None, 10_000_000, 12_000_000)
    f = only("fewer than one in five took it up")
    assert (f.value, f.unit_or_population, f.hedge) == (20.0, "percent", "fewer than")


def test_not_quantities() -> None:
    assert parse_quantities("The two governments clashed.") == []
    assert parse_quantities("The meeting began at 10:30 on March 3.") == []
    assert parse_quantities("COVID-19 spread.") == []


def test_compare_within_hedge() -> None:
    result = compare(only("about 10 million Uyghurs"), 10_069_346, 2010)
    assert result.within
    assert result.relative_difference == pytest.approx(-0.00689, abs=1e-4)
    assert result.sentence == ("The claim says about 10,000,000; the reference figure is "
                               "10,069,346 (2010): 0.7% off, within the claim's hedge.")


def test_compare_outside_hedge_and_strict_bounds() -> None:
    assert not compare(only("roughly 10 million Uighurs"), 12_000_000).within
    assert not compare(only("more than 2,000 people"), 2_000).within
    assert compare(only("more than 2,000 people"), 2_001).within
    assert compare(only("at least 2,000 people"), 2_000).within
    assert compare(only("nearly 10 million"), 9_600_000).within
    assert not compare(only("nearly 10 million"), 10_200_000).within
    upper = compare(only("more than 2,000 people"), 5_000)
    assert math.isinf(upper.allowed_high)


def test_compare_ranges() -> None:
    hundreds = only("Hundreds have died")
    assert compare(hundreds, 250).within
    outside = compare(hundreds, 1_500)
    assert not outside.within
    assert "outside what the claim allows (100 to 999)" in outside.sentence


def test_compare_rejects_figureless_claims() -> None:
    with pytest.raises(ValueError):
        compare(only("a land area comparable to Iran"), 1_648_195)
