"""Split pasted article text into headline, byline and body, dropping page furniture."""

from __future__ import annotations

import re
from dataclasses import dataclass

_BYLINE = re.compile(r"^(?:Story|By|Written by|Reporting by):?\s+(?P<name>.+)$", re.IGNORECASE)
_CAPTION = re.compile(r"\bPhoto:\s")
_READ_MORE = re.compile(r"^(?:Read|Read more|Also read|See also):\s", re.IGNORECASE)
# No-break and other Unicode spaces look like spaces but defeat a typed or searched quote.
_ODD_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
_TRAILER = re.compile(r"^(?:Related stories|Related|More stories):?$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedArticle:
    """An article's parts as the reviewer would name them."""

    headline: str
    byline: str | None
    body: str


def parse_article_text(raw: str) -> ParsedArticle:
    """Return headline (first line), byline and body paragraphs joined by blank lines.

    Photo captions, "Read: ..." cross-links and everything from "Related stories" on are not
    body text: claims are only made from what the article itself says.
    """
    text = _ODD_SPACES.sub(" ", raw.replace("\r\n", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        raise ValueError("the article text is empty")
    headline, byline, paragraphs = lines[0], None, []
    for line in lines[1:]:
        if _TRAILER.match(line):
            break
        if match := _BYLINE.match(line):
            byline = match.group("name").strip()
        elif not (_CAPTION.search(line) or _READ_MORE.match(line)):
            paragraphs.append(line)
    return ParsedArticle(headline=headline, byline=byline, body="\n\n".join(paragraphs))
