"""Evidence: sources attached to a claim, with what they say and which way they point."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from urllib.parse import urlsplit

from sqlalchemy import Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from claims.extensions import db
from claims.models.claim import Claim
from claims.models.user import User
from claims.orm import UTCDateTime, utcnow


class Stance(StrEnum):
    """How a source bears on the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class UnsafeURL(ValueError):
    """A link that is not a plain http(s) address."""


def check_http_url(url: str) -> str:
    """Return the URL stripped, or raise unless it is an absolute http or https address with a host.

    :raises UnsafeURL: any other scheme (javascript:, data:, ...), no host, or control characters.
    """
    url = url.strip()
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        raise UnsafeURL("a link may not contain spaces or control characters")
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError as error:  # "https://[::1": an unclosed IPv6 address, or a host NFKC would change
        raise UnsafeURL("this is not a well-formed link") from error
    if parts.scheme.lower() not in ("http", "https") or not hostname:
        raise UnsafeURL("links must start with http:// or https:// and name a host")
    return url


# What a source says (as opposed to its bookkeeping): what a reviewer's form sets and what a
# published snapshot copies for readers.
EVIDENCE_FIELDS = (
    "url",
    "title",
    "publisher",
    "published_on",
    "accessed_on",
    "passage",
    "stance",
    "is_primary",
    "reference_value",
    "reference_unit",
    "reference_year",
)


class Evidence(db.Model):
    """A source for or against a claim. Withdrawn evidence is kept, never deleted."""

    __tablename__ = "evidence"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None]
    accessed_on: Mapped[date | None]
    passage: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[Stance] = mapped_column(
        Enum(Stance, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    is_primary: Mapped[bool] = mapped_column(default=False)
    # The figure the source reports (a census count, an area), to compare with the claim's own.
    reference_value: Mapped[float | None]
    reference_unit: Mapped[str | None] = mapped_column(String(80))
    reference_year: Mapped[int | None]
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}

    claim: Mapped[Claim] = relationship(back_populates="evidence")
    added_by: Mapped[User | None] = relationship()

    @validates("url")
    def _check_url(self, _key: str, url: str) -> str:
        return check_http_url(url)

    @property
    def revision_claim_id(self) -> int | None:
        return self.claim_id

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def __repr__(self) -> str:
        return f"<Evidence {self.id} {self.stance} {self.url}>"
