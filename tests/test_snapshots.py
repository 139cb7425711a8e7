"""Published snapshots: written at approval, never changed, backfilled for rows written around the app."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from claims import create_app
from claims.extensions import db
from claims.models import (
    Claim,
    ClaimStatus,
    PublishedEvidence,
    PublishedSnapshot,
    Role,
    Verdict,
    VerdictState,
)
from claims.orm import utcnow
from claims.services.claims import move_claim
from claims.services.publication import published_claim
from claims.services.ratings import level_by_label
from tests.factories import make_claim, make_evidence, make_user
from tests.publishing import publish, staff, submit


def test_approval_copies_what_readers_see(session):
    claim = make_claim(session, restated="Copied at approval.")
    make_evidence(session, claim, title="Primary", is_primary=True)
    make_evidence(session, claim, title="Gone", withdrawn_at=utcnow())
    verdict = publish(session, claim, "Mixed", "Partly.")
    session.commit()
    snapshot = verdict.snapshot
    assert (snapshot.restated, snapshot.conclusion, snapshot.rating.label) == (
        "Copied at approval.",
        "Partly.",
        "Mixed",
    )
    assert [e.title for e in snapshot.evidence] == ["Primary"]
    assert (snapshot.best_rating, snapshot.worst_rating) == (5, 1)


def test_snapshot_rows_never_change(session):
    claim = make_claim(session)
    make_evidence(session, claim)
    publish(session, claim)
    session.commit()
    for statement in (
        update(PublishedSnapshot).values(restated="Rewritten"),
        update(PublishedEvidence).values(title="Swapped"),
    ):
        with pytest.raises(DBAPIError, match="never change"):
            session.execute(statement)
        session.rollback()


def test_approval_is_refused_when_the_claim_changed_after_the_page_was_loaded(client, auth, session):
    reviewer = make_user(session)
    claim = make_claim(session, restated="What the editor read.")
    verdict = submit(session, claim, reviewer)
    session.commit()
    auth.as_role(Role.EDITOR)
    page = client.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([0-9a-f]+)"', page).group(1)
    claim.restated = "Changed while the editor read."
    session.commit()
    response = client.post(
        f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version), "seen": seen}
    )
    assert response.status_code == 409
    assert "changed since this page was loaded" in response.get_data(as_text=True)
    session.expire_all()
    assert verdict.state is VerdictState.SUBMITTED and published_claim(session, claim.id) is None
    page = client.get(f"/review/verdicts/{verdict.id}").get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([0-9a-f]+)"', page).group(1)
    response = client.post(
        f"/review/verdicts/{verdict.id}/approve", data={"version": str(verdict.version), "seen": seen}
    )
    assert response.status_code == 302
    assert published_claim(session, claim.id)[0].restated == "Changed while the editor read."


def test_a_reopened_claim_shows_its_old_snapshot_until_approved_again(session):
    people = staff(session)
    claim = make_claim(session, restated="First wording.")
    publish(session, claim, people=people)
    move_claim(session, claim, ClaimStatus.RESEARCHING, people[0])
    claim.restated = "Second wording."
    session.commit()
    shown, _verdict = published_claim(session, claim.id)
    assert shown.restated == "First wording." and shown.under_review
    publish(session, claim, people=people)
    session.commit()
    shown, _verdict = published_claim(session, claim.id)
    assert shown.restated == "Second wording." and not shown.under_review


def test_recount_writes_the_snapshots_of_verdicts_written_around_the_app(runner, session, client):
    claim = make_claim(session, restated="Loaded in bulk.")
    make_evidence(session, claim, title="Loaded source")
    session.commit()
    now = utcnow()
    session.execute(
        insert(Verdict).values(
            claim_id=claim.id,
            state="published",
            rating_level_id=level_by_label(session, "True").id,
            conclusion="Bulk conclusion.",
            explanation="",
            published_at=now,
            listed_at=now,
            created_at=now,
            updated_at=now,
            version=1,
        )
    )
    session.execute(update(Claim).where(Claim.id == claim.id).values(status="published"))
    session.commit()
    assert client.get(f"/api/v1/claims/{claim.id}").status_code == 404  # no snapshot, nothing public
    result = runner.invoke(args=["recount"])
    assert result.exit_code == 0 and "snapshots of 1 published" in result.output
    data = client.get(f"/api/v1/claims/{claim.id}").get_json()
    assert data["claim"] == "Loaded in bulk." and data["verdict"]["rating"] == "True"
    assert [e["title"] for e in data["evidence"]] == ["Loaded source"]
    assert [c["id"] for c in client.get("/api/v1/claims?q=bulk").get_json()["data"]] == [claim.id]
    assert "snapshots" not in runner.invoke(args=["recount"]).output


@pytest.mark.skipif(bool(os.environ.get("TEST_DATABASE_URL")), reason="migrates a scratch SQLite file")
def test_migration_0007_gives_published_verdicts_the_snapshot_readers_already_saw():
    path = Path(tempfile.mkdtemp()) / "old.db"
    url = f"sqlite:///{path}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "m" * 40, "TESTING": True})
    with app.app_context():
        upgrade(revision="0006")
        engine = create_engine(url)
        stamp = "2026-01-01 12:00:00.000000"
        with engine.begin() as conn:
            run = conn.exec_driver_sql
            level = run("SELECT id FROM rating_levels WHERE label = 'True'").scalar_one()
            run(
                "INSERT INTO claims (id, restated, claimant, status, created_at, updated_at, version) "
                "VALUES (1, 'Old claim', 'Someone', 'published', ?, ?, 1)",
                (stamp, stamp),
            )
            run("INSERT INTO tags (id, name) VALUES (1, 'old tag')")
            run("INSERT INTO claim_tags (claim_id, tag_id) VALUES (1, 1)")
            verdict = (
                "INSERT INTO verdicts (id, claim_id, state, rating_level_id, conclusion, explanation, "
                "published_at, listed_at, created_at, updated_at, version) VALUES (?, 1, ?, ?, ?, '', ?, ?, ?, ?, 1)"
            )
            earlier = "2025-01-01 00:00:00.000000"
            run(verdict, (1, "superseded", level, "First", earlier, earlier, stamp, stamp))
            run(verdict, (2, "published", level, "Old conclusion", stamp, stamp, stamp, stamp))
            run(
                "INSERT INTO corrections (claim_id, previous_verdict_id, verdict_id, old_rating_level_id, "
                "new_rating_level_id, old_conclusion, new_conclusion, note, created_at, published_at) "
                "VALUES (1, 1, 2, ?, ?, 'First', 'Old conclusion', 'Note', ?, ?)",
                (level, level, stamp, stamp),
            )
            for n, (title, created, withdrawn) in enumerate(
                [
                    ("Before", "2025-12-01", None),
                    ("Withdrawn", "2025-12-01", stamp),
                    ("After", "2026-02-01", None),
                ]
            ):
                run(
                    "INSERT INTO evidence (id, claim_id, url, title, stance, is_primary, created_at, updated_at, "
                    "withdrawn_at, version) VALUES (?, 1, 'https://e.example/', ?, 'supports', 0, ?, ?, ?, 1)",
                    (n + 1, title, created + " 00:00:00.000000", stamp, withdrawn),
                )
        engine.dispose()
        upgrade()
        session = db.session
        snapshot = session.get(PublishedSnapshot, 2)
        assert (snapshot.restated, snapshot.conclusion, snapshot.rating.label) == (
            "Old claim",
            "Old conclusion",
            "True",
        )
        assert [t.name for t in snapshot.tags] == ["old tag"] and [e.title for e in snapshot.evidence] == [
            "Before"
        ]
        assert session.get(PublishedSnapshot, 1) is None  # superseded: never shown again
        versions = session.execute(
            text("SELECT old_rating_version_id, new_rating_version_id FROM corrections")
        ).one()
        assert versions == (snapshot.rating_version_id, snapshot.rating_version_id)
        found = session.execute(
            text("SELECT rowid FROM published_fts WHERE published_fts MATCH 'conclusion'")
        )
        assert list(found.scalars()) == [2]
        assert session.scalar(select(Verdict.id).where(Verdict.state == VerdictState.PUBLISHED)) == 2
        db.session.remove()
        db.engine.dispose()
