"""Sentence splitting for news prose, keeping offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .normalize import word_set

__all__ = ["Sentence", "split_sentences"]

# Titles and month abbreviations almost always precede a name or a number,
# so a period after them is never treated as the end of a sentence.
_NEVER_FINAL = word_set(
    """
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt sen rep gov
    pres rev hon fr st sr jr mt ft no nos vol art fig dept univ assn bros
    jan feb mar apr jun jul aug sep sept oct nov dec approx vs v e.g i.e cf
    """
)

_LOWER_OK = frozenset({"vs", "v", "cf", "approx"})

# After a dotted acronym ("U.S.") a new sentence usually starts with one of
# these words; anything else ("U.S. President") continues the sentence.
_SENTENCE_STARTERS = word_set(
    """
    the a an he she it they we i you this that these those there his her its
    their our but and yet so in on at for if when while after before since
    however meanwhile still now then officials police critics some many
    """
)

_TERMINAL = ".!?"
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
_BYLINE_RE = re.compile(
    r"^(?:by|story|reporting|reported by|photo|photos|read|related stories|"
    r"additional reporting|editing by|written by|source|sources)\b\s*:?",
    re.IGNORECASE,
)
_BOUNDARY_RE = re.compile(r"[.!?]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


@dataclass(frozen=True)
class Sentence:
    """A sentence or standalone line with offsets such that text[start:end] matches."""

    text: str
    start: int
    end: int
    kind: str = "sentence"  # "sentence", "line" (headline-like) or "meta" (byline, caption)


def _is_abbreviation(chunk: str, next_word: str) -> bool:
    """Tell whether the period ending chunk belongs to an abbreviation or initial."""
    match = _WORD_BEFORE_RE.search(chunk)
    if not match:
        return False
    word = match.group(1)
    bare = word.rstrip(".").lower()
    if bare in _NEVER_FINAL and (word[0].isupper() or "." in bare or bare in _LOWER_OK):
        # Lower-case "no." or "art." can end a sentence; titles are capitalised.
        return True
    if len(word.rstrip(".")) == 1 and word[0].isupper():
        # A single capital is an initial ("J. R. Smith") in news copy.
        return True
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", word):
        return next_word.lower().strip(_OPENERS) not in _SENTENCE_STARTERS
    return False


def _split_block(text: str, start: int, end: int) -> list[int]:
    """Return interior boundary offsets for one block of running prose."""
    cuts: list[int] = []
    for match in _BOUNDARY_RE.finditer(text, start, end):
        cut = match.end()
        rest = text[cut:end].lstrip()
        if not rest:
            continue
        first = rest[0]
        if not (first.isupper() or first.isdigit() or first in _OPENERS):
            continue
        next_word = rest.split(None, 1)[0]
        punct = match.group(0)
        if (punct.startswith(".") and len(punct.rstrip(_CLOSERS)) == 1
                and _is_abbreviation(text[start:match.start() + 1], next_word)):
            continue
        cuts.append(cut)
    return cuts


def _line_ends_unit(line: str, next_line: str | None) -> bool:
    """Decide whether a line break closes a unit (headline, byline, paragraph end)."""
    stripped = line.rstrip()
    if not stripped:
        return True
    if next_line is None or not next_line.strip():
        return True
    if stripped.rstrip(_CLOSERS)[-1:] in _TERMINAL:
        return True
    if _BYLINE_RE.match(stripped.lstrip()):
        return True
    # A wrapped line continues when the next line starts in lower case.
    return not next_line.lstrip()[:1].islower()


def _kind(span: str) -> str:
    """Classify a unit as sentence, standalone line or metadata line."""
    if _BYLINE_RE.match(span):
        return "meta"
    if span.rstrip(_CLOSERS)[-1:] in _TERMINAL:
        return "sentence"
    return "line"


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences and standalone lines with exact character offsets."""
    lines = text.split("\n")
    blocks: list[tuple[int, int]] = []
    block_start = 0
    pos = 0
    for index, line in enumerate(lines):
        line_end = pos + len(line)
        next_line = lines[index + 1] if index + 1 < len(lines) else None
        if _line_ends_unit(line, next_line):
            blocks.append((block_start, line_end))
            block_start = line_end
        pos = line_end + 1
    if block_start < len(text):
        blocks.append((block_start, len(text)))

    sentences: list[Sentence] = []
    for b_start, b_end in blocks:
        bounds = [b_start, *_split_block(text, b_start, b_end), b_end]
        for lo, hi in pairwise(bounds):
            while lo < hi and text[lo].isspace():
                lo += 1
            while hi > lo and text[hi - 1].isspace():
                hi -= 1
            if lo < hi:
                span = text[lo:hi]
                sentences.append(Sentence(span, lo, hi, _kind(span)))
    return sentences
