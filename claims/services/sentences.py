"""A simple sentence splitter for the article workspace, with character offsets into the body."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Ends at ., ! or ? (with closing quotes or brackets) before whitespace, or at a line break:
# headings and list items without a full stop are sentences of their own.
_SENTENCE = re.compile(r"\S.*?(?:[.!?]+[\"'”’)\]]*(?=\s|\Z)|(?=\n)|\Z)", re.DOTALL)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text and where it sits: text[start:end]."""

    text: str
    start: int
    end: int


def split_sentences(text: str) -> list[Sentence]:
    """Return the sentences of `text` in order, each with its start and end offsets."""
    return [Sentence(m.group(0), m.start(), m.end()) for m in _SENTENCE.finditer(text)]
