"""No lost work: version conflicts give a 409 page with both versions; failed history writes change nothing;
history is append-only."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claims.extensions import db
from claims.models import Claim, Revision, Role
from tests.factories import make_claim, make_evidence, make_user
from tests.review_support import hidden_version

FORM = {
    "quote": "roughly 10 million Uighurs",
    "restated": "About 10 million Uighurs live there.",
    "claimant": "Rights groups",
    "tags": "",
}


def test_two_editors_same_version_second_gets_conflict_then_wins_on_resubmit(app, session, auth):
    a_user, b_user = (
        make_user(session, Role.EDITOR, display_name="Editor A"),
        make_user(session, Role.EDITOR, display_name="Editor B"),
    )
    claim = make_claim(session)
    session.commit()
    a, b = app.test_client(), app.test_client()
    auth.login(a_user, client=a)
    auth.login(b_user, client=b)
    version_a = hidden_version(a.get(f"/review/claims/{claim.id}/edit").get_data(as_text=True))
    version_b = hidden_version(b.get(f"/review/claims/{claim.id}/edit").get_data(as_text=True))
    assert version_a == version_b == 1

    assert (
        a.post(
            f"/review/claims/{claim.id}/edit", data={**FORM, "claimant": "Amnesty", "version": "1"}
        ).status_code
        == 302
    )
    response = b.post(
        f"/review/claims/{claim.id}/edit", data={**FORM, "claimant": "Human Rights Watch", "version": "1"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Editor A" in page
    row = re.search(r'<tr class="differs">\s*<th scope="row">Claimant.*?</tr>', page, re.S).group(0)
    assert "Amnesty" in row and "Human Rights Watch" in row
    assert 'value="Human Rights Watch"' in page  # B's typing kept in a form to resubmit
    session.refresh(claim)
    assert (claim.claimant, claim.version) == ("Amnesty", 2)

    assert hidden_version(page) == 2
    resubmit = {**FORM, "claimant": "Human Rights Watch", "version": "2"}
    assert b.post(f"/review/claims/{claim.id}/edit", data=resubmit).status_code == 302
    session.refresh(claim)
    assert claim.claimant == "Human Rights Watch"
    changes = session.execute(
        select(Revision.actor_id, Revision.changes).where(
            Revision.claim_id == claim.id, Revision.action == "update"
        )
    ).all()
    assert [(actor, c["claimant"][1]) for actor, c in changes] == [
        (a_user.id, "Amnesty"),
        (b_user.id, "Human Rights Watch"),
    ]


def test_a_race_between_check_and_write_is_a_conflict_too(client, auth, session):
    user = make_user(session, Role.EDITOR)
    claim = make_claim(session)
    session.commit()
    auth.login(user)
    fired = []

    def sneak_in(sess: Session, _ctx, _instances) -> None:
        # Another writer commits between our version check and our UPDATE.
        if not fired:
            fired.append(True)
            sess.connection().execute(
                text("UPDATE claims SET version = version + 1 WHERE id = :id"), {"id": claim.id}
            )

    event.listen(Session, "before_flush", sneak_in)
    try:
        response = client.post(
            f"/review/claims/{claim.id}/edit", data={**FORM, "claimant": "Mine", "version": "1"}
        )
    finally:
        event.remove(Session, "before_flush", sneak_in)
    assert fired and response.status_code == 409
    session.refresh(claim)
    assert claim.claimant == "Human rights groups"


def test_evidence_edit_conflict(client, auth, session):
    staff_user = make_user(session, Role.EDITOR)
    claim = make_claim(session)
    evidence = make_evidence(session, claim)
    session.commit()
    auth.login(staff_user)
    evidence.title = "Changed by someone else"
    session.commit()
    response = client.post(
        f"/review/evidence/{evidence.id}/edit",
        data={"url": "https://x.example/", "title": "Mine", "stance": "refutes", "version": "1"},
    )
    assert response.status_code == 409
    assert "Changed by someone else" in response.get_data(as_text=True)
    session.refresh(evidence)
    assert (evidence.title, evidence.stance.value) == ("Changed by someone else", "supports")


def test_a_failing_history_write_leaves_the_claim_unchanged(client, auth, session, monkeypatch):
    user = make_user(session, Role.EDITOR)
    claim = make_claim(session)
    session.commit()
    auth.login(user)
    revisions = session.execute(select(func.count()).select_from(Revision)).scalar_one()

    def broken(*_args, **_kwargs):
        raise RuntimeError("history store unavailable")

    monkeypatch.setattr("claims.models.history._changes", broken)
    with pytest.raises(RuntimeError, match="history store unavailable"):
        client.post(f"/review/claims/{claim.id}/edit", data={**FORM, "claimant": "Lost", "version": "1"})
    session.rollback()
    monkeypatch.undo()
    row = session.execute(text("SELECT claimant, version FROM claims WHERE id = :id"), {"id": claim.id}).one()
    assert tuple(row) == ("Human rights groups", 1)
    assert session.execute(select(func.count()).select_from(Revision)).scalar_one() == revisions


@pytest.mark.parametrize("statement", ["UPDATE revisions SET action = 'delete'", "DELETE FROM revisions"])
def test_revisions_refuse_raw_update_and_delete(session, statement):
    claim = make_claim(session)
    session.commit()
    count = session.execute(select(func.count()).select_from(Revision)).scalar_one()
    assert count >= 1
    session.commit()
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as conn:
        conn.execute(text(statement))
    assert session.execute(select(func.count()).select_from(Revision)).scalar_one() == count
    assert session.get(Claim, claim.id) is not None
