"""Imports go through approval: no imported verdict, ours or another fact-checker's, is published alone."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from claims.models import ClaimStatus, Role, Verdict, VerdictState
from claims.services.imports.claimreview_import import import_claimreview_texts
from claims.services.imports.csv_claims import import_csv
from claims.services.verdicts import ReviewError, approve_verdict, may_approve
from tests.factories import make_user

SAMPLES = Path(__file__).parent / "fixtures" / "claimreview-samples"
AFP = "afp-factcheck-page.html"
AFP_URL = "https://factcheck.afp.com/cdc-does-not-add-flu-and-pneumonia-deaths-covid-19-toll"
CSV_HEADER = (
    "restated_claim,claimant,status,rating,external_rating,rated_by,external_review_url,published_at\r\n"
)


def _approve_on_the_page(client, auth, verdict: Verdict, editor) -> str:
    """Approve through the normal approval page and return the public claim page."""
    auth.login(editor)
    page = client.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    assert 'id="approve-form"' in page
    response = client.post(f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version)})
    assert response.status_code == 302, response.get_data(as_text=True)
    auth.logout()
    return client.get(f"/claims/{verdict.claim_id}", follow_redirects=True).get_data(as_text=True)


def test_claimreview_import_waits_for_a_second_editor(client, auth, session):
    importer, editor = make_user(session, Role.EDITOR), make_user(session, Role.EDITOR)
    tally = import_claimreview_texts(session, [(AFP, (SAMPLES / AFP).read_bytes())], importer=importer)
    session.commit()
    assert tally.created == 1
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.state is VerdictState.SUBMITTED and verdict.claim.status is ClaimStatus.IN_REVIEW
    assert verdict.author is importer and verdict.approver is None and verdict.approved_at is None
    assert client.get(f"/claims/{verdict.claim_id}").status_code == 404
    assert "AFP Fact Check" not in client.get("/").get_data(as_text=True)
    # The importer cannot approve their own import, in the service or on the page.
    assert not may_approve(session, verdict, importer)
    with pytest.raises(ReviewError, match="other than its author"):
        approve_verdict(session, verdict, importer)
    session.rollback()
    auth.login(importer)
    assert client.post(f"/review/verdicts/{verdict.id}/approve", data={"version": "1"}).status_code == 403
    auth.logout()
    page = client.get(f"/review/verdicts/{verdict.id}")
    assert page.status_code in (302, 401, 403)
    auth.login(editor)
    approval = client.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    assert "Rated by" in approval and "AFP Fact Check" in approval and AFP_URL in approval
    auth.logout()

    public = _approve_on_the_page(client, auth, verdict, editor)
    session.expire_all()
    verdict = session.get(Verdict, verdict.id)
    assert verdict.state is VerdictState.PUBLISHED and verdict.claim.status is ClaimStatus.PUBLISHED
    assert verdict.approver is editor and verdict.external_publisher == "AFP Fact Check"
    # Their publication time stays theirs; our approval time is the approval's.
    assert verdict.published_at == datetime(2020, 6, 24, 0, 3, tzinfo=UTC)
    assert verdict.approved_at is not None and verdict.approved_at != verdict.published_at
    assert "Rated by" in public and f'href="{AFP_URL}"' in public and "24 June 2020" in public
    assert "Who checked this" not in public


def test_an_import_without_a_user_may_be_approved_by_any_editor(client, auth, session, runner):
    result = runner.invoke(args=["import", "claimreview", str(SAMPLES / AFP)])
    assert result.exit_code == 0, result.output
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.author is None and verdict.state is VerdictState.SUBMITTED
    editor = make_user(session, Role.EDITOR)
    session.commit()
    assert may_approve(session, verdict, editor)
    public = _approve_on_the_page(client, auth, verdict, editor)
    assert "Rated by" in public and "AFP Fact Check" in public


def test_an_undated_import_shows_date_unknown_once_approved(client, auth, session):
    text = (SAMPLES / "factcheck-tools-claim.json").read_text(encoding="utf-8")
    import_claimreview_texts(
        session, [("undated.json", text.replace('"reviewDate":"2019-06-20T12:12:40Z",', ""))]
    )
    editor = make_user(session, Role.EDITOR)
    session.commit()
    verdict = session.execute(select(Verdict)).scalar_one()
    public = _approve_on_the_page(client, auth, verdict, editor)
    session.expire_all()
    verdict = session.get(Verdict, verdict.id)
    assert verdict.state is VerdictState.PUBLISHED and verdict.published_at is None
    assert verdict.listed_at is not None
    assert "publication date unknown" in public and "article:published_time" not in public
    home = client.get("/").get_data(as_text=True)
    assert "Rated by vishvasnews.com" in home and "Publication date unknown" in home
    api = client.get(f"/api/v1/claims/{verdict.claim_id}").get_json()
    assert api["verdict"]["published_at"] is None


def test_csv_rated_by_rows_wait_for_approval_and_stay_theirs(client, auth, session):
    importer, editor = make_user(session, Role.EDITOR), make_user(session, Role.EDITOR)
    text = CSV_HEADER + (
        "Dated claim,Someone,published,,Falso,Agência Lupa,https://lupa.example/1,2020-01-02T03:04:05Z\r\n"
        "Undated claim,Someone,new,,Falso,Agência Lupa,https://lupa.example/2,\r\n"
    )
    assert import_csv(session, text, importer).written
    session.commit()
    verdicts = session.execute(select(Verdict).order_by(Verdict.id)).scalars().all()
    assert [v.state for v in verdicts] == [VerdictState.SUBMITTED] * 2
    assert [v.claim.status for v in verdicts] == [ClaimStatus.IN_REVIEW] * 2
    assert all(v.author is importer and v.approver is None for v in verdicts)
    assert [v.published_at for v in verdicts] == [datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC), None]
    assert "Agência Lupa" not in client.get("/").get_data(as_text=True)
    with pytest.raises(ReviewError, match="other than its author"):
        approve_verdict(session, verdicts[0], importer)
    session.rollback()

    dated = _approve_on_the_page(client, auth, verdicts[0], editor)
    undated = _approve_on_the_page(client, auth, verdicts[1], editor)
    session.expire_all()
    first, second = (session.get(Verdict, v.id) for v in verdicts)
    assert first.state is second.state is VerdictState.PUBLISHED
    assert first.published_at == datetime(2020, 1, 2, 3, 4, 5, tzinfo=UTC) and second.published_at is None
    assert (first.external_publisher, first.external_rating, first.external_url) == (
        "Agência Lupa",
        "Falso",
        "https://lupa.example/1",
    )
    assert "Rated by" in dated and "Agência Lupa" in dated and "2 January 2020" in dated
    assert "publication date unknown" in undated
