"""Snapshots for published verdicts written around the application (a bulk load, a psql session).

The app writes a verdict's snapshot when it publishes it (claims.models.snapshot). A verdict
inserted as published by other means has none, and readers do not see it until it has one:
`write_missing_snapshots` copies them from the current data, as migration 0007 did for the
verdicts published before snapshots existed. `flask --app app recount` runs it.
"""

from __future__ import annotations

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from claims.orm import UTCDateTime, utcnow

_MISSING = "SELECT count(*) FROM verdicts v WHERE v.state = 'published' AND NOT EXISTS (SELECT 1 FROM published_snapshots s WHERE s.verdict_id = v.id)"

_STATEMENTS = (
    # A level nobody published with yet has no version: its first is its current fields.
    "INSERT INTO rating_level_versions (level_id, number, label, definition, value, colour, created_at) "
    "SELECT l.id, 1, l.label, l.definition, l.value, l.colour, :now FROM rating_levels l "
    "WHERE NOT EXISTS (SELECT 1 FROM rating_level_versions rv WHERE rv.level_id = l.id)",
    "INSERT INTO published_snapshots (verdict_id, restated, claimant, claimed_on, quote, span_start, span_end, "
    "article_id, appearance_url, same_as_id, conclusion, explanation, rating_version_id, best_rating, "
    "worst_rating, taken_at) "
    "SELECT v.id, c.restated, c.claimant, c.claimed_on, c.quote, c.span_start, c.span_end, c.article_id, "
    "c.appearance_url, c.same_as_id, v.conclusion, v.explanation, "
    "(SELECT rv.id FROM rating_level_versions rv WHERE rv.level_id = v.rating_level_id "
    "ORDER BY rv.number DESC LIMIT 1), "
    "(SELECT max(o.value) FROM rating_levels l JOIN rating_levels o ON o.scale_id = l.scale_id "
    "WHERE l.id = v.rating_level_id), "
    "(SELECT min(o.value) FROM rating_levels l JOIN rating_levels o ON o.scale_id = l.scale_id "
    "WHERE l.id = v.rating_level_id), :now "
    "FROM verdicts v JOIN claims c ON c.id = v.claim_id "
    "WHERE v.state = 'published' AND NOT EXISTS (SELECT 1 FROM published_snapshots s WHERE s.verdict_id = v.id)",
    # The children of the snapshots this run wrote, which all carry the run's own moment.
    "INSERT INTO published_snapshot_tags (verdict_id, tag_id) "
    "SELECT v.id, ct.tag_id FROM verdicts v JOIN claim_tags ct ON ct.claim_id = v.claim_id "
    "WHERE EXISTS (SELECT 1 FROM published_snapshots s WHERE s.verdict_id = v.id AND s.taken_at = :now)",
    # Evidence readers could have seen: standing, and added before the verdict was published.
    "INSERT INTO published_evidence (verdict_id, evidence_id, position, url, title, publisher, published_on, "
    "accessed_on, passage, stance, is_primary, reference_value, reference_unit, reference_year, added_at) "
    "SELECT v.id, e.id, row_number() OVER (PARTITION BY v.id ORDER BY CASE WHEN e.is_primary THEN 0 ELSE 1 END, e.id), "
    "e.url, e.title, e.publisher, e.published_on, e.accessed_on, e.passage, e.stance, e.is_primary, "
    "e.reference_value, e.reference_unit, e.reference_year, e.created_at "
    "FROM verdicts v JOIN evidence e ON e.claim_id = v.claim_id "
    "WHERE e.withdrawn_at IS NULL AND e.created_at <= v.published_at "
    "AND EXISTS (SELECT 1 FROM published_snapshots s WHERE s.verdict_id = v.id AND s.taken_at = :now)",
)


def write_missing_snapshots(session: Session) -> int:
    """Give every published verdict without a snapshot one copied from the current data; return how many."""
    missing = session.execute(text(_MISSING)).scalar_one()
    now = bindparam("now", utcnow(), type_=UTCDateTime())
    for statement in _STATEMENTS:
        query = text(statement)
        session.execute(query.bindparams(now) if ":now" in statement else query)
    return int(missing)
