"""The workflow's allowed moves, defined once in claims.models.workflow and enforced by the model."""

from __future__ import annotations

import itertools

import pytest

from claims.models import ClaimStatus, TransitionError, allowed_transitions, check_transition
from tests.factories import make_claim

S = ClaimStatus
# Written out by hand, independently of TRANSITIONS, so a change to the table fails here.
EXPECTED = {
    (S.NEW, S.RESEARCHING),
    (S.NEW, S.NOT_CHECKABLE),
    (S.RESEARCHING, S.IN_REVIEW),
    (S.RESEARCHING, S.NOT_CHECKABLE),
    (S.RESEARCHING, S.NEW),
    (S.IN_REVIEW, S.PUBLISHED),
    (S.IN_REVIEW, S.RESEARCHING),
    (S.PUBLISHED, S.RESEARCHING),
    (S.NOT_CHECKABLE, S.RESEARCHING),
}


@pytest.mark.parametrize("current,target", list(itertools.permutations(ClaimStatus, 2)))
def test_every_pair_of_statuses(current, target):
    if (current, target) in EXPECTED:
        check_transition(current, target, reason="opinion")
        assert target in allowed_transitions(current)
    else:
        with pytest.raises(TransitionError):
            check_transition(current, target, reason="opinion")


def test_not_checkable_needs_a_reason():
    with pytest.raises(TransitionError, match="why"):
        check_transition(S.NEW, S.NOT_CHECKABLE, reason="  ")


def test_the_model_refuses_a_move_that_is_not_allowed(session):
    claim = make_claim(session)
    with pytest.raises(TransitionError, match="cannot move from New to Published"):
        claim.status = S.PUBLISHED
    assert claim.status is S.NEW


def test_the_model_follows_allowed_moves_and_needs_a_reason_for_not_checkable(session):
    claim = make_claim(session)
    claim.status = S.RESEARCHING
    session.flush()
    with pytest.raises(TransitionError):
        claim.status = S.NOT_CHECKABLE
    claim.not_checkable_reason = "A prediction about the future."
    claim.status = S.NOT_CHECKABLE
    session.flush()
    assert claim.status is S.NOT_CHECKABLE


def test_reopening_a_published_claim_goes_back_to_research():
    assert allowed_transitions(S.PUBLISHED) == {S.RESEARCHING}
