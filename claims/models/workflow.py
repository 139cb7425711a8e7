"""Claim workflow: the statuses and the one table of allowed moves between them."""

from __future__ import annotations

from enum import StrEnum


class ClaimStatus(StrEnum):
    """Where a claim stands in review; separate from the verdict's own state."""

    NEW = "new"
    RESEARCHING = "researching"
    IN_REVIEW = "in_review"
    PUBLISHED = "published"
    NOT_CHECKABLE = "not_checkable"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    ClaimStatus.NEW: "New",
    ClaimStatus.RESEARCHING: "Researching",
    ClaimStatus.IN_REVIEW: "In review",
    ClaimStatus.PUBLISHED: "Published",
    ClaimStatus.NOT_CHECKABLE: "Not checkable",
}

# The only place the workflow's moves are defined. Published -> researching is a reopening:
# the published verdict stays public until a corrected one is approved with a correction note.
TRANSITIONS: dict[ClaimStatus, frozenset[ClaimStatus]] = {
    ClaimStatus.NEW: frozenset({ClaimStatus.RESEARCHING, ClaimStatus.NOT_CHECKABLE}),
    ClaimStatus.RESEARCHING: frozenset({ClaimStatus.IN_REVIEW, ClaimStatus.NOT_CHECKABLE, ClaimStatus.NEW}),
    ClaimStatus.IN_REVIEW: frozenset({ClaimStatus.PUBLISHED, ClaimStatus.RESEARCHING}),
    ClaimStatus.PUBLISHED: frozenset({ClaimStatus.RESEARCHING}),
    ClaimStatus.NOT_CHECKABLE: frozenset({ClaimStatus.RESEARCHING}),
}


class TransitionError(ValueError):
    """A status change the workflow does not allow."""


def allowed_transitions(current: ClaimStatus) -> frozenset[ClaimStatus]:
    """Return the statuses a claim may move to from `current`."""
    return TRANSITIONS[current]


def check_transition(current: ClaimStatus, target: ClaimStatus, reason: str | None = None) -> None:
    """Raise TransitionError unless moving from current to target is allowed.

    :raises TransitionError: the move is not in TRANSITIONS, or not_checkable lacks a reason.
    """
    if target not in TRANSITIONS[current]:
        raise TransitionError(f"a claim cannot move from {current.label} to {target.label}")
    if target is ClaimStatus.NOT_CHECKABLE and not (reason and reason.strip()):
        raise TransitionError("say why the claim is not checkable")
