"""Upkeep after bulk writes: what `flask --app app recount` and the nightly job both run."""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.database import refresh_statistics
from claims.models.public_changes import mark_public_change
from claims.services.publication import rebuild_tallies
from claims.services.snapshots import write_missing_snapshots


def recount(session: Session) -> int:
    """Write missing snapshots, rebuild the tallies, renew the public cache and refresh statistics.

    Returns how many published verdicts were given a snapshot they lacked.
    """
    written = write_missing_snapshots(session)
    rebuild_tallies(session)
    mark_public_change(session)
    session.commit()
    refresh_statistics(session.connection())
    session.commit()
    return written
