"""The columns of claims.csv and evidence.csv, each defined once: its header, its value, its cell.

The value is the raw SQL expression (claim_rows, the import's round trip); the cell is the SQL
that writes that value as CSV text (export_sql), from which the database builds whole lines.
Readers' columns come from the published verdict's snapshot (wording, tags, evidence and the
rating level's version as approved); staff columns from the live rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, literal, literal_column, null, select

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    PublishedEvidence,
    PublishedSnapshot,
    RatingLevel,
    RatingLevelVersion,
    Verdict,
)
from claims.services.csvcells import RowWriter
from claims.services.export_floats import FloatCell
from claims.services.export_sql import (
    ApprovedTagNames,
    ApprovedTagsCell,
    BoolCell,
    Cell,
    DateCell,
    IntCell,
    PlainCell,
    TagNames,
    TagsCell,
    TextCell,
    TimeCell,
)
from claims.services.publication import claim_column
from claims.services.reports import Approver, Author


@dataclass(frozen=True)
class ExportColumn:
    """One CSV column: its header, its raw value and the SQL that writes that value as a cell."""

    name: str
    value: ColumnElement[Any]
    cell: ColumnElement[str]


def _column(name: str, value: ColumnElement[Any], cell: type[Cell]) -> ExportColumn:
    return ExportColumn(name, value, cell(value))


def _blank(name: str) -> ExportColumn:
    """A column readers get empty."""
    return ExportColumn(name, null(), literal_column("''", String))


def _prefixed_id(name: str, prefix: str, id_column: ColumnElement[int]) -> ExportColumn:
    """A column of `prefix` followed by an id (a link), with the prefix escaped once, here."""
    # Digits change neither the quoting nor the leading ', so the cell is lead + id + trail.
    lead, _zero, trail = RowWriter().render([[prefix + "0"]]).removesuffix("\r\n").rpartition("0")
    as_text = id_column.cast(String)
    cell = literal(lead, String) + as_text + literal(trail, String)
    # Escaped already; a configured prefix holding a NUL (absurd, but possible) stays a checked expression.
    return ExportColumn(name, literal(prefix, String) + as_text, cell if "\0" in prefix else PlainCell(cell))


def _claim_status(staff: bool) -> ExportColumn:
    if staff:
        return _column("status", Claim.status, PlainCell)
    # Readers see a reopened claim as published: its published verdict is still the public one.
    return _column("status", literal_column(f"'{ClaimStatus.PUBLISHED.value}'", String), PlainCell)


def _updated_at(staff: bool) -> ColumnElement[Any]:
    if not staff:
        # A reader's row is the published verdict; internal edits to the claim are not news.
        return Verdict.updated_at
    return case((Verdict.updated_at > Claim.updated_at, Verdict.updated_at), else_=Claim.updated_at)


def _evidence_count(staff: bool) -> ColumnElement[int]:
    """Count the claim's standing evidence (readers: what its published verdict was approved with)."""
    if not staff:
        approved = select(func.count()).where(PublishedEvidence.verdict_id == Verdict.id)
        return approved.correlate_except(PublishedEvidence).scalar_subquery()
    query = select(func.count()).where(Evidence.claim_id == Claim.id, Evidence.withdrawn_at.is_(None))
    return query.correlate_except(Evidence).scalar_subquery()


def _tags(staff: bool) -> ExportColumn:
    if staff:
        return ExportColumn("tags", TagNames(Claim.id), TagsCell(Claim.id))
    return ExportColumn("tags", ApprovedTagNames(Verdict.id), ApprovedTagsCell(Verdict.id))


def claim_columns(staff: bool, org_url: str) -> list[ExportColumn]:
    """claims.csv's columns in their stable order: the README lists it, and the CSV import reads it."""
    shown = claim_column  # the live claim for staff, the approved snapshot for readers
    # Staff see the level as it is now; readers the version the verdict was approved with.
    rating = RatingLevel if staff else RatingLevelVersion
    return [
        _column("claim_id", Claim.id, IntCell),
        _column("article_id", shown("article_id", staff), IntCell),
        _column("restated_claim", shown("restated", staff), TextCell),
        _column("quote", shown("quote", staff), TextCell),
        _column("claimant", shown("claimant", staff), TextCell),
        _column("claim_date", shown("claimed_on", staff), DateCell),
        _column("article_headline", Article.headline, TextCell),
        _column("article_outlet", Article.outlet, TextCell),
        _column("article_url", Article.url, TextCell),
        _column("appearance_url", shown("appearance_url", staff), TextCell),
        _claim_status(staff),
        _column("rating", rating.label, TextCell),
        _column("rating_value", rating.value, IntCell),
        _column("conclusion", Verdict.conclusion if staff else PublishedSnapshot.conclusion, TextCell),
        _column("author", Author.display_name, TextCell),
        _column("approver", Approver.display_name, TextCell),
        _column("published_at", Verdict.published_at, TimeCell),
        _column("updated_at", _updated_at(staff), TimeCell),
        _column("evidence_count", _evidence_count(staff), IntCell),
        _tags(staff),
        _prefixed_id("public_url", org_url.rstrip("/") + "/claims/", Claim.id),
        _column("rated_by", Verdict.external_publisher, TextCell),
        _column("external_rating", Verdict.external_rating, TextCell),
        _column("external_review_url", Verdict.external_url, TextCell),
    ]


def evidence_columns(staff: bool) -> list[ExportColumn]:
    """evidence.csv's columns in their stable order.

    Readers get the evidence as the published verdict was approved with it, and never see why
    evidence was withdrawn.
    """
    source: type[Evidence] | type[PublishedEvidence] = Evidence if staff else PublishedEvidence
    return [
        _column("claim_id", Evidence.claim_id if staff else Verdict.claim_id, IntCell),
        _column("evidence_id", Evidence.id if staff else PublishedEvidence.evidence_id, IntCell),
        _column("url", source.url, TextCell),
        _column("title", source.title, TextCell),
        _column("publisher", source.publisher, TextCell),
        _column("published_on", source.published_on, DateCell),
        _column("accessed_on", source.accessed_on, DateCell),
        _column("passage", source.passage, TextCell),
        _column("stance", source.stance, PlainCell),
        _column("primary_source", source.is_primary, BoolCell),
        _column("reference_value", source.reference_value, FloatCell),
        _column("reference_unit", source.reference_unit, TextCell),
        _column("reference_year", source.reference_year, IntCell),
        _column("added_at", Evidence.created_at if staff else PublishedEvidence.added_at, TimeCell),
        _column("withdrawn_at", Evidence.withdrawn_at, TimeCell) if staff else _blank("withdrawn_at"),
        _column("withdrawn_reason", Evidence.withdrawn_reason, TextCell)
        if staff
        else _blank("withdrawn_reason"),
    ]


CLAIM_COLUMNS = tuple(column.name for column in claim_columns(True, ""))
EVIDENCE_COLUMNS = tuple(column.name for column in evidence_columns(True))
