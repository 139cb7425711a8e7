"""Split an article's text into paragraphs of plain and highlighted pieces, one mark per published claim."""

from __future__ import annotations

from dataclasses import dataclass

from claims.models import Article
from claims.services.publication import PublicClaim, PublicVerdict


@dataclass(frozen=True)
class Piece:
    """A run of article text; `claim` and `verdict` are set when it is a published claim's quote."""

    text: str
    claim: PublicClaim | None = None
    verdict: PublicVerdict | None = None


def highlighted_paragraphs(
    article: Article, published: list[tuple[PublicClaim, PublicVerdict]]
) -> list[list[Piece]]:
    """Return the body as paragraphs of pieces, each published claim's exact span marked in place.

    Spans that overlap an earlier one are left unmarked rather than nesting marks; a span that runs
    across a paragraph break is marked on both sides.
    """
    spans: list[tuple[int, int, PublicClaim, PublicVerdict]] = []
    last_end = -1
    for claim, verdict in sorted(published, key=lambda cv: (cv[0].span_start or 0, cv[0].id)):
        if claim.span_start is None or claim.span_end is None or claim.span_start < last_end:
            continue
        spans.append((claim.span_start, claim.span_end, claim, verdict))
        last_end = claim.span_end
    body = article.body
    paragraphs: list[list[Piece]] = []
    offset = 0
    for text in body.split("\n\n"):
        start, end = offset, offset + len(text)
        offset = end + 2
        pieces: list[Piece] = []
        cursor = start
        for s, e, claim, verdict in spans:
            s, e = max(s, start), min(e, end)
            if s >= e:
                continue
            if s > cursor:
                pieces.append(Piece(body[cursor:s]))
            pieces.append(Piece(body[s:e], claim, verdict))
            cursor = e
        if cursor < end:
            pieces.append(Piece(body[cursor:end]))
        paragraphs.append(pieces)
    return paragraphs


def quote_in_sentence(claim: PublicClaim) -> tuple[str, str, str]:
    """Return (text before, quote, text after) within the sentence of the article holding the quote, as approved."""
    article = claim.article
    if article is None or claim.span_start is None or claim.span_end is None:
        return "", claim.quote or "", ""
    body = article.body
    marks = [body.rfind(ch, 0, claim.span_start) for ch in (". ", "! ", "? ", "\n")]
    start = max(marks) + 1 if max(marks) >= 0 else 0
    ends = [i for i in (body.find(ch, claim.span_end) for ch in (". ", "! ", "? ", "\n")) if i >= 0]
    end = min(ends) + 1 if ends else len(body)
    return (
        body[start : claim.span_start].lstrip(),
        body[claim.span_start : claim.span_end],
        body[claim.span_end : end].rstrip(),
    )
