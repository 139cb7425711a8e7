"""Revisions: one per change, with before and after, written in the same transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claims.models import ClaimStatus, Revision, Tag
from claims.models.history import act_as
from tests.factories import make_claim, make_evidence, make_user


def _revisions(session, **where):
    query = select(Revision).order_by(Revision.id)
    for key, value in where.items():
        query = query.where(getattr(Revision, key) == value)
    return session.execute(query).scalars().all()


def test_creating_a_claim_writes_a_create_revision_with_its_values(session):
    user = make_user(session)
    act_as(session, user.id)
    claim = make_claim(session)
    (rev,) = _revisions(session, entity_type="claims")
    assert (rev.action, rev.entity_id, rev.claim_id, rev.actor_id) == ("create", claim.id, claim.id, user.id)
    assert rev.changes["quote"] == [None, "roughly 10 million Uighurs"]
    assert rev.changes["status"] == [None, "new"]
    assert "updated_at" not in rev.changes and "version" not in rev.changes


def test_an_update_records_only_what_changed_before_and_after(session):
    claim = make_claim(session)
    claim.claimant = "Amnesty International"
    claim.status = ClaimStatus.RESEARCHING
    session.flush()
    rev = _revisions(session, entity_type="claims")[-1]
    assert rev.action == "update"
    assert rev.changes == {
        "claimant": ["Human rights groups", "Amnesty International"],
        "status": ["new", "researching"],
    }


def test_a_flush_without_changes_writes_no_revision(session):
    claim = make_claim(session)
    before = len(_revisions(session))
    claim.claimant = claim.claimant
    session.flush()
    assert len(_revisions(session)) == before


def test_tag_changes_are_recorded(session):
    claim = make_claim(session)
    claim.tags = [Tag(name="population"), Tag(name="Xinjiang")]
    session.flush()
    rev = _revisions(session, entity_type="claims")[-1]
    assert rev.changes["tags"] == [[], ["Xinjiang", "population"]]


def test_evidence_revisions_are_filed_under_their_claim(session):
    claim = make_claim(session)
    evidence = make_evidence(session, claim)
    evidence.title = "Census 2010, table 2-1"
    session.flush()
    revs = _revisions(session, claim_id=claim.id)
    assert [(r.entity_type, r.action) for r in revs] == [
        ("claims", "create"),
        ("evidence", "create"),
        ("evidence", "update"),
    ]
    assert revs[-1].changes["title"] == ["Census tables", "Census 2010, table 2-1"]


def test_a_rollback_removes_the_change_and_its_revision_together(session):
    claim = make_claim(session)
    session.commit()
    count = session.scalar(select(func.count(Revision.id)))
    claim.claimant = "Someone"
    session.flush()
    assert session.scalar(select(func.count(Revision.id))) == count + 1
    session.rollback()
    assert session.scalar(select(func.count(Revision.id))) == count
    assert session.get(type(claim), claim.id).claimant == "Human rights groups"


def test_a_failing_history_write_leaves_the_claim_unchanged(session, monkeypatch):
    claim = make_claim(session)
    session.commit()

    def broken(*_args, **_kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr("claims.models.history._changes", broken)
    claim.claimant = "Someone else"
    with pytest.raises(RuntimeError):
        session.commit()
    session.rollback()
    monkeypatch.undo()
    session.expire_all()
    assert session.get(type(claim), claim.id).claimant == "Human rights groups"
