"""Shared builders for the export and import tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from sqlalchemy.orm import Session

from claims.models import Claim, Role, User
from claims.services.ratings import level_by_label
from claims.services.verdicts import approve_verdict, start_verdict, submit_verdict
from tests.factories import make_claim, make_user


def publish(
    session: Session, claim: Claim, author: User, editor: User, label: str = "False", conclusion: str = "No."
) -> None:
    """Take a claim through a verdict to publication."""
    verdict = start_verdict(session, claim, author)
    verdict.rating_level = level_by_label(session, label)
    verdict.conclusion = conclusion
    submit_verdict(verdict)
    approve_verdict(session, verdict, editor)
    session.flush()


def newsroom(session: Session) -> dict[str, Any]:
    """A reviewer, an editor, one published claim and one draft claim."""
    reviewer = make_user(session, Role.REVIEWER, display_name="Rita Reviewer")
    editor = make_user(session, Role.EDITOR, display_name="Ed Editor")
    published = make_claim(session, restated="Published claim")
    publish(session, published, reviewer, editor, "Mostly false", "Mostly not.")
    draft = make_claim(session, restated="Draft claim", quote="42 people were hurt")
    verdict = start_verdict(session, draft, reviewer)
    verdict.conclusion = "SECRET draft conclusion"
    session.commit()
    return {"reviewer": reviewer, "editor": editor, "published": published, "draft": draft}


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Parse a CSV response body into dicts."""
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
