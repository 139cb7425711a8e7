"""Store other fact-checkers' verdicts: claims with their verdicts, marked as theirs, for approval."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import (
    Claim,
    ClaimStatus,
    Comment,
    UnsafeURL,
    User,
    Verdict,
    VerdictState,
    check_http_url,
)
from claims.orm import utcnow
from claims.services.imports import ImportTally
from claims.services.imports.claimreview_parse import (
    ClaimReviewFormatError,
    ExternalReview,
    FileReviews,
    read_reviews,
)
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


def _provenance(source: str, review: ExternalReview, publisher: str) -> str:
    """The internal note on where an imported verdict came from, and who wrote it for whom."""
    parts = [f"rated by {publisher}"]
    if review.reviewer:
        parts.append(f"written by {review.reviewer}")
    parts.append(
        f"published {review.review_date.isoformat()}" if review.review_date else "no publication date given"
    )
    where = f" in {source}" if source else ""
    return f"Imported from ClaimReview markup{where}: " + ", ".join(parts) + "."


def store_review(
    session: Session,
    review: ExternalReview,
    mapper: RatingMapper,
    seen: set[str],
    *,
    source: str = "",
    importer: User | None = None,
    write: bool = True,
) -> str:
    """Add one external review for approval unless its URL is already stored; return "created" or "skipped".

    The verdict arrives submitted, its claim in review: importing a file is one person's act, and a
    second editor approves what readers will be told, as for our own verdicts. The importer, when
    known, is recorded as its author so they cannot approve it themselves. With `write` False
    nothing is added: the same checks, for a dry run.

    :raises ValueError: no usable URL, claim text or publisher, or an impossible rating.
    """
    url = _safe_url(review.review_url)
    if url is None or len(url) > 2000:
        raise ValueError("no http(s) review URL")
    if not review.claim_text:
        raise ValueError(f"{url}: no claimReviewed text")
    if not review.publisher:
        only = f" (it names only its writer, {review.reviewer})" if review.reviewer else ""
        raise ValueError(f"{url}: no publisher{only}")
    if review.problem:
        raise ValueError(f"{url}: {review.problem}")
    exists = session.execute(select(Verdict.id).where(Verdict.external_url == url).limit(1)).first()
    if url in seen or exists:
        return "skipped"
    seen.add(url)
    if not write:
        return "created"
    claim = Claim(
        restated=_clip(review.claim_text, 300),
        claimant=_clip(review.claimant, 200) or UNATTRIBUTED,
        claimed_on=review.claim_date,
        appearance_url=_clip(_safe_url(review.appearance_url), 2000),
        status=ClaimStatus.IN_REVIEW,
    )
    publisher = _clip(review.publisher, 200) or ""
    verdict = Verdict(
        claim=claim,
        state=VerdictState.SUBMITTED,
        submitted_at=utcnow(),
        author=importer,
        rating_level=mapper.level_for(review.rating_text),
        # Their words are always kept, mapped or not: the verdict is theirs, not ours.
        external_rating=_clip(review.rating_text, 200),
        external_publisher=publisher,
        external_url=url,
        conclusion=_clip(review.title, 300) or "",
        # Their publication time, or none: the import time would date their verdict wrongly.
        published_at=review.review_date,
    )
    note = Comment(claim=claim, author=importer, body=_provenance(source, review, publisher))
    session.add_all([claim, verdict, note])
    return "created"


def _dry_run_line(name: str, review: ExternalReview, outcome: str, mapper: RatingMapper) -> str:
    if outcome == "skipped":
        return f"{name}: would skip {review.review_url} (already imported)"
    level = mapper.level_for(review.rating_text)
    rating = f"{review.rating_text!r} -> {level.label if level else 'kept as their text'}"
    return f"{name}: would create {review.review_url}, rated by {review.publisher}: {rating}"


def import_claimreview_texts(
    session: Session,
    texts: Iterable[tuple[str, str | bytes]],
    progress: Callable[[int], None] | None = None,
    *,
    importer: User | None = None,
    dry_run: bool = False,
) -> ImportTally:
    """Import every ClaimReview in (file name, text or bytes) pairs; a bad record is counted, never fatal.

    With `dry_run`, nothing is added and the tally lists what would be created or skipped.
    """
    tally, mapper, seen = ImportTally(dry_run=dry_run), RatingMapper(session), set[str]()
    for name, content in texts:
        try:
            found = read_reviews(content)
        except ClaimReviewFormatError as error:
            tally.failed += 1
            tally.messages.append(f"{name}: {error}")
            found = FileReviews([], [])
        else:
            for problem in found.problems:
                tally.failed += 1
                tally.messages.append(f"{name}: {problem}")
            if not found.reviews and not found.problems:
                tally.failed += 1
                tally.messages.append(f"{name}: no ClaimReview found")
        for review in found.reviews:
            try:
                outcome = store_review(
                    session, review, mapper, seen, source=name, importer=importer, write=not dry_run
                )
            except ValueError as error:
                tally.failed += 1
                tally.messages.append(f"{name}: {error}")
                continue
            if outcome == "created":
                tally.created += 1
            else:
                tally.skipped += 1
            if dry_run:
                tally.planned.append(_dry_run_line(name, review, outcome, mapper))
        if progress:
            progress(1)
    return tally
