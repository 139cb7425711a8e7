"""Verdict life: draft, submit for approval, approve and publish (with corrections), return."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.models import (
    Claim,
    ClaimStatus,
    Comment,
    Correction,
    RatingLevel,
    Revision,
    Role,
    User,
    Verdict,
    VerdictState,
)
from claims.models.evidence import EVIDENCE_FIELDS
from claims.models.rating import VERSIONED_FIELDS
from claims.models.review import OPEN_VERDICT_STATES
from claims.orm import utcnow
from claims.services.ratings import active_scale


class ReviewError(ValueError):
    """A verdict step the rules do not allow; the message is shown to the user."""


class ApprovalOutdated(ReviewError):
    """What approving would publish is no longer what the editor's page showed."""


# A verdict is written while the claim is being researched; elsewhere the claim must move first.
WRITABLE_STATUSES = frozenset({ClaimStatus.NEW, ClaimStatus.RESEARCHING})


def check_verdict_writable(claim: Claim) -> None:
    """Raise unless the claim's status lets its verdict be written or submitted.

    :raises ReviewError: the claim is published, in review, or not checkable.
    """
    if claim.status not in WRITABLE_STATUSES:
        raise ReviewError(
            f"the claim is {claim.status.label.lower()}: move it back to Researching to work on its verdict"
        )


def public_verdict(claim: Claim) -> Verdict | None:
    """Return the verdict readers see for this claim, if any."""
    return next((v for v in claim.verdicts if v.state is VerdictState.PUBLISHED), None)


def open_verdict(claim: Claim) -> Verdict | None:
    """Return the verdict being worked on (draft, submitted or returned), if any."""
    return next((v for v in claim.verdicts if v.state in OPEN_VERDICT_STATES), None)


def start_verdict(session: Session, claim: Claim, author: User) -> Verdict:
    """Return the claim's open verdict, or a new draft that starts from the published one."""
    if (current := open_verdict(claim)) is not None:
        return current
    published = public_verdict(claim)
    verdict = Verdict(
        claim=claim,
        author=author,
        rating_level=published.rating_level if published else None,
        conclusion=published.conclusion if published else "",
        explanation=published.explanation if published else "",
    )
    session.add(verdict)
    return verdict


def submit_verdict(verdict: Verdict) -> None:
    """Send a draft for approval and move the claim to in_review.

    :raises ReviewError: no rating or conclusion, or the verdict is not open.
    """
    if verdict.state not in (VerdictState.DRAFT, VerdictState.RETURNED):
        raise ReviewError("only a draft or returned verdict can be submitted")
    if verdict.rating_level is None or not verdict.conclusion.strip():
        raise ReviewError("a verdict needs a rating and a conclusion before it is submitted")
    claim = verdict.claim
    check_verdict_writable(claim)
    verdict.state = VerdictState.SUBMITTED
    verdict.submitted_at = utcnow()
    if claim.status is ClaimStatus.NEW:
        claim.status = ClaimStatus.RESEARCHING
    claim.status = ClaimStatus.IN_REVIEW


def needs_correction(verdict: Verdict) -> bool:
    """Whether approving this verdict changes what readers were told, so a correction note is due.

    The rating counts as changed when readers would see another level, or the same level under
    another version (renamed or redefined since the published verdict was approved).
    """
    published = public_verdict(verdict.claim)
    if published is None:
        return False
    shown = published.snapshot.rating if published.snapshot is not None else None
    level = verdict.rating_level
    return (
        published.rating_level is not level
        or (level is not None and (shown is None or shown is not level.current_version))
        or published.conclusion.strip() != verdict.conclusion.strip()
    )


def approval_fingerprint(verdict: Verdict) -> str:
    """Return a digest of what approving this verdict would publish, as the approval page shows it.

    The page carries it; approve_verdict refuses when it no longer matches, so readers never get
    wording, evidence or a rating definition the approving editor did not see.
    """
    claim, level = verdict.claim, verdict.rating_level
    shown = {
        "claim": [
            claim.restated, claim.claimant, str(claim.claimed_on), claim.quote, claim.span_start,
            claim.article_id, claim.appearance_url, claim.same_as_id, sorted(t.name for t in claim.tags),
        ],
        "evidence": [
            [ev.id, *(str(getattr(ev, name)) for name in EVIDENCE_FIELDS)]
            for ev in claim.evidence
            if not ev.withdrawn
        ],
        "rating": [level.id, *(getattr(level, name) for name in VERSIONED_FIELDS)] if level else None,
        "verdict": [verdict.conclusion, verdict.explanation],
    }  # fmt: skip
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:32]


def approve_verdict(
    session: Session,
    verdict: Verdict,
    editor: User,
    correction_note: str | None = None,
    seen: str | None = None,
) -> Correction | None:
    """Approve and publish a submitted verdict; record a correction if it changes a published one.

    Publishing writes the verdict's snapshot (claims.models.snapshot) at the next flush: the
    claim, evidence and rating as they are now. `seen` is the approval_fingerprint the editor's
    page showed, when there was a page.

    :raises ApprovalOutdated: the claim, its evidence or its level changed since the page was loaded.
    :raises ReviewError: not an editor, the editor wrote it, not submitted, or a correction note is missing.
    """
    if not editor.has_role(Role.EDITOR):
        raise ReviewError("only an editor can approve a verdict")
    if verdict.author_id is not None and verdict.author_id == editor.id:
        raise ReviewError("a verdict must be approved by an editor other than its author")
    if verdict.state is not VerdictState.SUBMITTED:
        raise ReviewError("only a submitted verdict can be approved")
    if seen is not None and seen != approval_fingerprint(verdict):
        raise ApprovalOutdated(
            "the claim, its evidence or its rating level changed since this page was loaded: "
            "check what readers will see and approve again"
        )
    now = utcnow()
    previous = public_verdict(verdict.claim)
    correction = None
    if needs_correction(verdict):
        if not (correction_note and correction_note.strip()):
            raise ReviewError("this changes a published verdict: write a correction note")
        assert previous is not None
        correction = Correction(
            claim=verdict.claim,
            previous_verdict=previous,
            verdict=verdict,
            old_rating=previous.rating_level,
            new_rating=verdict.rating_level,
            old_conclusion=previous.conclusion,
            new_conclusion=verdict.conclusion,
            note=correction_note.strip(),
            author=editor,
            published_at=now,
        )
        session.add(correction)
    if previous is not None:
        previous.state = VerdictState.SUPERSEDED
    verdict.state = VerdictState.PUBLISHED
    verdict.approver = editor
    verdict.approved_at = now
    # An imported verdict keeps its publisher's own publication time, or none if they gave none.
    if not verdict.is_external:
        verdict.published_at = now
    verdict.claim.status = ClaimStatus.PUBLISHED
    return correction


def return_verdict(session: Session, verdict: Verdict, editor: User, comment: str) -> Comment:
    """Send a submitted verdict back to its author with a comment; the claim returns to research.

    :raises ReviewError: not an editor, not submitted, or no comment.
    """
    if not editor.has_role(Role.EDITOR):
        raise ReviewError("only an editor can send a verdict back")
    if verdict.state is not VerdictState.SUBMITTED:
        raise ReviewError("only a submitted verdict can be sent back")
    if not comment.strip():
        raise ReviewError("say what needs to change")
    verdict.state = VerdictState.RETURNED
    verdict.claim.status = ClaimStatus.RESEARCHING
    note = Comment(claim=verdict.claim, verdict_id=verdict.id, author=editor, body=comment.strip())
    session.add(note)
    return note


# Fields whose change makes someone an author of a verdict, not just the editor who handled it.
_AUTHORED_FIELDS = frozenset({"rating_level_id", "conclusion", "explanation"})


def wrote_verdict(session: Session, verdict: Verdict, user: User) -> bool:
    """Whether `user` is the verdict's author or changed its rating, conclusion or explanation."""
    if verdict.author_id == user.id:
        return True
    query = select(Revision.changes).where(
        Revision.entity_type == "verdicts", Revision.entity_id == verdict.id, Revision.actor_id == user.id
    )
    return any(_AUTHORED_FIELDS & set(changes) for changes in session.execute(query).scalars())


def may_approve(session: Session, verdict: Verdict, user: User) -> bool:
    """Whether `user` may approve: a submitted verdict, an editor, and not one of its writers."""
    return (
        verdict.state is VerdictState.SUBMITTED
        and user.has_role(Role.EDITOR)
        and not wrote_verdict(session, verdict, user)
    )


def save_verdict(
    session: Session,
    claim: Claim,
    author: User,
    *,
    rating_level_id: int | None,
    conclusion: str,
    explanation: str,
) -> Verdict:
    """Write the rating, conclusion and explanation into the claim's open verdict (starting one if needed).

    :raises ReviewError: the open verdict is waiting for approval, or the level is not a current one.
    """
    check_verdict_writable(claim)
    verdict = start_verdict(session, claim, author)
    if verdict.state is VerdictState.SUBMITTED:
        raise ReviewError("this verdict is waiting for approval; an editor can send it back for changes")
    scale = active_scale(session)
    level = session.get(RatingLevel, rating_level_id) if rating_level_id is not None else None
    if level is not None and (scale is None or level not in scale.current_levels):
        raise ReviewError("choose a current level of the active rating scale")
    verdict.rating_level = level
    verdict.conclusion, verdict.explanation = conclusion, explanation
    return verdict
