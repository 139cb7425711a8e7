"""Read ClaimReview records out of JSON, JSON-LD in HTML pages, DataFeeds and Fact Check Tools API data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any


class ClaimReviewFormatError(ValueError):
    """A file that holds no readable JSON or JSON-LD."""


@dataclass(frozen=True)
class ExternalReview:
    """One fact-check by another publisher, in our words."""

    review_url: str | None
    publisher: str | None
    rating_text: str | None
    claim_text: str | None
    claimant: str | None
    claim_date: date | None
    review_date: datetime | None
    appearance_url: str | None
    title: str | None
    language: str | None = None


class _LdJsonBlocks(HTMLParser):
    """Collect the text of every <script type="application/ld+json"> block."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        if tag == "script" and kind == "application/ld+json":
            self._inside = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_documents(text: str) -> list[Any]:
    """Return the JSON documents in a file: the file itself, or each JSON-LD block of an HTML page.

    :raises ClaimReviewFormatError: neither JSON nor HTML with JSON-LD.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError as error:
            raise ClaimReviewFormatError(f"not valid JSON: {error}") from error
    parser = _LdJsonBlocks()
    parser.feed(text)
    parser.close()
    documents = []
    for block in parser.blocks:
        try:
            documents.append(json.loads(block))
        except json.JSONDecodeError:
            continue  # one broken block on a page should not hide the others
    if not documents:
        raise ClaimReviewFormatError("no JSON, and no JSON-LD block in the page")
    return documents


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds if k}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("site") or value.get("url")
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def parse_date(value: Any) -> date | None:
    """Return the date part of an ISO-ish date or time, or None if there is none."""
    moment = parse_time(value)
    return moment.date() if moment else None


def parse_time(value: Any) -> datetime | None:
    """Return an aware UTC datetime from ISO 8601 or near-ISO text ("2020-06-24 00:03"), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    raw = value.strip().replace("Z", "+00:00")
    for candidate in (raw, raw[:10]):
        try:
            moment = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return None


def _rating_text(rating: Any) -> str | None:
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return _text(rating)
    if text := _text(rating.get("alternateName") or rating.get("name")):
        return text
    value = rating.get("ratingValue")
    if value is None:
        return None
    # Only a number: keep it with its range, so nobody mistakes "1" for our own scale.
    return f"{value} (on {rating.get('worstRating', '?')} to {rating.get('bestRating', '?')})"


def _from_claimreview(node: dict[str, Any]) -> ExternalReview:
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    appearance = item.get("appearance") or item.get("firstAppearance")
    if isinstance(appearance, list):
        appearance = appearance[0] if appearance else None
    appearance_url = appearance.get("url") if isinstance(appearance, dict) else appearance
    return ExternalReview(
        review_url=_text(node.get("url")),
        publisher=_text(node.get("author") or node.get("publisher")),
        rating_text=_rating_text(node.get("reviewRating")),
        claim_text=_text(node.get("claimReviewed")),
        claimant=_text(item.get("author")),
        claim_date=parse_date(item.get("datePublished")),
        review_date=parse_time(node.get("datePublished")),
        appearance_url=_text(appearance_url) or _text(item.get("url")),
        title=_text(node.get("name") or node.get("headline") or node.get("title")),
        language=_text(node.get("inLanguage")),
    )


def _from_api_claim(claim: dict[str, Any]) -> Iterator[ExternalReview]:
    """Fact Check Tools API: a claim with claimReview[] entries."""
    for review in claim.get("claimReview") or []:
        if not isinstance(review, dict):
            continue
        yield ExternalReview(
            review_url=_text(review.get("url")),
            publisher=_text(review.get("publisher")),
            rating_text=_text(review.get("textualRating")),
            claim_text=_text(claim.get("text")),
            claimant=_text(claim.get("claimant")),
            claim_date=parse_date(claim.get("claimDate")),
            review_date=parse_time(review.get("reviewDate")),
            appearance_url=None,
            title=_text(review.get("title")),
            language=_text(review.get("languageCode")),
        )


def find_reviews(document: Any) -> Iterator[ExternalReview]:
    """Yield every ClaimReview anywhere in a JSON document: @graph, lists, feeds and nested nodes."""
    if isinstance(document, list):
        for item in document:
            yield from find_reviews(item)
        return
    if not isinstance(document, dict):
        return
    if "ClaimReview" in _types(document):
        yield _from_claimreview(document)
        return
    if isinstance(document.get("claimReview"), list) and "text" in document:
        yield from _from_api_claim(document)
        return
    for value in document.values():
        if isinstance(value, dict | list):
            yield from find_reviews(value)


def reviews_in_text(text: str) -> list[ExternalReview]:
    """Return the ClaimReviews in one file's text.

    :raises ClaimReviewFormatError: the file holds no JSON or JSON-LD.
    """
    return [review for document in json_documents(text) for review in find_reviews(document)]
