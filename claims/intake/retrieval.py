"""Looking candidates up in a full-text index before ranking them with `ClaimIndex`.

`ClaimIndex` scores a claim against every candidate it holds, so it cannot hold a whole archive
per request. A full-text index finds the claims sharing a word with the query cheaply; these
helpers say which words to look up and which of the claims found deserve the finer ranking.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

from .normalize import _VARIANTS, token_pairs

__all__ = ["Lookup", "Term", "lookup_terms", "lookups", "shortlist"]

Term = tuple[str, ...]  # spellings, any of which counts
Lookup = tuple[Term, ...]  # terms, all of which a claim must hold

def _spellings() -> dict[str, frozenset[str]]:
    """Every spelling the normaliser folds into each token.

    A query for "Uighurs" must also find the claims that wrote "Uyghurs", whose index entries
    the database's own stemmer never unifies.
    """
    found: dict[str, set[str]] = defaultdict(set)
    for raw, token in _VARIANTS.items():
        found[token].update((raw, token))
    return {token: frozenset(spellings) for token, spellings in found.items()}


_SPELLINGS = _spellings()


def lookup_terms(text: str, limit: int) -> list[Term]:
    """Return up to `limit` terms of `text` to look up, each as the spellings that count as it.

    A term is a content word (stop words and hedges are left out) or a figure as written
    ("10 million", "11,774,538"): the database tokenises and stems each spelling as it did the
    stored text. Longer words come first: without document frequencies at hand, length is the
    cheapest guess at which words are rare enough to find the same claim.
    """
    terms: dict[str, tuple[str, tuple[str, ...]]] = {}
    for surface, token in token_pairs(text):
        if token in terms or token.startswith("~") or (token.startswith("#") and not token[1:2].isdigit()):
            continue  # hedges and vague amounts ("hundreds") are in far too many claims
        spellings = {surface} | (_SPELLINGS.get(token, frozenset()) if not token.startswith("#") else set())
        terms[token] = (surface, tuple(sorted(s for s in spellings if any(c.isalnum() for c in s))))
    ranked = sorted(terms.values(), key=lambda term: -len(term[0]))
    return [spellings for _, spellings in ranked[:limit]]


def lookups(text: str, terms: int, paired: int) -> list[Lookup]:
    """Each of the first `terms` terms alone, then each pair of the first `paired` together.

    In a large archive every word of a claim such as "37% of soldiers have a pension" is in
    thousands of others, so no single term finds the earlier claim among a bounded number of
    rows; two of them together ("soldiers" and "37") are in a handful.
    """
    found = lookup_terms(text, terms)
    return [(term,) for term in found] + list(combinations(found[:paired], 2))


def shortlist(postings: Sequence[Sequence[int]], per_term: int, size: int) -> list[int]:
    """Keep the `size` keys that share the most, and the rarest, terms with the query.

    `postings[t]` holds the keys found for lookup t, at most `per_term` of them: a lookup with
    fewer was read in full and is rarer, so it counts for more. Ties go to the larger (newer) key.
    """
    weights: dict[int, float] = defaultdict(float)
    for keys in postings:
        if keys:
            weight = math.log(1 + per_term / len(keys))
            for key in set(keys):
                weights[key] += weight
    return sorted(weights, key=lambda key: (-weights[key], -key))[:size]
