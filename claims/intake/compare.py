"""Comparison of a claimed quantity against a reference figure, honouring its hedge."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .quantities import Quantity

__all__ = ["HEDGE_TOLERANCE", "ROUNDING_TOLERANCE", "Comparison", "compare"]

# "About 10 million" is fair for anything within 10% of ten million.
HEDGE_TOLERANCE = 0.10
# An unhedged round figure ("10 million") still allows for rounding.
ROUNDING_TOLERANCE = 0.02

_APPROXIMATE = frozenset(
    {"roughly", "about", "around", "approximately", "some", "an estimated",
     "estimated", "close to"}
)
_BELOW_ONLY = frozenset({"nearly", "almost"})
_ABOVE_STRICT = frozenset({"more than", "over"})
_ABOVE = frozenset({"at least"})
_BELOW_STRICT = frozenset({"less than", "fewer than", "under"})
_BELOW = frozenset({"up to", "at most", "as many as"})
_MEASURE_UNITS = frozenset({"percent", "percentage points", "km2", "sq mi", "km", "miles"})


@dataclass(frozen=True)
class Comparison:
    """How a claimed figure relates to a reference figure."""

    claimed_low: float
    claimed_high: float
    allowed_low: float  # -inf when the hedge sets no lower bound
    allowed_high: float  # inf when the hedge sets no upper bound
    reference_value: float
    reference_date: int | None
    relative_difference: float  # (claimed - reference) / reference; 0 inside a range
    within: bool
    sentence: str


def _fmt(value: float) -> str:
    """Format a figure for reviewers: thousands separators, no spurious decimals."""
    if math.isinf(value):
        return "unbounded"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _allowed(claim: Quantity, low: float, high: float) -> tuple[float, float, bool, bool]:
    """Return the allowed interval and whether each end is inclusive."""
    hedge = claim.hedge
    if hedge in _APPROXIMATE:
        return low * (1 - HEDGE_TOLERANCE), high * (1 + HEDGE_TOLERANCE), True, True
    if hedge in _BELOW_ONLY:
        return low * (1 - HEDGE_TOLERANCE), high, True, True
    if hedge in _ABOVE_STRICT:
        return low, math.inf, False, True
    if hedge in _ABOVE:
        return low, math.inf, True, True
    if hedge in _BELOW_STRICT:
        return -math.inf, high, True, False
    if hedge in _BELOW:
        return -math.inf, high, True, True
    if low == high:
        return low * (1 - ROUNDING_TOLERANCE), high * (1 + ROUNDING_TOLERANCE), True, True
    return low, high, True, True


def compare(
    claim: Quantity, reference_value: float, reference_date: int | None = None
) -> Comparison:
    """Compare a claimed quantity with a reference figure and describe the result."""
    bounds = [b for b in (claim.value, claim.low, claim.high) if b is not None]
    if not bounds:
        raise ValueError(f"claim has no figure to compare: {claim.text!r}")
    if claim.value is not None:
        low = high = claim.value
    else:
        low, high = min(bounds), max(bounds)
    allowed_low, allowed_high, low_incl, high_incl = _allowed(claim, low, high)
    lo_ok = reference_value >= allowed_low if low_incl else reference_value > allowed_low
    hi_ok = reference_value <= allowed_high if high_incl else reference_value < allowed_high
    within = lo_ok and hi_ok

    nearest = min(max(reference_value, low), high)
    if reference_value == 0:
        relative = 0.0 if nearest == 0 else math.inf
    else:
        relative = (nearest - reference_value) / abs(reference_value)

    unit = f" {claim.unit_or_population}" if claim.unit_or_population in _MEASURE_UNITS else ""
    stated = _fmt(low) if low == high else f"{_fmt(low)} to {_fmt(high)}"
    claimed = f"{claim.hedge} {stated}" if claim.hedge else stated
    date = f" ({reference_date})" if reference_date is not None else ""
    inside_range = low != high and low <= reference_value <= high
    distance = "" if inside_range else f"{abs(relative) * 100:.1f}% off, "
    if within:
        verdict = "within the claim's hedge" if claim.hedge else (
            "within the claimed range" if low != high else "within rounding")
    else:
        bounds = f"{_fmt(allowed_low)} to {_fmt(allowed_high)}"
        if math.isinf(allowed_high):
            bounds = f"{'at least' if low_incl else 'more than'} {_fmt(allowed_low)}"
        elif math.isinf(allowed_low):
            bounds = f"{'at most' if high_incl else 'less than'} {_fmt(allowed_high)}"
        verdict = f"outside what the claim allows ({bounds})"
    sentence = (
        f"The claim says {claimed}{unit}; the reference figure is "
        f"{_fmt(reference_value)}{unit}{date}: {distance}{verdict}."
    )
    return Comparison(low, high, allowed_low, allowed_high, reference_value, reference_date,
                      relative, within, sentence)
