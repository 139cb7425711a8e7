"""Check-worthiness scoring from explainable features, and ranked claim suggestions."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from . import lexicon
from .quantities import find_years, parse_quantities
from .sentences import split_sentences

__all__ = [
    "DEFAULT_WEIGHTS",
    "FEATURES",
    "Reason",
    "Suggestion",
    "Worthiness",
    "extract_reasons",
    "score_sentence",
    "suggest_claims",
]

FEATURES = (
    "figure", "comparison", "date", "attribution", "entity", "superlative",
    "event", "day", "opinion", "prediction", "pledge", "question", "short",
)
# Hand-set weights on the logistic scale; callers may pass their own mapping.
DEFAULT_WEIGHTS: dict[str, float] = {
    "bias": -1.6, "figure": 1.2, "comparison": 0.7, "date": 0.6, "attribution": 0.5,
    "entity": 0.25, "superlative": 0.4, "event": 0.4, "day": 0.2, "opinion": -0.7,
    "prediction": -0.7, "pledge": -0.6, "question": -1.5, "short": -1.0,
}
# Repeated evidence of one kind helps less than the first piece.
_FEATURE_CAP = {"entity": 4, "figure": 3, "date": 2, "attribution": 2, "event": 2}


@dataclass(frozen=True)
class Reason:
    """One piece of evidence shown to the reviewer, e.g. "figure: roughly 10 million"."""

    feature: str
    label: str
    matched_text: str
    weight: float


@dataclass(frozen=True)
class Worthiness:
    """A 0..1 check-worthiness score with the reasons behind it."""

    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Suggestion:
    """A sentence suggested as a claim, with its span in the body, score and reasons."""

    text: str
    start: int
    end: int
    score: float
    reasons: tuple[Reason, ...]

    @property
    def labels(self) -> list[str]:
        """Human-readable reasons, strongest first."""
        return [r.label for r in sorted(self.reasons, key=lambda r: -abs(r.weight))]


_WEIGHTS = DEFAULT_WEIGHTS


def _phrase_re(phrases: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a whole-word alternation of phrases."""
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", flags)


_LEXICAL = {
    "comparison": _phrase_re(lexicon.COMPARISON),
    "attribution": _phrase_re(lexicon.ATTRIBUTION),
    "superlative": _phrase_re(lexicon.SUPERLATIVES),
    "event": _phrase_re(lexicon.EVENT_VERBS),
    "opinion": _phrase_re(lexicon.OPINION),
    "prediction": _phrase_re(lexicon.PREDICTION),
    "pledge": _phrase_re(lexicon.PLEDGE),
}
_NAME_PART = (
    r"(?:(?:[A-Z]\.){2,}|(?:Dr|Mr|Mrs|Ms|Gen|Prof|Sen|Gov|Rep|Lt|Col|St)\.|"
    r"[A-Z]\.(?=\s+[A-Z])|[A-Z][\w’'-]*)"
)
_CAPITAL_RE = re.compile(rf"{_NAME_PART}(?:[\s-]+(?:al-|of\s+)?{_NAME_PART})*")
_DATE_RE = re.compile(r"\b(?:" + "|".join(lexicon.WEEKDAYS_MONTHS) + r")\b")


def _entities(text: str) -> list[tuple[str, str]]:
    """Find capitalised names with a category: place, organisation, person or name."""
    found = []
    for match in _CAPITAL_RE.finditer(text):
        words = [re.sub(r"[’']s$", "", w) for w in match.group(0).split()
                 if w not in lexicon.NON_NAME_CAPITALS and w not in lexicon.WEEKDAYS_MONTHS]
        while words and words[0] == "of":
            words.pop(0)
        if not words:
            continue
        name = " ".join(words)
        starts_sentence = not text[:match.start()].strip()
        kinds = {lexicon.GAZETTEER.get(w) for w in words} - {None}
        if any(w in lexicon.TITLES for w in words):
            kinds.add("person")
        if starts_sentence and not kinds and len(words) == 1:
            continue  # a lone capital at the start says nothing about names
        kind = next(iter(sorted(kinds)), "name") if kinds else "name"
        found.append((kind, name))
    return found


def extract_reasons(text: str, weights: Mapping[str, float] | None = None) -> list[Reason]:
    """List the features present in a sentence, each as a weighted reason."""
    w = _WEIGHTS if weights is None else weights
    reasons: list[Reason] = []
    for q in parse_quantities(text):
        if q.comparison is not None:
            op = q.text[len(q.text) - len(q.text.lstrip()):]
            reasons.append(Reason("comparison", f"comparison: {q.text}", op, w["comparison"]))
        else:
            reasons.append(Reason("figure", f"figure: {q.text}", q.text, w["figure"]))
    for year, _, _ in find_years(text):
        reasons.append(Reason("date", f"date: {year}", str(year), w["date"]))
    for match in _DATE_RE.finditer(text):
        reasons.append(Reason("day", f"date: {match.group(0)}", match.group(0), w["day"]))
    covered = " ".join(r.matched_text.lower() for r in reasons)
    for feature, pattern in _LEXICAL.items():
        for match in pattern.finditer(text):
            phrase = match.group(0)
            if feature == "comparison" and phrase.lower() in covered:
                continue  # already reported as part of a figure or comparison phrase
            reasons.append(Reason(feature, f"{feature}: {phrase}", phrase, w[feature]))
    for kind, name in _entities(text):
        reasons.append(Reason("entity", f"{kind}: {name}", name, w["entity"]))
    if text.rstrip().rstrip("\"'”’)").endswith("?"):
        reasons.append(Reason("question", "question", "?", w["question"]))
    if len(text.split()) < 6:
        reasons.append(Reason("short", "too short to hold a claim", text, w["short"]))
    return reasons


def feature_counts(reasons: list[Reason]) -> dict[str, float]:
    """Count reasons per feature, capped so one kind of evidence cannot dominate."""
    counts: dict[str, float] = dict.fromkeys(FEATURES, 0.0)
    for reason in reasons:
        counts[reason.feature] += 1.0
    return {f: min(c, _FEATURE_CAP.get(f, 1)) for f, c in counts.items()}


def _logistic(z: float) -> float:
    """Squash a linear score into 0..1."""
    return 1.0 / (1.0 + math.exp(-z))


def score_sentence(text: str, weights: Mapping[str, float] | None = None) -> Worthiness:
    """Score how worth checking a sentence is, from 0 (opinion) to 1 (hard figures)."""
    w = _WEIGHTS if weights is None else weights
    reasons = extract_reasons(text, w)
    counts = feature_counts(reasons)
    z = w["bias"] + sum(w[f] * counts[f] for f in FEATURES)
    ordered = tuple(sorted(reasons, key=lambda r: -abs(r.weight)))
    return Worthiness(round(_logistic(z), 4), ordered)


def suggest_claims(body: str, limit: int | None = None) -> list[Suggestion]:
    """Rank the body's sentences by check-worthiness, best first."""
    suggestions = []
    for sentence in split_sentences(body):
        if sentence.kind == "meta":
            continue  # bylines and captions are not claims
        worth = score_sentence(sentence.text)
        suggestions.append(Suggestion(sentence.text, sentence.start, sentence.end,
                                      worth.score, worth.reasons))
    suggestions.sort(key=lambda s: (-s.score, s.start))
    return suggestions if limit is None else suggestions[:limit]
