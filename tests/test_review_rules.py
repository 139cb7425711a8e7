"""Rules that keep published work stable: locked until reopened, verdicts only while researching,
retired levels that do not block other work, and edits on reopening kept back from readers."""

from __future__ import annotations

from claims.models import ClaimStatus, Evidence, Role, VerdictState
from claims.services.publication import published_claim
from claims.services.ratings import level_by_label
from claims.services.verdicts import approve_verdict, start_verdict, submit_verdict
from tests.factories import make_claim, make_evidence, make_user


def _published(session):
    author, editor = make_user(session), make_user(session, Role.EDITOR)
    claim = make_claim(session, assignee=None)
    make_evidence(session, claim, title="Census 2010")
    verdict = start_verdict(session, claim, author)
    verdict.rating_level, verdict.conclusion = level_by_label(session, "Mostly true"), "About right."
    submit_verdict(verdict)
    session.flush()
    approve_verdict(session, verdict, editor)
    session.commit()
    return claim


def test_a_published_claim_cannot_be_changed_until_reopened(client, auth, session):
    claim = _published(session)
    auth.as_role(Role.EDITOR)
    evidence = claim.evidence[0]
    attempts = [
        ("/review/claims/{c}/edit", {"restated": "Rewritten", "claimant": "X", "quote": claim.quote, "version": "2"}),
        ("/review/claims/{c}/evidence/new", {"url": "https://evil.example/", "title": "Planted", "stance": "supports"}),
        ("/review/evidence/{e}/edit", {"url": "https://evil.example/", "title": "Swapped", "stance": "supports",
                                       "version": str(evidence.version)}),
        ("/review/evidence/{e}/withdraw", {"reason": "gone", "version": str(evidence.version)}),
        ("/review/claims/{c}/verdict", {"rating_level_id": "", "conclusion": "New", "version": "0"}),
    ]  # fmt: skip
    for path, data in attempts:
        response = client.post(path.format(c=claim.id, e=evidence.id), data=data)
        assert response.status_code == 302 and f"/review/claims/{claim.id}" in response.headers["Location"], (
            path
        )
    page = client.get(f"/review/claims/{claim.id}").get_data(as_text=True)
    assert "Reopen it" in page
    session.expire_all()
    assert claim.restated == "The region has about 10 million Uighurs."
    assert [e.title for e in claim.evidence] == ["Census 2010"] and not claim.evidence[0].withdrawn
    assert len(claim.verdicts) == 1


def test_evidence_added_after_reopening_waits_for_the_next_approval(session):
    claim = _published(session)
    claim.status = ClaimStatus.RESEARCHING
    make_evidence(session, claim, title="Added on reopening")
    session.commit()
    assert _public_titles(session, claim) == ["Census 2010"]


def _public_titles(session, claim):
    return [e.title for e in published_claim(session, claim.id)[1].evidence]


def test_verdicts_are_written_only_while_researching(client, auth, session):
    user = auth.as_role(Role.REVIEWER)
    claim = make_claim(session, created_by=user)
    claim.not_checkable_reason = "An opinion."
    claim.status = ClaimStatus.NOT_CHECKABLE
    session.commit()
    level = level_by_label(session, "True")
    data = {"rating_level_id": str(level.id), "conclusion": "Yes.", "explanation": "", "version": "0"}
    for extra in ({}, {"submit_for_approval": "1"}):
        response = client.post(f"/review/claims/{claim.id}/verdict", data={**data, **extra})
        assert response.status_code == 400
        assert "move it back to Researching" in response.get_data(as_text=True)
    session.expire_all()
    assert claim.verdicts == [] and claim.status is ClaimStatus.NOT_CHECKABLE


def test_retiring_a_level_does_not_block_sending_its_verdict_back(client, auth, session):
    author = make_user(session)
    claim = make_claim(session)
    verdict = start_verdict(session, claim, author)
    verdict.rating_level, verdict.conclusion = level_by_label(session, "Mixed"), "Partly."
    submit_verdict(verdict)
    session.commit()
    level_by_label(session, "Mixed").retired = True
    session.commit()
    auth.as_role(Role.EDITOR)
    response = client.post(
        f"/review/verdicts/{verdict.id}/return",
        data={"comment": "Use a current level.", "version": verdict.version},
    )
    assert response.status_code == 302
    session.expire_all()
    assert verdict.state is VerdictState.RETURNED and claim.status is ClaimStatus.RESEARCHING
    assert session.query(Evidence).count() == 0


def test_while_reopened_edits_reach_readers_only_with_the_next_approval(client, auth, session):
    claim = _published(session)
    reviewer = make_user(session)
    claim.assignee = reviewer
    claim.status = ClaimStatus.RESEARCHING  # reopened: the old verdict and its snapshot stay public
    session.commit()
    shown = claim.evidence[0]

    auth.login(reviewer)
    edit = {"restated": "Rewritten", "claimant": "X", "quote": claim.quote, "version": str(claim.version)}
    assert client.post(f"/review/claims/{claim.id}/edit", data=edit).status_code == 302
    withdraw = {"reason": "gone", "version": str(shown.version)}
    assert client.post(f"/review/evidence/{shown.id}/withdraw", data=withdraw).status_code == 302
    new = {"url": "https://stats.example.org/2020", "title": "Census 2020", "stance": "context"}
    assert client.post(f"/review/claims/{claim.id}/evidence/new", data=new).status_code == 302
    session.expire_all()
    assert claim.restated == "Rewritten" and shown.withdrawn
    public_claim, _verdict = published_claim(session, claim.id)
    assert public_claim.restated == "The region has about 10 million Uighurs."
    assert _public_titles(session, claim) == ["Census 2010"]

    verdict = start_verdict(session, claim, reviewer)
    submit_verdict(verdict)
    approve_verdict(session, verdict, make_user(session, Role.EDITOR))
    session.commit()
    public_claim, _verdict = published_claim(session, claim.id)
    assert public_claim.restated == "Rewritten" and public_claim.claimant == "X"
    assert _public_titles(session, claim) == ["Census 2020"]
