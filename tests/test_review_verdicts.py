"""Verdicts: write and submit, approval by another editor, sending back, corrections on reopened claims."""

from __future__ import annotations

from sqlalchemy import select

from claims.models import ClaimStatus, Comment, Correction, Role, Verdict, VerdictState
from claims.services.ratings import level_by_label
from tests.factories import make_claim, make_user
from tests.review_support import field_error, hidden_version


def _write(client, claim, level, submit=True, **extra):
    data = {
        "rating_level_id": str(level.id),
        "conclusion": "China's census counts 10 million.",
        "explanation": "The 2010 census.",
        **extra,
    }
    if submit:
        data["submit_for_approval"] = "y"
    page = client.get(f"/review/claims/{claim.id}/verdict").get_data(as_text=True)
    data.setdefault("version", str(hidden_version(page)))
    return client.post(f"/review/claims/{claim.id}/verdict", data=data)


def test_only_current_levels_of_the_active_scale_are_offered(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    level_by_label(session, "Mixed").retired = True
    session.commit()
    page = client.get(f"/review/claims/{claim.id}/verdict").get_data(as_text=True)
    assert "Mostly true" in page and ">Mixed<" not in page
    response = _write(client, claim, level_by_label(session, "Mixed"))
    assert response.status_code == 400
    assert "Not a valid choice" in field_error(response.get_data(as_text=True), "rating_level_id")
    response = client.post(
        f"/review/claims/{claim.id}/verdict",
        data={"rating_level_id": "999999", "conclusion": "x", "version": "0"},
    )
    assert "Not a valid choice" in field_error(response.get_data(as_text=True), "rating_level_id")
    assert session.execute(select(Verdict)).first() is None


def test_submit_needs_a_rating_and_conclusion(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    response = client.post(
        f"/review/claims/{claim.id}/verdict",
        data={"rating_level_id": "", "conclusion": "", "version": "0", "submit_for_approval": "y"},
    )
    assert response.status_code == 400
    assert "needs a rating" in field_error(response.get_data(as_text=True), "rating_level_id")
    assert session.execute(select(Verdict)).first() is None


def test_the_whole_approval_and_the_author_cannot_approve(client, auth, session, app):
    author = auth.as_role(Role.EDITOR)  # an editor writing a verdict still needs another editor
    claim = make_claim(session)
    session.commit()
    false = level_by_label(session, "False")
    assert _write(client, claim, false, submit=False).status_code == 302
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.state is VerdictState.DRAFT and verdict.author_id == author.id
    assert _write(client, claim, false).status_code == 302
    session.refresh(claim)
    assert (verdict.state, claim.status) == (VerdictState.SUBMITTED, ClaimStatus.IN_REVIEW)

    page = client.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    assert "another editor must approve" in page and "Approve and publish" not in page
    assert (
        client.post(
            f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version)}
        ).status_code
        == 403
    )
    session.refresh(verdict)
    assert verdict.state is VerdictState.SUBMITTED

    editor = make_user(session, Role.EDITOR)
    session.commit()
    other = app.test_client()
    auth.login(editor, client=other)
    page = other.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    assert "Approve and publish" in page and "correction_note" not in page
    assert (
        other.post(
            f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version)}
        ).status_code
        == 302
    )
    session.refresh(verdict)
    assert (
        verdict.state is VerdictState.PUBLISHED
        and verdict.published_at is not None
        and verdict.approver_id == editor.id
    )
    assert "China&#39;s census counts 10 million." in other.get("/").get_data(as_text=True)


def test_a_reviewer_cannot_reach_approval(client, auth, session):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    _write(client, claim, level_by_label(session, "True"))
    verdict = session.execute(select(Verdict)).scalar_one()
    assert client.get(f"/review/verdicts/{verdict.id}").status_code == 403
    assert client.post(f"/review/verdicts/{verdict.id}/approve", data={"version": "2"}).status_code == 403


def test_send_back_with_a_comment(client, auth, session, app):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    _write(client, claim, level_by_label(session, "True"))
    verdict = session.execute(select(Verdict)).scalar_one()
    editor = make_user(session, Role.EDITOR)
    session.commit()
    other = app.test_client()
    auth.login(editor, client=other)
    response = other.post(
        f"/review/verdicts/{verdict.id}/return", data={"comment": "", "version": str(verdict.version)}
    )
    assert response.status_code == 400 and "required" in field_error(
        response.get_data(as_text=True), "comment"
    )
    assert (
        other.post(
            f"/review/verdicts/{verdict.id}/return",
            data={"comment": "Cite the census.", "version": str(verdict.version)},
        ).status_code
        == 302
    )
    session.refresh(verdict)
    session.refresh(claim)
    assert (verdict.state, claim.status) == (VerdictState.RETURNED, ClaimStatus.RESEARCHING)
    assert session.execute(select(Comment.body)).scalar_one() == "Cite the census."


def test_reopening_and_correcting_a_published_verdict(client, auth, session, app):
    reviewer = auth.as_role()
    claim = make_claim(session, assignee=reviewer)
    session.commit()
    _write(client, claim, level_by_label(session, "True"))
    editor = make_user(session, Role.EDITOR)
    session.commit()
    ed = app.test_client()
    auth.login(editor, client=ed)
    first = session.execute(select(Verdict)).scalar_one()
    ed.post(f"/review/verdicts/{first.id}/approve", data={"version": str(first.version)})
    session.refresh(claim)
    assert claim.status is ClaimStatus.PUBLISHED

    assert (
        client.post(
            f"/review/claims/{claim.id}/status", data={"target": "researching", "version": str(claim.version)}
        ).status_code
        == 302
    )
    drafts = session.execute(select(Verdict).where(Verdict.state == VerdictState.DRAFT)).scalars().all()
    assert len(drafts) == 1 and drafts[0].rating_level.label == "True"  # started from the published one
    assert "China&#39;s census" in client.get("/").get_data(as_text=True)  # the old verdict stays public

    _write(client, claim, level_by_label(session, "Mostly true"), conclusion="Roughly right.")
    second = drafts[0]
    session.refresh(second)
    page = ed.get(f"/review/verdicts/{second.id}").get_data(as_text=True)
    assert "a correction note is required" in page and 'name="correction_note"' in page
    response = ed.post(
        f"/review/verdicts/{second.id}/approve", data={"correction_note": " ", "version": str(second.version)}
    )
    assert response.status_code == 400
    assert "correction note" in field_error(response.get_data(as_text=True), "correction_note")
    assert (
        ed.post(
            f"/review/verdicts/{second.id}/approve",
            data={"correction_note": "Census rounding.", "version": str(second.version)},
        ).status_code
        == 302
    )
    correction = session.execute(select(Correction)).scalar_one()
    assert (correction.old_rating.label, correction.new_rating.label, correction.note) == (
        "True",
        "Mostly true",
        "Census rounding.",
    )
    session.refresh(first)
    assert first.state is VerdictState.SUPERSEDED


def test_an_editor_who_edited_the_verdict_cannot_approve_it(client, auth, session, app):
    auth.as_role()
    claim = make_claim(session)
    session.commit()
    _write(client, claim, level_by_label(session, "True"), submit=False)
    editor = make_user(session, Role.EDITOR)
    session.commit()
    ed = app.test_client()
    auth.login(editor, client=ed)
    _write(ed, claim, level_by_label(session, "False"))
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.state is VerdictState.SUBMITTED
    assert (
        ed.post(f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version)}).status_code
        == 403
    )
