"""Load the demo article, accounts, claims, evidence and verdicts into an empty database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta
from importlib import resources

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.demo.content import ARTICLE_FILE, CLAIMS, OUTLET, PUBLISHED_ON, DemoClaim
from claims.models import Article, Claim, ClaimStatus, Comment, Evidence, Role, Tag, User
from claims.models.history import act_as
from claims.orm import utcnow
from claims.services.article_text import parse_article_text
from claims.services.ratings import level_by_label
from claims.services.verdicts import approve_verdict, start_verdict, submit_verdict

DEMO_ACCOUNTS = (
    ("reviewer@example.org", "Demo Reviewer", Role.REVIEWER),
    ("editor@example.org", "Demo Editor", Role.EDITOR),
)


@dataclass
class DemoResult:
    """What the demo created: the article and each account's one-time password."""

    article: Article | None
    passwords: dict[str, str]


def database_is_empty(session: Session) -> bool:
    """Whether there are no articles or claims yet."""
    return not session.scalar(select(func.count(Article.id))) and not session.scalar(
        select(func.count(Claim.id))
    )


def seed_article_text() -> str:
    """Return the demo article's raw text, shipped inside the package."""
    return resources.files("claims.demo").joinpath(ARTICLE_FILE).read_text(encoding="utf-8")


def load_demo(session: Session) -> DemoResult:
    """Create the demo accounts, article and claims; do nothing if the article is already there."""
    parsed = parse_article_text(seed_article_text())
    if session.scalar(select(Article.id).where(Article.headline == parsed.headline)):
        return DemoResult(article=None, passwords={})
    passwords, users = _accounts(session)
    reviewer, editor = users[Role.REVIEWER], users[Role.EDITOR]
    act_as(session, reviewer.id)
    article = Article(
        headline=parsed.headline,
        byline=parsed.byline,
        body=parsed.body,
        outlet=OUTLET,
        published_on=PUBLISHED_ON,
        added_by=reviewer,
    )
    session.add(article)
    for item in CLAIMS:
        _claim(session, article, item, reviewer, editor)
    act_as(session, None)
    return DemoResult(article=article, passwords=passwords)


def _accounts(session: Session) -> tuple[dict[str, str], dict[Role, User]]:
    passwords: dict[str, str] = {}
    users: dict[Role, User] = {}
    for email, name, role in DEMO_ACCOUNTS:
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, display_name=name, role=role)
            passwords[email] = secrets.token_urlsafe(12)
            user.set_password(passwords[email])
            session.add(user)
        users[role] = user
    session.flush()
    return passwords, users


def _tags(session: Session, names: tuple[str, ...]) -> list[Tag]:
    tags = []
    for name in names:
        tag = session.scalar(select(Tag).where(Tag.name == name))
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        tags.append(tag)
    return tags


def _claim(session: Session, article: Article, item: DemoClaim, reviewer: User, editor: User) -> None:
    claim = Claim(
        restated=item.restated,
        claimant=item.claimant,
        claimed_on=PUBLISHED_ON,
        created_by=reviewer,
        assignee=reviewer,
        tags=_tags(session, item.tags),
    )
    claim.anchor(article, item.quote)
    session.add(claim)
    session.flush()
    for ev in item.evidence:
        value, unit, year = ev.reference or (None, None, None)
        session.add(
            Evidence(
                claim=claim,
                url=ev.url,
                title=ev.title,
                publisher=ev.publisher,
                passage=ev.passage,
                stance=ev.stance,
                is_primary=ev.primary,
                accessed_on=(utcnow() - timedelta(days=1)).date(),
                added_by=reviewer,
                reference_value=value,
                reference_unit=unit,
                reference_year=year,
            )
        )
    for text in item.comments:
        session.add(Comment(claim=claim, author=reviewer, body=text))
    if item.status is not ClaimStatus.NEW:
        claim.not_checkable_reason = item.not_checkable_reason
        claim.status = (
            ClaimStatus.RESEARCHING if item.status is not ClaimStatus.NOT_CHECKABLE else item.status
        )
        session.flush()
    if item.verdict is not None:
        verdict = start_verdict(session, claim, reviewer)
        verdict.rating_level = level_by_label(session, item.verdict.rating)
        verdict.conclusion = item.verdict.conclusion
        verdict.explanation = item.verdict.explanation
        submit_verdict(verdict)
        session.flush()
        if item.verdict.approved:
            act_as(session, editor.id)
            approve_verdict(session, verdict, editor)
            session.flush()
            act_as(session, reviewer.id)
