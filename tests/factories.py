"""Builders for test data with sensible defaults; each returns a flushed object."""

from __future__ import annotations

from itertools import count
from typing import Any

from sqlalchemy.orm import Session

from claims.models import Article, Claim, Evidence, Role, Stance, User

_seq = count(1)

BODY = (
    "Human rights groups say the region has roughly 10 million Uighurs. "
    "Its land area is comparable to Iran. Officials said 42 people were hurt."
)
PASSWORD = "correct horse battery staple"


def make_user(session: Session, role: Role = Role.REVIEWER, **fields: Any) -> User:
    n = next(_seq)
    user = User(
        email=fields.pop("email", f"user{n}@example.org"),
        display_name=fields.pop("display_name", f"User {n}"),
        role=role,
        **fields,
    )
    user.set_password(PASSWORD)
    session.add(user)
    session.flush()
    return user


def make_article(session: Session, body: str = BODY, **fields: Any) -> Article:
    article = Article(
        headline=fields.pop("headline", f"Headline {next(_seq)}"),
        outlet=fields.pop("outlet", "Example Times"),
        body=body,
        **fields,
    )
    session.add(article)
    session.flush()
    return article


def make_claim(
    session: Session, article: Article | None = None, quote: str = "roughly 10 million Uighurs", **fields: Any
) -> Claim:
    article = article or make_article(session)
    claim = Claim(
        restated=fields.pop("restated", "The region has about 10 million Uighurs."),
        claimant=fields.pop("claimant", "Human rights groups"),
        **fields,
    )
    claim.anchor(article, quote)
    session.add(claim)
    session.flush()
    return claim


def make_evidence(session: Session, claim: Claim, **fields: Any) -> Evidence:
    evidence = Evidence(
        claim=claim,
        url=fields.pop("url", "https://stats.example.org/census"),
        title=fields.pop("title", "Census tables"),
        stance=fields.pop("stance", Stance.SUPPORTS),
        **fields,
    )
    session.add(evidence)
    session.flush()
    return evidence
