"""Import claims written in claims.csv's own columns: check every row first, then write all or none.

Linking to articles: a row whose article (matched by URL, else by headline and outlet) is in the
database is anchored to it, and its quote must occur in the article's text. An article we do not
have is not invented: its body is unknown, so the claim keeps its quote as plain text with no
span and no article, and the article URL becomes the claim's appearance URL.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Comment,
    RatingLevel,
    Tag,
    UnsafeURL,
    User,
    Verdict,
    VerdictState,
    check_http_url,
)
from claims.orm import utcnow
from claims.services.csvcells import restore
from claims.services.exports import CLAIM_COLUMNS, TAG_SEPARATOR
from claims.services.ratings import active_scale

REQUIRED_COLUMNS = ("restated_claim", "claimant")
NOT_CHECKABLE_REASON = "Imported from a CSV file, which does not carry the reason."


@dataclass(frozen=True)
class RowProblem:
    """Why one cell stops the import; row 1 is the header, row 2 the first claim."""

    row: int
    column: str
    reason: str


@dataclass
class PlannedClaim:
    """A claim the import would create, with how it links to an article."""

    row: int
    values: dict[str, Any]
    article: Article | None = None
    link: str = ""


@dataclass
class CsvImport:
    """The outcome of checking (and perhaps writing) a CSV file."""

    planned: list[PlannedClaim] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def _date(text: str) -> date:
    return date.fromisoformat(text)


def _time(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError("a time needs its UTC offset (end it with Z)")
    try:
        moment.astimezone(UTC)  # how it is stored: year 1 east of UTC, or 9999 west of it, overflows
    except OverflowError:
        raise ValueError("the time is out of range") from None
    return moment


class _RowReader:
    """Read and check one row's cells, collecting problems instead of stopping at the first."""

    def __init__(self, number: int, raw: dict[str, str], problems: list[RowProblem]) -> None:
        self.number, self.raw, self.problems = number, raw, problems

    def text(self, column: str, limit: int, required: bool = False) -> str | None:
        value = restore(self.raw.get(column) or "")
        if not value.strip():
            if required:
                self.problem(column, "is empty")
            return None
        if len(value) > limit:
            self.problem(column, f"is longer than {limit} characters")
        return value

    def parsed(self, column: str, parse: Any, what: str) -> Any:
        value = (self.raw.get(column) or "").strip()
        if not value:
            return None
        try:
            return parse(restore(value))
        except ValueError:
            self.problem(column, f"is not {what}: {value[:40]!r}")
            return None

    def url(self, column: str) -> str | None:
        value = self.text(column, 2000)
        if value is None:
            return None
        try:
            return check_http_url(value)
        except UnsafeURL as error:
            self.problem(column, str(error))
            return None

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(RowProblem(self.number, column, reason))


def _read_rows(text: str, result: CsvImport) -> list[tuple[int, dict[str, str]]]:
    try:
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), strict=True)
        header = reader.fieldnames or []
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        for name in missing:
            result.problems.append(RowProblem(1, name, "this column is missing"))
        for name in header:
            if name not in CLAIM_COLUMNS:
                result.problems.append(RowProblem(1, name, "not a column of claims.csv"))
        rows = [(number, row) for number, row in enumerate(reader, start=2)]
    except csv.Error as error:
        result.problems.append(RowProblem(0, "", f"not a readable CSV file: {error}"))
        return []
    for number, row in rows:
        if None in row:
            result.problems.append(RowProblem(number, "", "more cells than the header has columns"))
    return rows if not missing else []


def _find_article(
    session: Session, url: str | None, headline: str | None, outlet: str | None
) -> Article | None:
    if url:
        found = session.execute(select(Article).where(Article.url == url).limit(1)).scalar_one_or_none()
        if found is not None:
            return found
    if headline:
        query = select(Article).where(Article.headline == headline)
        if outlet:
            query = query.where(Article.outlet == outlet)
        return session.execute(query.order_by(Article.id).limit(1)).scalar_one_or_none()
    return None


def _check_row(
    session: Session, number: int, raw: dict[str, str], levels: dict[str, RatingLevel], result: CsvImport
) -> None:
    r = _RowReader(number, raw, result.problems)
    before = len(result.problems)
    status = r.parsed("status", ClaimStatus, "a status (" + ", ".join(s.value for s in ClaimStatus) + ")")
    values: dict[str, Any] = {
        "restated": r.text("restated_claim", 300, required=True),
        "quote": r.text("quote", 100_000),
        "claimant": r.text("claimant", 200, required=True),
        "claimed_on": r.parsed("claim_date", _date, "a date (YYYY-MM-DD)"),
        "appearance_url": r.url("appearance_url"),
        "status": status or ClaimStatus.NEW,
        "conclusion": r.text("conclusion", 300) or "",
        "author": r.text("author", 120),
        "approver": r.text("approver", 120),
        "published_at": r.parsed("published_at", _time, "an ISO 8601 time"),
        "rated_by": r.text("rated_by", 200),
        "external_rating": r.text("external_rating", 200),
        "external_url": r.url("external_review_url"),
        "tags": [t.strip() for t in (r.text("tags", 10_000) or "").split(TAG_SEPARATOR.strip()) if t.strip()],
    }
    for tag in values["tags"]:
        if len(tag) > 80:
            r.problem("tags", f"the tag {tag[:20]!r}... is longer than 80 characters")
    label = r.text("rating", 60)
    values["level"] = levels.get(label) if label else None
    if label and values["level"] is None:
        r.problem("rating", f"{label!r} is not a level of the active rating scale")
    if values["status"] is ClaimStatus.PUBLISHED and not (label or values["external_rating"]):
        r.problem("rating", "a published claim needs a rating")
    if values["external_rating"] and not values["rated_by"]:
        r.problem("rated_by", "an external rating needs the fact-checker who gave it")
    url, headline = r.url("article_url"), r.text("article_headline", 300)
    outlet = r.text("article_outlet", 200)
    planned = PlannedClaim(number, values)
    article = _find_article(session, url, headline, outlet) if (url or headline) else None
    if article is not None:
        if not values["quote"] or values["quote"] not in article.body:
            r.problem("quote", f"does not occur in the text of article {article.id}, which the row names")
        planned.article, planned.link = article, f"quote anchored in article {article.id}"
    elif url or headline:
        values["appearance_url"] = values["appearance_url"] or url
        planned.link = "article not in the database: quote kept as text, no article link"
    if len(result.problems) == before:
        result.planned.append(planned)


def check_csv(session: Session, text: str) -> CsvImport:
    """Check every row and say what would be created; write nothing."""
    result = CsvImport()
    scale = active_scale(session)
    levels = {lv.label: lv for lv in scale.current_levels} if scale else {}
    for number, raw in _read_rows(text, result):
        _check_row(session, number, raw, levels, result)
    return result


def import_csv(session: Session, text: str, importer: User | None = None) -> CsvImport:
    """Check the file and, only if no row has a problem, add every claim (the caller commits).

    Every verdict arrives submitted with the importer as author, never published: one person
    importing a file must not publish alone or name who approved. Another editor approves it;
    one another fact-checker gave (rated_by) is then shown as theirs.
    """
    result = check_csv(session, text)
    if not result.ok:
        return result
    write_planned(session, result.planned, importer, {})
    session.flush()
    result.written = True
    return result


def write_planned(
    session: Session, plans: list[PlannedClaim], importer: User | None, tags: dict[str, Tag]
) -> None:
    """Add the claims (and verdicts) of checked rows; `tags` caches tags across batches by name."""
    for plan in plans:
        v = plan.values
        claim = Claim(restated=v["restated"], claimant=v["claimant"], claimed_on=v["claimed_on"])
        own_published = v["status"] is ClaimStatus.PUBLISHED and not v["rated_by"]
        claim.appearance_url = v["appearance_url"]
        claim.status = ClaimStatus.IN_REVIEW if own_published else v["status"]
        if v["status"] is ClaimStatus.NOT_CHECKABLE:
            claim.not_checkable_reason = NOT_CHECKABLE_REASON
        if plan.article is not None:
            claim.anchor(plan.article, v["quote"])
        else:
            claim.quote = v["quote"]
        for name in v["tags"]:
            if name not in tags:
                existing = session.execute(select(Tag).where(Tag.name == name)).scalar_one_or_none()
                tags[name] = existing or Tag(name=name)
            claim.tags.append(tags[name])
        session.add(claim)
        if v["level"] is not None or v["conclusion"] or v["rated_by"]:
            session.add(_verdict(claim, v, importer))
            if v["author"] or v["approver"] or v["published_at"]:
                session.add(Comment(claim=claim, author=importer, body=_provenance(v)))


def _provenance(v: dict[str, Any]) -> str:
    """The file's own record of who wrote and approved the verdict, kept as an internal note."""
    parts = [f"{label} {v[key]}" for key, label in (("author", "written by"), ("approver", "approved by")) if v[key]]
    if v["published_at"]:
        parts.append(f"published {v['published_at'].isoformat()}")
    return "Imported from a CSV file where the verdict was " + ", ".join(parts) + "."


def _verdict(claim: Claim, v: dict[str, Any], importer: User | None) -> Verdict:
    """Return the row's verdict, never published: a second editor approves what readers are told.

    Another fact-checker's verdict (rated_by) is no exception: one person importing a file must
    not publish it alone. It waits for approval with its claim in review, keeps their publisher,
    rating and link, and their publication time (none if the file gives none, never the import
    time). The importer is its author, so they cannot approve it themselves.
    """
    # Called before the claim is first flushed, so the workflow's moves are not checked yet.
    external = bool(v["rated_by"])
    if claim.status is ClaimStatus.PUBLISHED or (external and claim.status is not ClaimStatus.NOT_CHECKABLE):
        claim.status = ClaimStatus.IN_REVIEW
    submitted = claim.status is ClaimStatus.IN_REVIEW
    verdict = Verdict(
        claim=claim,
        state=VerdictState.SUBMITTED if submitted else VerdictState.DRAFT,
        submitted_at=utcnow() if submitted else None,
        rating_level=v["level"],
        conclusion=v["conclusion"],
        author=importer,
    )
    if external:
        verdict.external_publisher = v["rated_by"]
        verdict.external_rating = v["external_rating"]
        verdict.external_url = v["external_url"]
        verdict.published_at = v["published_at"]
    return verdict
