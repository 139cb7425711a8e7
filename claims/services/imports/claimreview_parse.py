"""Read ClaimReview records out of JSON, JSON-LD in HTML pages, DataFeeds and Fact Check Tools API data."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from typing import Any


class ClaimReviewFormatError(ValueError):
    """A file that holds no readable JSON or JSON-LD."""


# Real ClaimReview nests a handful of levels. Python's JSON parser, and the walk over what it
# returns, recurse once per level: a few thousand levels would end in RecursionError.
MAX_NESTING = 100
# A JSON string (skipped whole, so brackets inside it do not count), or a bracket.
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]')


def _loads(text: str) -> Any:
    """Parse JSON nested at most MAX_NESTING levels deep.

    :raises ClaimReviewFormatError: nested deeper than that.
    :raises json.JSONDecodeError: not JSON.
    """
    # Fewer opening brackets than the limit cannot nest past it: most single pages skip the scan.
    if text.count("[") + text.count("{") > MAX_NESTING:
        depth = 0
        for token in _STRING_OR_BRACKET.finditer(text):
            bracket = token.group()
            if bracket in ("[", "{"):
                depth += 1
                if depth > MAX_NESTING:
                    raise ClaimReviewFormatError(f"the JSON is nested more than {MAX_NESTING} levels deep")
            elif bracket in ("]", "}"):
                depth -= 1
    return json.loads(text)


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
    # The people who wrote the review, kept apart from the publisher who rates the claim.
    reviewer: str | None = None
    # Why the review must not be stored (an impossible rating range), or None.
    problem: str | None = None


def decode_file(data: bytes) -> str:
    """Return a file's text, its encoding found from a byte-order mark or JSON's null-byte pattern.

    :raises ClaimReviewFormatError: the bytes are not text in the encoding found.
    """
    # The same detection json.loads applies to bytes: UTF-8 (with or without BOM), UTF-16, UTF-32.
    encoding = json.detect_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        name = encoding.removesuffix("-sig").upper()
        raise ClaimReviewFormatError(
            f"not readable as {name} text: {error.reason} at byte offset {error.start}"
        ) from error
    return text.removeprefix("\ufeff")


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


def _broken_block(number: int, block: str, error: json.JSONDecodeError) -> str:
    """Say which JSON-LD block is not JSON, where the parser stopped, and the likely cause."""
    reason = f"JSON-LD block {number} is not valid JSON: {error}"
    if error.pos >= len(block.rstrip()) or error.msg.startswith("Unterminated string"):
        # The HTML parser ends a script at the first "</script", even inside a JSON string.
        reason += " (the block ends before its JSON does, as when a </script> inside a string cuts it short)"
    return reason


def json_documents(text: str, problems: list[str] | None = None) -> list[Any]:
    """Return the JSON documents in a file: the file itself, or each JSON-LD block of an HTML page.

    A JSON-LD block that is not JSON is described in `problems` while the other blocks are read.

    :raises ClaimReviewFormatError: neither JSON nor HTML with JSON-LD, or no block is valid JSON.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            return [_loads(stripped)]
        except json.JSONDecodeError as error:
            raise ClaimReviewFormatError(f"not valid JSON: {error}") from error
    parser = _LdJsonBlocks()
    parser.feed(text)
    parser.close()
    documents: list[Any] = []
    broken: list[str] = []
    for number, block in enumerate(parser.blocks, start=1):
        if not block.strip():
            continue
        try:
            documents.append(_loads(block))
        except json.JSONDecodeError as error:
            # One broken block on a page should not hide the others, nor pass unreported.
            broken.append(_broken_block(number, block, error))
        except ClaimReviewFormatError as error:
            broken.append(f"JSON-LD block {number}: {error}")
    if not documents:
        raise ClaimReviewFormatError("; ".join(broken) or "no JSON, and no JSON-LD block in the page")
    if problems is not None:
        problems.extend(broken)
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
    if value is None or isinstance(value, dict | list | bool):
        return None  # never a Python repr of a structure we did not expect
    text = " ".join(str(value).split())
    return text or None


def _join(parts: list[str | None]) -> str | None:
    """Join the distinct non-empty parts with commas, in their order."""
    kept = list(dict.fromkeys(part for part in parts if part))
    return ", ".join(kept) or None


def _name(value: Any) -> str | None:
    """Return one readable name for a party: text, a Person or Organization, or a list of them.

    A person's job title follows the name ("Mzwandile Masina, mayor of Ekurhuleni").
    """
    if isinstance(value, list):
        return _join([_name(item) for item in value])
    if isinstance(value, dict):
        given_family = [_text(value.get("givenName")), _text(value.get("familyName"))]
        name = (
            _name(value.get("name"))
            or " ".join(part for part in given_family if part)
            or _name(value.get("alternateName"))
            or _name(value.get("legalName"))
            or _text(value.get("site") or value.get("url"))
        )
        return _join([name, _name(value.get("jobTitle"))]) if name else None
    return _text(value)


def _is_person(node: Any) -> bool:
    return isinstance(node, dict) and "Person" in _types(node)


def _publisher_and_reviewer(node: dict[str, Any]) -> tuple[str | None, str | None]:
    """Return who rated the claim (the publisher, else an organisation author) and the people who wrote it."""
    author = node.get("author")
    authors = author if isinstance(author, list) else [author] if author else []
    people = [item for item in authors if _is_person(item)]
    others = [item for item in authors if not _is_person(item)]
    publisher = (
        _name(node.get("publisher"))
        or _join([_name(item) for item in others])
        # A person writing for an outlet: the outlet rates, as it would have as publisher.
        or _join([_name(p.get("worksFor") or p.get("affiliation")) for p in people])
    )
    return publisher, _join([_name(person) for person in people])


def _number(value: Any) -> float | None:
    """Return a finite number from a number or numeric text ("5"), else None ("" and "n/a" too)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):  # OverflowError: a JSON integer of hundreds of digits
        return None
    return number if math.isfinite(number) else None


def _rating_problem(rating: Any) -> str | None:
    """Say why a rating's numbers cannot be meant (best not above worst, value outside), or None."""
    if isinstance(rating, list):
        rating = rating[0] if rating else None
    if not isinstance(rating, dict):
        return None
    raw = {key: rating.get(key) for key in ("ratingValue", "bestRating", "worstRating")}
    value, best, worst = (_number(raw[key]) for key in raw)
    if best is not None and worst is not None and best <= worst:
        return (
            f"impossible rating range: bestRating {raw['bestRating']} is not above "
            f"worstRating {raw['worstRating']}"
        )
    if value is not None and best is not None and value > best:
        return f"ratingValue {raw['ratingValue']} is above bestRating {raw['bestRating']}"
    if value is not None and worst is not None and value < worst:
        return f"ratingValue {raw['ratingValue']} is below worstRating {raw['worstRating']}"
    return None


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
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except ValueError:
            continue
        except OverflowError:  # year 1 east of UTC, or 9999 west of it, is before or after any time
            return None
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
    publisher, reviewer = _publisher_and_reviewer(node)
    return ExternalReview(
        review_url=_text(node.get("url")),
        publisher=publisher,
        rating_text=_rating_text(node.get("reviewRating")),
        claim_text=_text(node.get("claimReviewed")),
        claimant=_name(item.get("author")),
        claim_date=parse_date(item.get("datePublished")),
        review_date=parse_time(node.get("datePublished")),
        appearance_url=_text(appearance_url) or _text(item.get("url")),
        title=_text(node.get("name") or node.get("headline") or node.get("title")),
        language=_text(node.get("inLanguage")),
        reviewer=reviewer,
        problem=_rating_problem(node.get("reviewRating")),
    )


def _from_api_claim(claim: dict[str, Any]) -> Iterator[ExternalReview]:
    """Fact Check Tools API: a claim with claimReview[] entries."""
    for review in claim.get("claimReview") or []:
        if not isinstance(review, dict):
            continue
        yield ExternalReview(
            review_url=_text(review.get("url")),
            publisher=_name(review.get("publisher")),
            rating_text=_text(review.get("textualRating")),
            claim_text=_text(claim.get("text")),
            claimant=_name(claim.get("claimant")),
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


@dataclass(frozen=True)
class FileReviews:
    """What one file holds: its ClaimReviews, and the parts of it that could not be read."""

    reviews: list[ExternalReview]
    problems: list[str]


def read_reviews(content: str | bytes) -> FileReviews:
    """Return the ClaimReviews in one file (bytes are decoded first) and its unreadable JSON-LD blocks.

    :raises ClaimReviewFormatError: the file is not text, or holds no readable JSON or JSON-LD.
    """
    text = decode_file(content) if isinstance(content, bytes) else content
    problems: list[str] = []
    documents = json_documents(text, problems)
    return FileReviews([review for document in documents for review in find_reviews(document)], problems)
