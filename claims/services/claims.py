"""Claims: who may change one, creating them from a passage, editing, assigning, moving along."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from claims.models import (
    Article,
    Claim,
    ClaimStatus,
    Comment,
    Role,
    Tag,
    TransitionError,
    User,
    VerdictState,
    allowed_transitions,
)
from claims.services.verdicts import ReviewError, open_verdict, start_verdict, submit_verdict

# Statuses reached through their own step rather than a plain button.
OWN_STEP = {ClaimStatus.PUBLISHED: "approve the verdict", ClaimStatus.NOT_CHECKABLE: "give a reason"}


def may_edit(user: User, claim: Claim) -> bool:
    """Whether `user` may change this claim: editors always, reviewers on their own or unassigned claims."""
    if user.has_role(Role.EDITOR):
        return True
    return claim.assignee_id in (None, user.id) or claim.created_by_id == user.id


def locked_reason(claim: Claim) -> str | None:
    """Why nobody may change the claim's content now, or None when it may be changed.

    A published claim is what readers were told and what an editor approved: it changes only
    after reopening. Once reopened, its wording and evidence are worked on like any claim being
    researched: readers keep seeing the published verdict's snapshot, and nothing changed here
    reaches them before another editor approves the next verdict.
    """
    if claim.status is ClaimStatus.PUBLISHED:
        return "This claim is published. Reopen it (move it back to Researching) before changing it."
    return None


def anchor_quote(claim: Claim, article: Article, quote: str, start: int | None) -> None:
    """Anchor the quote at `start` if the body has it there, else at its first occurrence.

    :raises SpanMismatch: the quote does not occur in the article's text.
    """
    if start is not None and start >= 0 and article.body[start : start + len(quote)] == quote:
        claim.anchor(article, quote, start)
    else:
        claim.anchor(article, quote)


def tags_by_name(session: Session, names: list[str]) -> list[Tag]:
    """Return the tags with these names, creating the ones that do not exist yet."""
    # No autoflush: a claim being built is not complete until its tags are set.
    with session.no_autoflush:
        existing = {t.name: t for t in session.execute(select(Tag).where(Tag.name.in_(names))).scalars()}
        missing = [name for name in dict.fromkeys(names) if name not in existing]
        if missing:
            # Two people may add the same new tag at once: whoever inserts second finds it made
            # instead of failing on the unique name.
            insert_ = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
            session.execute(
                insert_(Tag).values([{"name": name} for name in missing]).on_conflict_do_nothing(index_elements=["name"])
            )
            query = select(Tag).where(Tag.name.in_(missing))
            existing.update((t.name, t) for t in session.execute(query).scalars())
    return [existing[name] for name in names]


def create_claim(
    session: Session,
    article: Article,
    author: User,
    *,
    quote: str,
    start: int | None,
    restated: str,
    claimant: str,
    claimed_on: date | None,
    tags: list[str],
) -> Claim:
    """Create a claim from a passage of the article.

    :raises SpanMismatch: the quote does not occur in the article's text.
    """
    claim = Claim(restated=restated, claimant=claimant, claimed_on=claimed_on, created_by=author)
    anchor_quote(claim, article, quote, start)
    claim.tags = tags_by_name(session, tags)
    session.add(claim)
    return claim


def update_claim(
    session: Session,
    claim: Claim,
    *,
    quote: str,
    start: int | None,
    restated: str,
    claimant: str,
    claimed_on: date | None,
    tags: list[str],
) -> None:
    """Change the claim's wording, quote, claimant, date and tags.

    :raises SpanMismatch: the quote does not occur in the article's text.
    """
    # One flush at commit, so the edit is one revision (a lazy load would flush half of it).
    with session.no_autoflush:
        if claim.article is None:
            claim.quote = quote or None  # a claim seen elsewhere: the quote is plain text
        elif quote != claim.quote or start != claim.span_start:
            anchor_quote(claim, claim.article, quote, start)
        claim.restated, claim.claimant, claim.claimed_on = restated, claimant, claimed_on
        if sorted(tags) != sorted(t.name for t in claim.tags):
            claim.tags = tags_by_name(session, tags)


def move_claim(session: Session, claim: Claim, target: ClaimStatus, user: User) -> None:
    """Move the claim to `target`; in_review submits the open verdict, reopening starts a new one.

    :raises ReviewError: the move is not allowed here or the verdict is not ready.
    """
    if target not in claim_moves(claim):
        raise ReviewError(f"a claim cannot move from {claim.status.label} to {target.label} here")
    verdict = open_verdict(claim)
    if target is ClaimStatus.IN_REVIEW:
        if verdict is None:
            raise ReviewError("write a verdict before sending the claim to review")
        submit_verdict(verdict)
        return
    if (
        claim.status is ClaimStatus.IN_REVIEW
        and verdict is not None
        and verdict.state is VerdictState.SUBMITTED
    ):
        verdict.state = VerdictState.DRAFT  # withdrawn from the editor's queue along with the claim
    reopening = claim.status is ClaimStatus.PUBLISHED
    claim.status = target
    if reopening:
        # The published verdict stays public; the new draft starts from it.
        start_verdict(session, claim, user)


def claim_moves(claim: Claim) -> list[ClaimStatus]:
    """Return the statuses offered as buttons: the allowed moves that need no step of their own."""
    return sorted(
        (s for s in allowed_transitions(claim.status) if s not in OWN_STEP), key=list(ClaimStatus).index
    )


def mark_not_checkable(claim: Claim, reason: str) -> None:
    """Record why the claim cannot be checked and move it to not_checkable.

    :raises ReviewError: the claim's status does not allow it.
    """
    previous = claim.not_checkable_reason
    claim.not_checkable_reason = reason
    try:
        claim.status = ClaimStatus.NOT_CHECKABLE
    except TransitionError as error:
        claim.not_checkable_reason = previous
        raise ReviewError(str(error)) from error


def assign_claim(claim: Claim, assignee: User | None) -> None:
    """Give the claim to a reviewer, or to nobody."""
    claim.assignee = assignee


def add_comment(session: Session, claim: Claim, author: User, body: str) -> Comment:
    """Add an internal comment to the claim's discussion."""
    comment = Comment(claim=claim, author=author, body=body)
    session.add(comment)
    return comment
