"""The claim workspace: editing, per-object access, no mass assignment, status moves, assignment, comments."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claims.models import Claim, ClaimStatus, Comment, Revision, Role
from tests.factories import make_claim, make_user
from tests.review_support import field_error

EDIT = {
    "quote": "roughly 10 million Uighurs",
    "restated": "About 10 million Uighurs live there.",
    "claimant": "Rights groups",
    "tags": "population",
}


def _edit(client, claim, **changes):
    return client.post(
        f"/review/claims/{claim.id}/edit", data={**EDIT, "version": str(claim.version), **changes}
    )


def test_workspace_shows_the_claim_and_its_allowed_moves(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.get(f"/review/claims/{claim.id}")
    page = response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    assert claim.restated in page and "Move to Researching" in page
    assert "Move to Published" not in page  # publishing is an editor's approval


def test_edit_a_claim(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    form = client.get(f"/review/claims/{claim.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in form
    assert _edit(client, claim, claimant="Amnesty").status_code == 302
    session.refresh(claim)
    assert (claim.claimant, claim.version, [t.name for t in claim.tags]) == ("Amnesty", 2, ["population"])


def test_edit_errors_show_next_to_the_field_and_keep_input(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = _edit(
        client, claim, restated="", claimant="Typed claimant", claimed_on="31/31/2020", tags="x" * 81
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "required" in field_error(page, "restated")
    assert "date" in field_error(page, "claimed_on").lower()
    assert "80 characters" in field_error(page, "tags")
    assert 'value="Typed claimant"' in page
    response = _edit(client, claim, quote="not in the body")
    assert "not in the article" in field_error(response.get_data(as_text=True), "quote")
    session.refresh(claim)
    assert claim.version == 1


def test_over_long_fields_are_refused(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = _edit(client, claim, restated="x" * 301, claimant="y" * 201)
    page = response.get_data(as_text=True)
    assert "300" in field_error(page, "restated") and "200" in field_error(page, "claimant")
    session.refresh(claim)
    assert claim.version == 1


@pytest.mark.parametrize("how", ["assigned_elsewhere", "someone_elses"])
def test_reviewer_cannot_edit_a_claim_assigned_to_someone_else(client, auth, session, how):
    me = auth.as_role()
    other = make_user(session)
    claim = make_claim(session, assignee=other, created_by=other if how == "someone_elses" else None)
    session.commit()
    assert client.get(f"/review/claims/{claim.id}/edit").status_code == 403
    assert _edit(client, claim, claimant="Changed").status_code == 403
    for path, data in [
        ("status", {"target": "researching"}),
        ("assign", {"assignee": str(me.id)}),
        ("evidence/new", {}),
        ("verdict", {}),
    ]:
        assert (
            client.post(f"/review/claims/{claim.id}/{path}", data={**data, "version": "1"}).status_code == 403
        )
    session.refresh(claim)
    assert (claim.claimant, claim.status, claim.assignee_id, claim.version) == (
        "Human rights groups",
        ClaimStatus.NEW,
        other.id,
        1,
    )
    assert "you can read it and comment" in client.get(f"/review/claims/{claim.id}").get_data(as_text=True)


def test_reviewer_may_edit_own_unassigned_or_created_claims_and_editors_any(client, auth, session):
    me = auth.as_role()
    other = make_user(session)
    own = make_claim(session, assignee=other, created_by=me)
    unassigned = make_claim(session)
    mine = make_claim(session, assignee=me)
    session.commit()
    for claim in (own, unassigned, mine):
        assert _edit(client, claim, claimant="Edited").status_code == 302
    editor = make_user(session, Role.EDITOR)
    theirs = make_claim(session, assignee=other, created_by=other)
    session.commit()
    auth.login(editor)
    assert _edit(client, theirs, claimant="By the editor").status_code == 302


def test_extra_fields_are_ignored(client, auth, session):
    me = auth.as_role()
    other = make_user(session)
    claim = make_claim(session)
    session.commit()
    extra = {
        "status": "published",
        "author_id": str(other.id),
        "created_by_id": str(other.id),
        "assignee_id": str(other.id),
        "id": "999",
    }
    assert _edit(client, claim, claimant="New name", **extra).status_code == 302
    session.refresh(claim)
    assert (claim.claimant, claim.status, claim.created_by_id, claim.assignee_id, claim.id) == (
        "New name",
        ClaimStatus.NEW,
        None,
        None,
        claim.id,
    )
    article_id = claim.article_id
    client.post(
        f"/review/articles/{article_id}/claims/new",
        data={**EDIT, "version": "50", "status": "published", "created_by_id": str(other.id)},
    )
    created = session.execute(select(Claim).order_by(Claim.id.desc())).scalars().first()
    assert (created.version, created.status, created.created_by_id) == (1, ClaimStatus.NEW, me.id)


def test_status_moves_follow_the_workflow(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(
        f"/review/claims/{claim.id}/status", data={"target": "researching", "version": "1"}
    )
    assert response.status_code == 302
    session.refresh(claim)
    assert claim.status is ClaimStatus.RESEARCHING
    # Not an allowed move from researching: refused with a message, nothing changed.
    response = client.post(
        f"/review/claims/{claim.id}/status",
        data={"target": "published", "version": str(claim.version)},
        follow_redirects=True,
    )
    assert "cannot move from Researching to Published" in response.get_data(as_text=True)
    response = client.post(
        f"/review/claims/{claim.id}/status",
        data={"target": "in_review", "version": str(claim.version)},
        follow_redirects=True,
    )
    assert "Write a verdict before" in response.get_data(as_text=True)
    session.refresh(claim)
    assert claim.status is ClaimStatus.RESEARCHING


def test_mark_not_checkable_needs_a_reason(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/not-checkable", data={"reason": "  ", "version": "1"})
    assert response.status_code == 400
    assert "required" in field_error(response.get_data(as_text=True), "reason")
    response = client.post(
        f"/review/claims/{claim.id}/not-checkable", data={"reason": "A prediction.", "version": "1"}
    )
    assert response.status_code == 302
    session.refresh(claim)
    assert (claim.status, claim.not_checkable_reason) == (ClaimStatus.NOT_CHECKABLE, "A prediction.")


def test_assign_a_claim(client, auth, session):
    auth.as_role()
    other = make_user(session, display_name="Ada Reviewer")
    claim = make_claim(session)
    session.commit()
    assert (
        client.post(
            f"/review/claims/{claim.id}/assign", data={"assignee": str(other.id), "version": "1"}
        ).status_code
        == 302
    )
    session.refresh(claim)
    assert claim.assignee_id == other.id
    response = client.post(f"/review/claims/{claim.id}/assign", data={"assignee": "99999", "version": "2"})
    assert response.status_code == 403  # now assigned to someone else: no longer mine to change


def test_assign_refuses_an_unknown_user(client, auth, session):
    auth.as_role(Role.EDITOR)
    claim = make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/assign", data={"assignee": "99999", "version": "1"})
    assert response.status_code == 400
    assert "Not a valid choice" in field_error(response.get_data(as_text=True), "assignee")


def test_comments_are_added_and_empty_ones_refused(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(f"/review/claims/{claim.id}/comments", data={"body": ""})
    assert response.status_code == 400
    assert "required" in field_error(response.get_data(as_text=True), "body")
    client.post(f"/review/claims/{claim.id}/comments", data={"body": "Check the 2010 census."})
    assert session.execute(select(Comment.body)).scalar_one() == "Check the 2010 census."


def test_each_edit_adds_exactly_one_revision_and_history_shows_it(client, auth, session):
    user = auth.as_role(display_name="Rita Reviewer")
    claim = make_claim(session)
    session.commit()
    count = select(func.count()).select_from(Revision).where(Revision.claim_id == claim.id)
    before = session.execute(count).scalar_one()
    _edit(client, claim, claimant="Amnesty")
    assert session.execute(count).scalar_one() == before + 1
    page = client.get(f"/review/claims/{claim.id}/history").get_data(as_text=True)
    assert "Rita Reviewer" in page and "Human rights groups" in page and "Amnesty" in page
    last = session.execute(select(Revision).order_by(Revision.id.desc())).scalars().first()
    assert last.actor_id == user.id and last.changes["claimant"] == ["Human rights groups", "Amnesty"]
