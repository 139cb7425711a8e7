"""Verdicts: submitted, approved by another editor, published; changes to a published one need a correction."""

from __future__ import annotations

import pytest

from claims.models import ClaimStatus, Role, VerdictState
from claims.services.ratings import level_by_label
from claims.services.verdicts import (
    ReviewError,
    approve_verdict,
    needs_correction,
    public_verdict,
    return_verdict,
    start_verdict,
    submit_verdict,
)
from tests.factories import make_claim, make_user


@pytest.fixture
def people(session):
    return make_user(session), make_user(session, role=Role.EDITOR), make_user(session, role=Role.EDITOR)


def _submitted(session, author, rating="Mostly true", conclusion="The 2010 census counted 10.07 million."):
    claim = make_claim(session)
    verdict = start_verdict(session, claim, author)
    verdict.rating_level = level_by_label(session, rating)
    verdict.conclusion = conclusion
    submit_verdict(verdict)
    session.flush()
    return claim, verdict


def test_submitting_needs_a_rating_and_a_conclusion(session, people):
    claim = make_claim(session)
    verdict = start_verdict(session, claim, people[0])
    with pytest.raises(ReviewError, match="rating and a conclusion"):
        submit_verdict(verdict)


def test_submit_then_approve_publishes_with_times(session, people):
    reviewer, editor, _ = people
    claim, verdict = _submitted(session, reviewer)
    assert claim.status is ClaimStatus.IN_REVIEW and verdict.submitted_at
    assert public_verdict(claim) is None
    approve_verdict(session, verdict, editor)
    session.flush()
    assert verdict.state is VerdictState.PUBLISHED and claim.status is ClaimStatus.PUBLISHED
    assert verdict.approver is editor and verdict.published_at == verdict.approved_at
    assert public_verdict(claim) is verdict


def test_the_author_cannot_approve_their_own_verdict(session, people):
    _, editor, _ = people
    _claim, verdict = _submitted(session, editor)
    with pytest.raises(ReviewError, match="other than its author"):
        approve_verdict(session, verdict, editor)
    assert verdict.state is VerdictState.SUBMITTED


def test_a_reviewer_cannot_approve(session, people):
    reviewer, editor, _ = people
    _claim, verdict = _submitted(session, editor)
    with pytest.raises(ReviewError, match="only an editor"):
        approve_verdict(session, verdict, reviewer)


def test_sending_back_returns_the_claim_to_research_with_a_comment(session, people):
    reviewer, editor, _ = people
    claim, verdict = _submitted(session, reviewer)
    comment = return_verdict(session, verdict, editor, "Cite the census table itself.")
    session.flush()
    assert verdict.state is VerdictState.RETURNED and claim.status is ClaimStatus.RESEARCHING
    assert comment.body == "Cite the census table itself." and comment.verdict_id == verdict.id
    submit_verdict(verdict)
    assert verdict.state is VerdictState.SUBMITTED


def test_reopening_keeps_the_old_verdict_public_until_the_correction_is_approved(session, people):
    reviewer, editor, other_editor = people
    claim, first = _submitted(session, reviewer)
    approve_verdict(session, first, editor)
    session.flush()

    claim.status = ClaimStatus.RESEARCHING  # reopen
    second = start_verdict(session, claim, reviewer)
    assert second is not first and second.conclusion == first.conclusion
    second.rating_level = level_by_label(session, "Mixed")
    submit_verdict(second)
    session.flush()
    assert public_verdict(claim) is first and needs_correction(second)

    with pytest.raises(ReviewError, match="correction note"):
        approve_verdict(session, second, other_editor)
    correction = approve_verdict(session, second, other_editor, "The 2020 census changes the picture.")
    session.flush()
    assert public_verdict(claim) is second and first.state is VerdictState.SUPERSEDED
    assert (correction.old_rating.label, correction.new_rating.label) == ("Mostly true", "Mixed")
    assert correction.published_at is not None and claim.corrections == [correction]


def test_republishing_an_unchanged_verdict_needs_no_correction(session, people):
    reviewer, editor, _ = people
    claim, first = _submitted(session, reviewer)
    approve_verdict(session, first, editor)
    session.flush()
    claim.status = ClaimStatus.RESEARCHING
    second = start_verdict(session, claim, reviewer)
    second.explanation = "Added a link to the 2020 tables."
    submit_verdict(second)
    assert not needs_correction(second)
    assert approve_verdict(session, second, editor) is None
