"""Articles: adding them, and cutting their body into passages a reviewer can pick from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from claims.intake import split_sentences
from claims.models import Article, User
from claims.services.article_text import parse_article_text


@dataclass(frozen=True)
class Passage:
    """A sentence of an article body, with the text between it and the previous one."""

    gap: str
    text: str
    start: int
    end: int


def add_article(
    session: Session,
    *,
    added_by: User,
    headline: str | None,
    outlet: str,
    body: str,
    byline: str | None = None,
    url: str | None = None,
    published_on: date | None = None,
    strip_furniture: bool = False,
) -> Article:
    """Create an article; with strip_furniture, take headline, byline and body from the pasted page.

    :raises ValueError: no headline given or found, or nothing left of the body.
    """
    if strip_furniture:
        parsed = parse_article_text(body)
        headline = headline or parsed.headline
        byline = byline or parsed.byline
        body = parsed.body
    if not headline:
        raise ValueError("give the headline, or tick the box to take it from the pasted text")
    if not body.strip():
        raise ValueError("the article text is empty")
    article = Article(
        headline=headline,
        outlet=outlet,
        byline=byline or None,
        url=url or None,
        published_on=published_on,
        body=body,
        added_by=added_by,
    )
    session.add(article)
    return article


def passages(body: str) -> list[Passage]:
    """Return the body as sentences with their offsets and the whitespace between them."""
    result, previous_end = [], 0
    for sentence in split_sentences(body):
        result.append(
            Passage(
                body[previous_end : sentence.start],
                body[sentence.start : sentence.end],
                sentence.start,
                sentence.end,
            )
        )
        previous_end = sentence.end
    return result
