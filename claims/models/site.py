"""Site-wide bookkeeping rows: the publication counter and the tallies behind public counts."""

from __future__ import annotations

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from claims.extensions import db

SITE_ROW_ID = 1


class SiteState(db.Model):
    """One row whose counter moves, in the same transaction, with every change readers could see.

    Public responses are cached under this counter, so a cached page is valid exactly until the
    next commit that changes public content, on every app server at once.
    """

    __tablename__ = "site_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_version: Mapped[int] = mapped_column(BigInteger, default=1)


class Tally(db.Model):
    """A running count kept in step with each commit: claims per status, published claims per rating.

    Counting a million rows per page view would make the home page cost grow with the archive;
    these rows make it a lookup of a few rows.
    """

    __tablename__ = "tallies"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)  # "status" or "rating"
    key: Mapped[str] = mapped_column(String(40), primary_key=True)  # a status value or a level id
    count: Mapped[int] = mapped_column(BigInteger, default=0)
