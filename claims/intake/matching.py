"""Ranking of existing claims that say the same thing as a new one."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

from .normalize import token_pairs

__all__ = ["DEFAULT_THRESHOLD", "ClaimIndex", "Frequencies", "Match", "find_matches"]

K = TypeVar("K", bound=Hashable)

# Chosen on the labelled claim pairs (see docs/intake.md); scores are 0..1.
DEFAULT_THRESHOLD = 0.5
_WORD_SHARE = 0.6  # the rest of the similarity comes from character n-grams
_NUMBER_BOOST = 2.0  # figures carry more of a claim's meaning than other words
_HEDGE_WEIGHT = 0.3  # "roughly" versus "about" should barely matter
_NO_SHARED_FIGURE = 0.5  # "10 million" versus "12 million" is a different claim
_ONE_SIDED_FIGURE = 0.85  # one side adds a figure (often a year) the other lacks


@dataclass(frozen=True)
class Match(Generic[K]):
    """A candidate claim with its similarity to the query and why it matched."""

    key: K
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Features:
    """Pre-computed matching features of one claim text."""

    pairs: tuple[tuple[str, str], ...]
    words: dict[str, float]
    grams: dict[str, int]
    numbers: frozenset[str]


@lru_cache(maxsize=32768)
def _features(text: str) -> _Features:
    """Tokenise a claim once; candidates recur across calls, so results are cached."""
    pairs = tuple(token_pairs(text))
    words: dict[str, float] = defaultdict(float)
    for _, token in pairs:
        words[token] += (_NUMBER_BOOST if token.startswith("#") else
                         _HEDGE_WEIGHT if token.startswith("~") else 1.0)
    plain = " " + " ".join(t for _, t in pairs if t[0] not in "#~") + " "
    grams = Counter(plain[i:i + n] for n in (3, 4, 5) for i in range(len(plain) - n + 1))
    numbers = frozenset(t for _, t in pairs if t.startswith("#"))
    return _Features(pairs, dict(words), dict(grams), numbers)


def _idf(df: int, n: int) -> float:
    """Smoothed inverse document frequency."""
    return math.log((n + 1) / (df + 1)) + 1.0


@dataclass(frozen=True)
class Frequencies:
    """Inverse document frequencies of words and n-grams, counted once over a collection.

    Counting them over a sample takes longer than ranking a shortlist with them, so a caller
    that ranks against the same sample again keeps this object rather than the texts.
    """

    words: dict[str, float]
    grams: dict[str, float]
    default: float  # a feature the collection does not hold

    @classmethod
    def of_texts(cls, texts: Iterable[str]) -> Frequencies:
        """Frequencies over a collection of claim texts."""
        return cls.of_features([_features(text) for text in texts])

    @classmethod
    def of_features(cls, feats: list[_Features]) -> Frequencies:
        """Frequencies over claims already tokenised."""
        word_df: Counter[str] = Counter()
        gram_df: Counter[str] = Counter()
        for feat in feats:
            word_df.update(feat.words.keys())
            gram_df.update(feat.grams.keys())
        n = len(feats)
        return cls(
            {t: _idf(df, n) for t, df in word_df.items()}, {g: _idf(df, n) for g, df in gram_df.items()}, _idf(0, n)
        )


class ClaimIndex(Generic[K]):
    """An index over candidate claims for repeated queries (TF-IDF cosine on words and n-grams)."""

    def __init__(
        self, candidates: Iterable[tuple[K, str]], frequencies: Iterable[str] | Frequencies | None = None
    ) -> None:
        """Index the candidates; document frequencies come from `frequencies` when given, else from them.

        A caller holding only a few candidates picked for sharing the query's words passes a
        sample of the whole collection (its texts, or their `Frequencies`): counted among the
        candidates, those very words would look common and weigh less than they do across the
        collection.
        """
        self._keys: list[K] = []
        self._feats: list[_Features] = []
        for key, text in candidates:
            self._keys.append(key)
            self._feats.append(_features(text))
        if frequencies is None:
            frequencies = Frequencies.of_features(self._feats)
        elif not isinstance(frequencies, Frequencies):
            frequencies = Frequencies.of_texts(frequencies)
        self._default_idf = frequencies.default
        self._word_idf = frequencies.words
        self._gram_idf = frequencies.grams
        self._word_post: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._gram_post: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self._norms: list[tuple[float, float]] = []
        for i, feat in enumerate(self._feats):
            wn = self._index(feat.words, self._word_idf, self._word_post, i)
            gn = self._index(feat.grams, self._gram_idf, self._gram_post, i)
            self._norms.append((wn, gn))

    def _index(self, vec: dict[str, float] | dict[str, int], idf: dict[str, float],
               postings: dict[str, list[tuple[int, float]]], i: int) -> float:
        """Add one weighted vector to the postings and return its norm."""
        total = 0.0
        for term, tf in vec.items():
            weight = tf * idf.get(term, self._default_idf)
            postings[term].append((i, weight))
            total += weight * weight
        return math.sqrt(total)

    def _weigh(self, vec: dict[str, float] | dict[str, int],
               idf: dict[str, float]) -> tuple[dict[str, float], float]:
        """Weight a query vector with this index's IDF."""
        weighted = {t: tf * idf.get(t, self._default_idf) for t, tf in vec.items()}
        return weighted, math.sqrt(sum(w * w for w in weighted.values()))

    def _scores(self, text: str) -> dict[int, float]:
        """Score every candidate that shares at least one feature with the query."""
        query = _features(text)
        qw, qwn = self._weigh(query.words, self._word_idf)
        qg, qgn = self._weigh(query.grams, self._gram_idf)
        word_dot: dict[int, float] = defaultdict(float)
        gram_dot: dict[int, float] = defaultdict(float)
        for term, weight in qw.items():
            for i, cw in self._word_post.get(term, ()):
                word_dot[i] += weight * cw
        for gram, weight in qg.items():
            for i, cw in self._gram_post.get(gram, ()):
                gram_dot[i] += weight * cw
        scores: dict[int, float] = {}
        for i in word_dot.keys() | gram_dot.keys():
            wn, gn = self._norms[i]
            word_cos = word_dot.get(i, 0.0) / (qwn * wn) if qwn and wn else 0.0
            gram_cos = gram_dot.get(i, 0.0) / (qgn * gn) if qgn and gn else 0.0
            score = _WORD_SHARE * word_cos + (1 - _WORD_SHARE) * gram_cos
            scores[i] = score * _number_factor(query.numbers, self._feats[i].numbers)
        return scores

    def query(self, text: str, limit: int | None = 10,
              threshold: float = DEFAULT_THRESHOLD) -> list[Match[K]]:
        """Return candidates scoring at least threshold, best first, with reasons."""
        ranked = sorted(((s, i) for i, s in self._scores(text).items() if s >= threshold),
                        key=lambda pair: (-pair[0], pair[1]))
        if limit is not None:
            ranked = ranked[:limit]
        query = _features(text)
        return [Match(self._keys[i], round(min(s, 1.0), 4), _reasons(query, self._feats[i]))
                for s, i in ranked]

    def similarity(self, text: str, key: K) -> float:
        """Score the query against one candidate key (0 when nothing is shared)."""
        scores = self._scores(text)
        return max((s for i, s in scores.items() if self._keys[i] == key), default=0.0)


def _number_factor(query: frozenset[str], candidate: frozenset[str]) -> float:
    """Damp the score when the two claims state different figures."""
    if query - candidate and candidate - query:
        return _NO_SHARED_FIGURE  # a figure was replaced by another one
    return _ONE_SIDED_FIGURE if query ^ candidate else 1.0


def _reasons(query: _Features, candidate: _Features) -> tuple[str, ...]:
    """Explain a match in reviewer terms: shared figures, terms and folded spellings."""
    reasons: list[str] = []
    q_surface = {t: s for s, t in query.pairs}
    c_surface = {t: s for s, t in candidate.pairs}
    shared = [t for t in dict.fromkeys(t for _, t in query.pairs) if t in c_surface]
    if query.numbers & candidate.numbers:
        reasons.append("same figure: " + ", ".join(sorted(q_surface[t] for t in query.numbers
                                                          & candidate.numbers)))
    elif query.numbers and candidate.numbers:
        ours = ", ".join(sorted(q_surface[t] for t in query.numbers))
        theirs = ", ".join(sorted(c_surface[t] for t in candidate.numbers))
        reasons.append(f"different figures: {ours} vs {theirs}")
    words = [t for t in shared if t[0] not in "#~"]
    if words:
        reasons.append("shared terms: " + ", ".join(words[:6]))
    variants = [f"{q_surface[t]} / {c_surface[t]}" for t in shared
                if q_surface[t] != c_surface[t]]
    if variants:
        reasons.append("variants unified: " + "; ".join(variants[:4]))
    q_order = [t for _, t in query.pairs if t in c_surface]
    c_order = [t for _, t in candidate.pairs if t in q_surface]
    if len(q_order) > 2 and sorted(q_order) == sorted(c_order) and q_order != c_order:
        reasons.append("same words in a different order")
    return tuple(reasons)


def find_matches(text: str, candidates: Iterable[tuple[K, str]], limit: int | None = 10,
                 threshold: float = DEFAULT_THRESHOLD) -> list[Match[K]]:
    """Rank candidate (key, claim) pairs by how closely they restate text."""
    return ClaimIndex(candidates).query(text, limit=limit, threshold=threshold)
