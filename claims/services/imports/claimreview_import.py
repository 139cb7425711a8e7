"""Store other fact-checkers' verdicts: a published claim with their verdict, marked as theirs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import Claim, ClaimStatus, UnsafeURL, Verdict, VerdictState, check_http_url
from claims.orm import utcnow
from claims.services.imports import ImportTally
from claims.services.imports.claimreview_parse import ClaimReviewFormatError, ExternalReview, reviews_in_text
from claims.services.imports.rating_map import RatingMapper

CLAIMREVIEW_SUFFIXES = (".json", ".jsonld", ".html", ".htm")
UNATTRIBUTED = "Unattributed"


def _clip(text: str | None, limit: int) -> str | None:
    """Shorten text to a column's length, marking the cut with an ellipsis."""
    if text is None or len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


def claimreview_files(path: Path) -> list[Path]:
    """Return the file itself, or the ClaimReview-looking files of a folder in name order."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in CLAIMREVIEW_SUFFIXES)
    return [path]


def _safe_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return check_http_url(url)
    except UnsafeURL:
        return None


def store_review(session: Session, review: ExternalReview, mapper: RatingMapper, seen: set[str]) -> str:
    """Add one external review unless its URL is already stored; return "created" or "skipped".

    :raises ValueError: the review has no usable URL, claim text or publisher.
    """
    url = _safe_url(review.review_url)
    if url is None or len(url) > 2000:
        raise ValueError("no http(s) review URL")
    if not review.claim_text:
        raise ValueError(f"{url}: no claimReviewed text")
    if not review.publisher:
        raise ValueError(f"{url}: no publisher")
    exists = session.execute(select(Verdict.id).where(Verdict.external_url == url).limit(1)).first()
    if url in seen or exists:
        return "skipped"
    seen.add(url)
    claim = Claim(
        restated=_clip(review.claim_text, 300),
        claimant=_clip(review.claimant, 200) or UNATTRIBUTED,
        claimed_on=review.claim_date,
        appearance_url=_clip(_safe_url(review.appearance_url), 2000),
        status=ClaimStatus.PUBLISHED,
    )
    published = review.review_date or utcnow()
    verdict = Verdict(
        claim=claim,
        state=VerdictState.PUBLISHED,
        rating_level=mapper.level_for(review.rating_text),
        # Their words are always kept, mapped or not: the verdict is theirs, not ours.
        external_rating=_clip(review.rating_text, 200),
        external_publisher=_clip(review.publisher, 200),
        external_url=url,
        conclusion=_clip(review.title, 300) or "",
        published_at=published,
        approved_at=published,
    )
    session.add_all([claim, verdict])
    return "created"


def import_claimreview_texts(
    session: Session, texts: Iterable[tuple[str, str]], progress: Callable[[int], None] | None = None
) -> ImportTally:
    """Import every ClaimReview in (name, text) pairs; a bad record is counted, never fatal."""
    tally, mapper, seen = ImportTally(), RatingMapper(session), set[str]()
    for name, text in texts:
        try:
            reviews = reviews_in_text(text)
        except ClaimReviewFormatError as error:
            tally.failed += 1
            tally.messages.append(f"{name}: {error}")
            reviews = []
        else:
            if not reviews:
                tally.failed += 1
                tally.messages.append(f"{name}: no ClaimReview found")
        for review in reviews:
            try:
                outcome = store_review(session, review, mapper, seen)
            except ValueError as error:
                tally.failed += 1
                tally.messages.append(f"{name}: {error}")
                continue
            if outcome == "created":
                tally.created += 1
            else:
                tally.skipped += 1
        if progress:
            progress(1)
    return tally
