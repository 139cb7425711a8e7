"""Evidence: adding, editing and withdrawing the sources attached to a claim."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from claims.models import Claim, Evidence, Stance, User
from claims.models.evidence import EVIDENCE_FIELDS
from claims.orm import utcnow


def _apply(evidence: Evidence, values: dict[str, Any]) -> None:
    for name in EVIDENCE_FIELDS:
        value = values.get(name)
        if name == "stance":
            value = Stance(value)
        elif isinstance(value, str) and name not in ("url", "title"):
            value = value or None
        setattr(evidence, name, value)


def add_evidence(session: Session, claim: Claim, author: User, values: dict[str, Any]) -> Evidence:
    """Attach a new source to the claim.

    :raises UnsafeURL: the link is not http(s).
    """
    evidence = Evidence(
        claim=claim, added_by=author, stance=Stance(values["stance"]), url=values["url"], title=""
    )
    _apply(evidence, values)
    session.add(evidence)
    return evidence


def update_evidence(evidence: Evidence, values: dict[str, Any]) -> None:
    """Change a source's details.

    :raises ValueError: the evidence was withdrawn.
    :raises UnsafeURL: the link is not http(s).
    """
    if evidence.withdrawn:
        raise ValueError("withdrawn evidence cannot be edited")
    _apply(evidence, values)


def withdraw_evidence(evidence: Evidence, reason: str) -> None:
    """Mark a source as withdrawn; it stays in the claim's history and shows as withdrawn.

    :raises ValueError: it was withdrawn already.
    """
    if evidence.withdrawn:
        raise ValueError("this evidence was withdrawn already")
    evidence.withdrawn_at = utcnow()
    evidence.withdrawn_reason = reason
