"""bench.generate: the archive it writes has the shape the app expects, read through the app's own services."""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bench.generate import SEARCH_WORD, GenerateError, GenerateResult, generate, main, prepare_empty
from bench.generate_base import COLUMNS
from claims.models import Claim, ClaimStatus, Comment, Correction, Evidence, Revision, Verdict, VerdictState
from claims.orm import utcnow
from claims.services.claim_filters import filter_conditions
from claims.services.history import claim_history
from claims.services.publication import published_claims, work_in_progress_counts
from claims.services.search import ClaimFilters, search_claims

CLAIMS = 300


@pytest.fixture
def generated(database_url: str) -> GenerateResult:
    """The test database (already migrated, holding the default scale) filled with CLAIMS claims."""
    return generate(database_url, CLAIMS, seed=3, progress=False)


def test_counts_match_the_database(generated: GenerateResult, session: Any) -> None:
    for model in (Claim, Verdict, Evidence, Correction, Comment, Revision):
        assert (
            session.scalar(select(func.count()).select_from(model)) == generated.counts[model.__tablename__]
        )
    assert generated.counts["claims"] == CLAIMS
    assert generated.counts["articles"] == CLAIMS // 10


def test_statuses_and_published_claims(generated: GenerateResult, session: Any) -> None:
    statuses = Counter(session.scalars(select(Claim.status)))
    assert set(statuses) == set(ClaimStatus)
    visible = {claim.id for claim, _verdict in session.execute(published_claims())}
    assert 0.6 <= len(visible) / CLAIMS <= 0.8
    with_published_verdict = set(
        session.scalars(select(Verdict.claim_id).where(Verdict.state == VerdictState.PUBLISHED))
    )
    assert visible == with_published_verdict
    published = set(session.scalars(select(Claim.id).where(Claim.status == ClaimStatus.PUBLISHED)))
    assert published <= visible
    # The rest of the visible claims are reopened: researching, with their published verdict still public.
    reopened = visible - published
    assert reopened
    assert {session.get(Claim, claim_id).status for claim_id in reopened} == {ClaimStatus.RESEARCHING}
    counts = work_in_progress_counts(session)
    for status in (ClaimStatus.NEW, ClaimStatus.RESEARCHING, ClaimStatus.IN_REVIEW):
        assert counts.get(status, 0) == statuses[status]


def test_every_claim_keeps_the_models_invariants(generated: GenerateResult, session: Any) -> None:
    claims = session.scalars(select(Claim).options(selectinload(Claim.article))).all()
    for claim in claims:
        claim.check_invariants()  # the quote is the article's text at the span; reasons are given
    anchored = [claim for claim in claims if claim.article is not None]
    assert anchored and all(c.article.body[c.span_start : c.span_end] == c.quote for c in anchored)
    assert any(claim.article_id is None and claim.appearance_url for claim in claims)


def test_verdicts_evidence_and_history(generated: GenerateResult, session: Any) -> None:
    published = session.scalars(select(Verdict).where(Verdict.state == VerdictState.PUBLISHED)).all()
    own = [v for v in published if v.external_publisher is None]
    assert all(v.author_id and v.approver_id and v.author_id != v.approver_id for v in own)
    assert any(v.external_publisher and v.external_rating and v.external_url for v in published)
    assert len({v.published_at for v in published}) == len(published)
    per_claim = Counter(session.scalars(select(Evidence.claim_id)))
    assert max(per_claim.values()) <= 6
    assert len(per_claim) < CLAIMS  # some claims have no evidence at all
    public = session.execute(
        published_claims()
        .join(Evidence, Evidence.claim_id == Claim.id)
        .where(Evidence.withdrawn_at.is_(None), Evidence.created_at <= Verdict.published_at)
        .with_only_columns(func.count())
    ).scalar_one()
    assert public > 0
    created = set(
        session.scalars(
            select(Revision.entity_id).where(Revision.entity_type == "claims", Revision.action == "create")
        )
    )
    assert created == set(range(1, CLAIMS + 1))


def test_public_pages_render_the_archive(generated: GenerateResult, session: Any, client: Any) -> None:
    claim, _verdict = session.execute(published_claims().where(Claim.article_id.is_not(None)).limit(1)).one()
    paths = ["/", f"/claims?q={SEARCH_WORD}", f"/claims/{claim.id}", f"/articles/{claim.article_id}"]
    paths += ["/corrections", "/ratings", "/feed.atom"]
    for path in paths:
        assert client.get(path, follow_redirects=True).status_code == 200, path
    assert claim_history(session, claim.id)[0].changes["restated"] == [None, claim.restated]


def test_search_finds_some_claims_not_all(generated: GenerateResult, session: Any) -> None:
    found = search_claims(session, ClaimFilters(q=SEARCH_WORD), limit=100).items
    assert 0 < len(found) < CLAIMS * 0.2
    assert generated.search_hits > 0


def test_orm_writes_continue_after_generation(generated: GenerateResult, session: Any) -> None:
    claim = Claim(restated="Zebras outnumber people in the capital.", claimant="A reader")
    session.add(claim)
    session.flush()
    verdict = Verdict(claim=claim, conclusion="Not so.")
    evidence = Evidence(claim=claim, url="https://zoo.example/census", title="Zoo census", stance="refutes")
    session.add_all([verdict, evidence])
    session.commit()
    assert (claim.id, verdict.id, evidence.id) == (
        CLAIMS + 1,
        generated.counts["verdicts"] + 1,
        generated.counts["evidence"] + 1,
    )
    # The full-text triggers are back: the new claim is indexed as it is written.
    matches = session.scalars(
        select(Claim.id).where(*filter_conditions(ClaimFilters(q="zebras"), staff=True))
    )
    assert list(matches) == [claim.id]
    assert claim.created_at <= utcnow()


def test_refuses_a_database_with_data(generated: GenerateResult, database_url: str) -> None:
    with pytest.raises(GenerateError, match="already holds rows"):
        generate(database_url, 10, progress=False)


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    conn = sqlite3.connect(path)
    try:
        # The generator's own tables: the migrations stamp theirs (the rating scale) with the current time.
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in COLUMNS}  # noqa: S608
    finally:
        conn.close()


def test_same_seed_same_archive(tmp_path: Path) -> None:
    first, second = tmp_path / "one.db", tmp_path / "two.db"
    for path in (first, second):
        generate(f"sqlite:///{path}", 120, seed=5, progress=False)
    assert _dump(first) == _dump(second)


def test_cli_refuses_tables_unless_reset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.db"
    args = ["--claims", "40", "--database-url", f"sqlite:///{target}", "--no-progress"]
    main(args)
    assert "40 claims" in capsys.readouterr().out
    with pytest.raises(SystemExit) as refused:
        main(args)
    assert refused.value.code == 1
    with pytest.raises(GenerateError, match="--reset"):
        prepare_empty(f"sqlite:///{target}", reset=False)
    main([*args, "--reset", "--seed", "2"])
    assert "revisions" in capsys.readouterr().out
