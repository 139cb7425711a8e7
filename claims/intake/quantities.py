"""Parsing of figures, vague amounts, years and size comparisons in news sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import NUMBER_PATTERN, SCALES, STOP_WORDS, parse_number, word_set

__all__ = ["ComparisonPhrase", "Quantity", "find_years", "parse_quantities"]


@dataclass(frozen=True)
class ComparisonPhrase:
    """A size comparison such as "a land area comparable to Iran"."""

    kind: str  # "comparable", "larger", "smaller" or "multiple"
    subject: str | None
    reference: str


@dataclass(frozen=True)
class Quantity:
    """A figure, range or comparison found in text, with its span."""

    text: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    unit_or_population: str | None
    hedge: str | None
    reference_date: int | None
    comparison: ComparisonPhrase | None = None


# Vague amounts map to the range of values they can honestly describe.
_VAGUE = {
    "hundreds of millions": (1e8, 999_999_999), "tens of millions": (1e7, 99_999_999),
    "hundreds of thousands": (1e5, 999_999), "tens of thousands": (1e4, 99_999),
    "dozens": (24, 99), "scores": (40, 99), "hundreds": (100, 999),
    "thousands": (1_000, 9_999), "millions": (1e6, 999_999_999),
    "billions": (1e9, 999_999_999_999), "a dozen": (12, 12),
    "several hundred": (300, 999), "several thousand": (3_000, 9_999),
    "several million": (3e6, 9_999_999),
}
_VAGUE_RE = "|".join(sorted(_VAGUE, key=len, reverse=True)).replace(" ", r"\s+")
_CURRENCY = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY"}
_HEDGES = (
    "an estimated", "as many as", "more than", "fewer than", "less than", "at least",
    "at most", "close to", "up to", "roughly", "about", "around", "approximately",
    "nearly", "almost", "some", "over", "under", "estimated",
)
_HEDGE_RE = re.compile(
    r"\b(" + "|".join(h.replace(" ", r"\s+") for h in _HEDGES) + r")\s+$", re.IGNORECASE
)
_AMOUNT_RE = re.compile(
    rf"(?<![\w:-])(?P<cur>US\$|\$|€|£|¥)?\s?(?:(?P<vague>\b(?:{_VAGUE_RE})\b)|(?P<num>{NUMBER_PATTERN}))"
    rf"(?:\s*(?:-|–|to)\s*(?P<num2>{NUMBER_PATTERN}))?",
    re.IGNORECASE,
)
_UNITS = (
    (r"%|per\s?cent\b|percent\b", "percent"),
    (r"percentage\s+points?\b", "percentage points"),
    (r"(?:square|sq\.?)\s*(?:kilometres|kilometers|km)\b|km2\b|km²", "km2"),
    (r"(?:square|sq\.?)\s*(?:miles|mi)\b", "sq mi"),
    (r"(?:kilometres|kilometers|km)\b", "km"),
    (r"miles\b", "miles"), (r"(?:tonnes|tons)\b", "tonnes"), (r"hectares\b", "hectares"),
    (r"(?:dollars|usd)\b", "USD"), (r"(?:euros|eur)\b", "EUR"), (r"yuan\b", "CNY"),
    (r"(?:years|months|weeks|days|hours)\b", None),
)
_UNIT_RES = [(re.compile(r"\s*(?:" + pat + ")", re.IGNORECASE), unit) for pat, unit in _UNITS]
_POP_RE = re.compile(r"\s+(of\s+(?:the\s+)?)?([A-Za-z][\w'’-]*)(?:\s+([A-Za-z][\w'’-]*))?")
_NOT_POPULATION = word_set(
    "rose fell died killed left went came were was have has had are is will would "
    "million billion thousand"
)
_YEAR_RE = re.compile(r"(?<![\w.,$€£])(1[89]\d\d|20\d\d)(?![\w%]|\s*(?:%|percent\b|per\s?cent))")
_MONTH_BEFORE_RE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.IGNORECASE
)
_COMPARE_RE = re.compile(
    r"(?P<op>comparable\s+to|similar\s+to|(?:roughly\s+|about\s+)?the\s+size\s+of|"
    r"equivalent\s+to|as\s+large\s+as|as\s+big\s+as|larger\s+than|bigger\s+than|"
    r"greater\s+than|smaller\s+than|(?:twice|three\s+times)\s+the\s+size\s+of)\s+"
    r"(?P<ref>(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*)"
)
_SCALE_RE = re.compile(r"\b(?:thousand|million|billion|trillion|mn|bn)\b", re.IGNORECASE)
_DEFINITE_BEFORE_RE = re.compile(r"\b(?:the|these|those|both|its|their|our|all)\s+$", re.IGNORECASE)
_FRACTIONS = {
    "half": 50.0, "a half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3,
    "two thirds": 200 / 3, "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0,
    "a fifth": 20.0, "one fifth": 20.0,
}
_FRACTION_RE = re.compile(
    r"\b(?:(?P<num>one|two|three|four|\d+)\s+(?:in|out\s+of)\s+(?P<den>two|three|four|five|six|"
    r"seven|eight|nine|ten|\d+)\b|(?P<frac>(?:a|one|two|three)[\s-](?:half|thirds?|quarters?|"
    r"fifths?)|half)(?=\s+(?:of|the)\b))",
    re.IGNORECASE,
)
_SUBJECT_STOP = word_set("a an the its their with of and in to")


def find_years(text: str) -> list[tuple[int, int, int]]:
    """Return (year, start, end) for years standing alone, not as counts."""
    years = []
    for match in _YEAR_RE.finditer(text):
        rest = text[match.end():match.end() + 12].lower()
        if re.match(r"\s*(?:million|billion|thousand|people|km)", rest):
            continue
        years.append((int(match.group(1)), match.start(), match.end()))
    return years


def _population(text: str, pos: int) -> tuple[str | None, int]:
    """Take the counted noun after a figure ("10 million Uighurs", "founding members")."""
    match = _POP_RE.match(text, pos)
    if not match:
        return None, pos
    first, second = match.group(2), match.group(3)
    if first.lower() in STOP_WORDS or first.lower() in _NOT_POPULATION:
        return None, pos
    if second and not first.lower().endswith("s") and second.lower().endswith("s") \
            and second.lower() not in STOP_WORDS and not second.lower().endswith("ss"):
        return f"{first} {second}", match.end(3)
    return first, match.end(2)


def _comparisons(text: str) -> list[Quantity]:
    """Find number-free size comparisons ("a land area comparable to Iran")."""
    found = []
    for match in _COMPARE_RE.finditer(text):
        op = " ".join(match.group("op").lower().split())
        kind = ("larger" if op.startswith(("larger", "bigger", "greater")) else
                "smaller" if op.startswith("smaller") else
                "multiple" if op.startswith(("twice", "three")) else "comparable")
        words = list(re.finditer(r"[\w'’-]+", text[:match.start()]))[-4:]
        subject_words: list[re.Match[str]] = []
        for word in reversed(words):
            if word.group(0).lower() in _SUBJECT_STOP or len(subject_words) == 2:
                break
            subject_words.insert(0, word)
        start = subject_words[0].start() if subject_words else match.start()
        before = re.search(r"\b(?:a|an|the)\s+$", text[:start], re.IGNORECASE)
        start = before.start() if before else start
        subject = " ".join(w.group(0) for w in subject_words) or None
        reference = " ".join(match.group("ref").split())
        span = text[start:match.end()]
        found.append(Quantity(span, start, match.end(), None, None, None, None, None, None,
                              ComparisonPhrase(kind, subject, reference)))
    return found


def _fractions(text: str, years: list[tuple[int, int, int]]) -> list[Quantity]:
    """Find shares written as words ("one in five", "roughly a third of"), as percent."""
    found = []
    for match in _FRACTION_RE.finditer(text):
        if match.group("num"):
            num, den = parse_number(match.group("num")), parse_number(match.group("den"))
            value = 100 * num / den if num is not None and den else None
        else:
            value = _FRACTIONS.get(" ".join(match.group("frac").lower().replace("-", " ").split()))
        if value is None:
            continue
        start = match.start()
        hedge_match = _HEDGE_RE.search(text[:start])
        hedge = " ".join(hedge_match.group(1).lower().split()) if hedge_match else None
        start = hedge_match.start() if hedge_match else start
        value = round(value, 2)
        found.append(Quantity(text[start:match.end()], start, match.end(), value, value, value,
                              "percent", hedge, _nearest_year(years, text, start, match.end())))
    return found


def _nearest_year(years: list[tuple[int, int, int]], text: str, start: int, end: int) -> int | None:
    """Pick the year closest to a figure within the same sentence."""
    lo = max(text.rfind(p, 0, start) for p in (". ", "? ", "! ", "\n")) + 1
    hi_candidates = [i for i in (text.find(p, end) for p in (". ", "? ", "! ", "\n")) if i != -1]
    hi = min(hi_candidates) if hi_candidates else len(text)
    near = [(min(abs(s - end), abs(start - e)), y) for y, s, e in years if lo <= s and e <= hi]
    return min(near)[1] if near else None


def parse_quantities(text: str) -> list[Quantity]:
    """Find figures, ranges, vague amounts and comparisons; years become reference dates."""
    years = find_years(text)
    year_spans = {(s, e) for _, s, e in years}
    found = _fractions(text, years)
    taken = [(q.start, q.end) for q in found]
    for match in _AMOUNT_RE.finditer(text):
        start, end = match.start(), match.end()
        if any(lo <= start < hi for lo, hi in taken):
            continue
        while text[start].isspace():
            start += 1
        num_is_year = (match.start("num"), match.end("num")) in year_spans
        num2_is_year = (match.start("num2"), match.end("num2")) in year_spans
        if match.group("num") and num_is_year and not match.group("cur") \
                and (not match.group("num2") or num2_is_year):
            continue  # years ("in 2009", "2014-2015") are reference dates, not counts
        raw = match.group("num") or ""
        if raw and (_MONTH_BEFORE_RE.search(text[:match.start("num")])
                    or text[match.end():match.end() + 1] == ":"
                    or raw.strip().lower() == "one"
                    or (raw[0].isalpha()
                        and _DEFINITE_BEFORE_RE.search(text[:match.start("num")]))):
            continue  # dates, clock times, the pronoun "one" and "the two governments"
        unit = _CURRENCY.get((match.group("cur") or "").lower())
        for unit_re, name in _UNIT_RES:
            unit_match = unit_re.match(text, end)
            if unit_match:
                unit, end = name or unit_match.group(0).strip().lower(), unit_match.end()
                break
        else:
            if unit is None:
                unit, end = _population(text, end)
        if match.group("vague"):
            low, high = _VAGUE[" ".join(match.group("vague").lower().split())]
            value = float(low) if low == high else None
        else:
            value = parse_number(raw)
            second = parse_number(match.group("num2")) if match.group("num2") else None
            if second is not None and value is not None:
                scale = _SCALE_RE.search(match.group("num2"))
                if scale and not _SCALE_RE.search(raw):
                    value *= SCALES[scale.group(0).lower()]  # "10 to 12 million"
                low, high, value = value, second, None
            else:
                low = high = value
        hedge_match = _HEDGE_RE.search(text[:start])
        hedge = None
        if hedge_match:
            hedge = " ".join(hedge_match.group(1).lower().split())
            start = hedge_match.start()
        found.append(Quantity(
            text[start:end], start, end, value,
            float(low) if low is not None else None,
            float(high) if high is not None else None,
            unit, hedge, _nearest_year(years, text, start, end),
        ))
    found.extend(_comparisons(text))
    return sorted(found, key=lambda q: q.start)
