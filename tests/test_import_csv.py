"""CSV import: a dry run lists every problem, the real run writes all rows or none, and the round trip."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from claims.extensions import db
from claims.models import Article, Claim, Revision, Tag
from claims.services.imports.csv_claims import check_csv, import_csv
from tests import conftest
from tests.conftest import Auth
from tests.export_helpers import newsroom, read_csv

HEADER = "restated_claim,claimant,status,rating,claim_date,article_url,tags,published_at,conclusion\r\n"
BAD = HEADER + (
    "Fine claim,Someone,new,,2020-01-02,,a; b,,\r\n"
    ",Nobody,new,,,,,,\r\n"
    "Bad status,X,unknown,,,,,,\r\n"
    "Bad rating,X,published,Sort of,,,,,\r\n"
    "Bad date,X,new,,02/01/2020,,,,\r\n"
    "Bad URL,X,new,,,javascript:alert(1),,,\r\n"
    "Bad time,X,published,False,,,,2020-01-01T00:00:00,\r\n"
)


def _claims(session) -> int:
    return session.execute(select(func.count()).select_from(Claim)).scalar_one()


def test_dry_run_lists_row_column_and_reason(session):
    result = check_csv(session, BAD)
    problems = {(p.row, p.column) for p in result.problems}
    assert problems == {
        (3, "restated_claim"),
        (4, "status"),
        (5, "rating"),
        (6, "claim_date"),
        (7, "article_url"),
        (8, "published_at"),
    }
    assert [p.row for p in result.planned] == [2]
    assert all(p.reason for p in result.problems)
    assert _claims(session) == 0


def test_real_run_with_bad_rows_writes_nothing(runner, session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    result = runner.invoke(args=["import", "csv", str(path)])
    assert result.exit_code == 1
    assert "row 4, status:" in result.output and "0 created, 0 skipped, 6 failed" in result.output
    assert _claims(session) == 0
    assert session.execute(select(func.count()).select_from(Tag)).scalar_one() == 0


def test_header_must_name_the_claim_columns(session):
    result = check_csv(session, "text,who\r\nx,y\r\n")
    assert {(p.row, p.column) for p in result.problems} >= {
        (1, "restated_claim"),
        (1, "claimant"),
        (1, "text"),
    }


def _empty_the_database(app) -> None:
    """Start again from the migrated template, with the same URL."""
    db.session.remove()
    db.engine.dispose()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if conftest.PG_URL:
        conftest._reset_postgres(url)
    else:
        template = Path(str(db.engine.url.database)).parent.parent
        sources = list(template.glob("template*/template.db"))
        shutil.copyfile(sources[0], url.removeprefix("sqlite:///"))


KEPT = ["restated_claim", "quote", "claimant", "claim_date", "status", "rating", "rating_value", "conclusion",
        "published_at", "tags", "rated_by", "external_rating", "external_review_url"]  # fmt: skip


def _approve_imported(session, approver) -> list[str]:
    """Approve every verdict the import left for a second editor; return their import notes."""
    from claims.models import Verdict, VerdictState
    from claims.services.verdicts import approve_verdict

    notes = []
    for verdict in session.execute(select(Verdict).where(Verdict.state == VerdictState.SUBMITTED)).scalars():
        assert verdict.approver is None and verdict.published_at is None
        notes += [c.body for c in verdict.claim.comments]
        approve_verdict(session, verdict, approver)
    session.commit()
    return notes


def _second_editor(session):
    from claims.models import Role
    from tests.factories import make_user

    return make_user(session, Role.EDITOR)


def _same(rows, keys):
    return [{k: r[k] for k in keys if k != "published_at"} for r in rows]


def _staff_export(client, user) -> tuple[str, list[dict[str, str]]]:
    Auth(client, None).login(user)
    text = client.get("/export/claims.csv").get_data(as_text=True)
    return text, read_csv(text.encode())


def test_round_trip_into_an_empty_database(app, client, session, tmp_path):
    data = newsroom(session)
    data["draft"].tags.append(Tag(name="=danger"))
    data["published"].restated = '=1+1, "quoted"\nnext line'
    session.commit()
    text, before = _staff_export(client, data["editor"])
    path = tmp_path / "claims.csv"
    path.write_text(text, encoding="utf-8", newline="")
    _empty_the_database(app)
    assert _claims(db.session) == 0

    result = app.test_cli_runner().invoke(args=["import", "csv", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 created, 0 skipped, 0 failed" in result.output
    from claims.models import Role
    from tests.factories import make_user

    viewer = make_user(db.session, Role.EDITOR)
    db.session.commit()
    _text, imported = _staff_export(client, viewer)
    # Our own published verdict arrives for a second editor to approve, not published.
    assert [r["status"] for r in imported] == [
        "in_review" if r["status"] == "published" else r["status"] for r in before
    ]
    notes = _approve_imported(db.session, viewer)
    assert notes == ["Imported from a CSV file where the verdict was written by Rita Reviewer, approved by Ed Editor, "
                     f"published {before[0]['published_at'].replace('Z', '+00:00')}."]  # fmt: skip
    _text, after = _staff_export(client, viewer)
    assert _same(after, KEPT) == _same(before, KEPT)
    # An article we do not have is not invented: its URL is where the claim appeared.
    assert all(r["article_id"] == "" and r["article_headline"] == "" for r in after)
    assert db.session.execute(select(func.count()).select_from(Article)).scalar_one() == 0
    assert after[0]["restated_claim"] == "'" + '=1+1, "quoted"\nnext line'


def test_import_links_to_an_article_we_have(client, session):
    data = newsroom(session)
    text, before = _staff_export(client, data["editor"])
    result = import_csv(session, text, data["editor"])
    session.commit()
    assert result.written and all("anchored" in p.link for p in result.planned)
    _approve_imported(session, _second_editor(session))
    _text, after = _staff_export(client, data["editor"])
    assert len(after) == 4
    keys = KEPT + ["article_id", "article_headline"]
    assert _same(after[2:], keys) == _same(before, keys)
    created = (
        select(func.count())
        .select_from(Revision)
        .where(Revision.action == "create", Revision.claim_id.is_not(None))
    )
    # Imports go through the ORM, so each new claim and verdict has its history row.
    assert (
        session.execute(
            created.where(Revision.claim_id.in_([int(r["claim_id"]) for r in after[2:]]))
        ).scalar_one()
        >= 2
    )


def test_import_form_checks_then_a_worker_imports(client, session, run_jobs):
    from io import BytesIO

    data = newsroom(session)
    text, _rows = _staff_export(client, data["editor"])
    page = client.post("/export/import", data={"file": (BytesIO(BAD.encode()), "bad.csv")})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "nothing can be imported" in html and "article_url" in html
    assert 'value="Import"' not in html
    page = client.post("/export/import", data={"file": (BytesIO(text.encode()), "claims.csv")})
    html = page.get_data(as_text=True)
    assert "2 claims would be created" in html and 'value="Import"' in html
    assert _claims(session) == 2  # the check wrote nothing
    with client.session_transaction() as sess:
        token = sess["export_import_pending"]
    queued = client.post("/export/import/confirm", data={"token": token})
    assert queued.status_code == 303 and "/export/jobs/" in queued.location
    assert "Waiting for a worker" in client.get(queued.location).get_data(as_text=True)
    assert _claims(session) == 2  # the request only queued the job
    assert run_jobs() == 1
    db.session.expire_all()
    assert "2 created, 0 skipped, 0 failed" in client.get(queued.location).get_data(as_text=True)
    assert _claims(session) == 4
    again = client.post("/export/import/confirm", data={"token": token}, follow_redirects=True)
    assert "Check the file again" in again.get_data(as_text=True)
    assert run_jobs() == 0 and _claims(session) == 4


def test_import_form_refuses_big_or_non_utf8_files(client, session, auth, monkeypatch):
    from io import BytesIO

    data = newsroom(session)
    auth.login(data["editor"])
    page = client.post("/export/import", data={"file": (BytesIO(b"\xff\xfe\x00bad"), "x.csv")})
    assert page.status_code == 200 and "not UTF-8" in page.get_data(as_text=True)
    monkeypatch.setattr("claims.export.uploads.IMPORT_MAX_BYTES", 10)
    big = client.post("/export/import", data={"file": (BytesIO(b"x" * 200_000), "x.csv")})
    assert big.status_code == 413
    assert _claims(session) == 2


def test_the_importer_cannot_approve_what_they_imported(session):
    from claims.models import Role, Verdict
    from claims.services.verdicts import ReviewError, approve_verdict
    from tests.factories import make_user

    importer = make_user(session, Role.EDITOR)
    text = HEADER + "Imported claim,Someone,published,True,,,,2020-01-01T00:00:00Z,Right.\r\n"
    assert import_csv(session, text, importer).written
    verdict = session.execute(select(Verdict)).scalar_one()
    assert verdict.author is importer and verdict.claim.status.value == "in_review"
    import pytest

    with pytest.raises(ReviewError, match="other than its author"):
        approve_verdict(session, verdict, importer)


def test_external_ratings_need_their_publisher_and_retired_levels_are_refused(session):
    from claims.services.ratings import level_by_label

    level_by_label(session, "Mixed").retired = True
    session.flush()
    header = "restated_claim,claimant,status,rating,external_rating,rated_by\r\n"
    text = header + "A,X,published,,Falso,\r\nB,X,new,Mixed,,\r\nC,X,published,,Falso,Agência Lupa\r\n"
    problems = {(p.row, p.column) for p in check_csv(session, text).problems}
    assert problems == {(2, "rated_by"), (3, "rating")}
