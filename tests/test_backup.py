"""Backup and restore on the test's database (SQLite, or PostgreSQL with TEST_DATABASE_URL): a copy
taken while claims are being written restores whole and consistent into an empty database, and
a non-empty target, a backup of the other kind and an existing file are refused."""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import create_engine, func, make_url, select, text
from sqlalchemy.orm import Session

from claims import create_app
from claims.extensions import db
from claims.models import Article, Claim, Evidence, Revision, Stance, Tally
from claims.services.backup import (
    BackupError,
    BackupKind,
    SchemaState,
    backup_database,
    restore_database,
    schema_state,
)
from claims.services.backup_files import backup_kind
from claims.services.backup_postgres import client_tool, libpq_url
from claims.services.publication import public_version
from tests.factories import make_article, make_claim, make_evidence


def _on_postgres() -> bool:
    return db.engine.dialect.name == "postgresql"


@pytest.fixture
def dumpable(app: Flask) -> None:
    """Skip on PostgreSQL when pg_dump, which makes its backups, is not installed."""
    if _on_postgres() and (shutil.which("pg_dump") is None or shutil.which("pg_restore") is None):
        pytest.skip("pg_dump/pg_restore not on PATH: install postgresql-client to test PostgreSQL backups")


@pytest.fixture
def empty_url(app: Flask, tmp_path: Path) -> Iterator[str]:
    """An empty database to restore into: a new SQLite file, or a scratch PostgreSQL database."""
    if not _on_postgres():
        yield "sqlite:///" + str(tmp_path / "restored" / "claims.db")
        return
    url = db.engine.url
    name = f"{url.database}_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@contextmanager
def app_on(app_config: dict[str, Any], url: str) -> Iterator[Flask]:
    """Another app, on the database at `url`, with its context pushed."""
    other = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    with other.app_context():
        try:
            yield other
        finally:
            db.session.remove()
            db.engine.dispose()


class ClaimWriter(threading.Thread):
    """Commits claims as the review desk does, one transaction each: a claim, two pieces of
    evidence, and an edit of the claim before it (their revisions are written in the same
    transaction). With `hold_at`, it stops inside that transaction, its rows flushed but not
    committed, until `release` is set."""

    def __init__(self, app: Flask, article_id: int, hold_at: int | None = None) -> None:
        super().__init__(daemon=True)
        self.app, self.article_id, self.hold_at = app, article_id, hold_at
        self.committed: list[tuple[int, list[int], int | None]] = []  # (claim, evidence, edited claim)
        self.held: int | None = None
        self.holding, self.release = threading.Event(), threading.Event()
        self.error: BaseException | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        try:
            with self.app.app_context():
                self._write(db.session)
                db.session.remove()
        except BaseException as error:  # noqa: BLE001  (handed to the test, which re-raises it)
            self.error = error
            self.holding.set()

    def _write(self, session: Session) -> None:
        article, previous = session.get(Article, self.article_id), None
        while not self._halt.is_set():
            claim = make_claim(session, article, claimant=f"Writer {len(self.committed)}")
            evidence = [make_evidence(session, claim, stance=s) for s in (Stance.SUPPORTS, Stance.REFUTES)]
            if previous is not None:
                session.get(Claim, previous).claimant = f"Edited {previous}"
            ids = (claim.id, [e.id for e in evidence], previous)
            if len(self.committed) == self.hold_at:
                self.held = claim.id
                self.holding.set()
                self.release.wait(30)
                self._halt.set()
            session.commit()
            self.committed.append(ids)
            previous = claim.id

    def claims(self) -> set[int]:
        return {claim for claim, _, _ in self.committed}

    def wait_for(self, count: int) -> None:
        deadline = time.monotonic() + 30
        while len(self.committed) < count and self.error is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert self.error is None and len(self.committed) >= count, self.error

    def finish(self) -> None:
        self._halt.set()
        self.release.set()
        self.join(30)
        if self.error is not None:
            raise self.error


def _assert_consistent(session: Session) -> None:
    """Every restored claim came with its whole transaction: evidence, revisions, tallies."""
    claims = set(session.scalars(select(Claim.id)))
    revisions = session.execute(select(Revision.entity_type, Revision.entity_id, Revision.action)).all()
    created = {(kind, entity) for kind, entity, action in revisions if action == "create"}
    assert all(("claims", claim) in created for claim in claims)
    for claim_id, evidence_id in session.execute(select(Evidence.claim_id, Evidence.id)):
        assert claim_id in claims and ("evidence", evidence_id) in created
    orphans = session.scalars(select(Revision.claim_id).where(Revision.claim_id.not_in(claims))).all()
    assert orphans == [], "revisions of claims whose transaction is not in the backup"
    statuses = session.scalar(select(func.sum(Tally.count)).where(Tally.kind == "status"))
    assert statuses == len(claims)


def test_a_backup_taken_while_claims_are_written_restores_everything_committed_before_it(
    app, session, app_config, empty_url, tmp_path, dumpable
):
    article_id = make_article(session).id
    # Read after the commit, the id would begin a transaction, which on SQLite takes the write lock.
    session.commit()
    steady, holding = ClaimWriter(app, article_id), ClaimWriter(app, article_id, hold_at=2)
    try:
        steady.start()
        steady.wait_for(5)
        holding.start()
        assert holding.holding.wait(30) and holding.error is None, holding.error
        # On PostgreSQL the steady writer commits on through the dump; SQLite's single writer
        # waits for the held transaction, which ends only after the backup.
        before = steady.claims() | holding.claims()
        result = backup_database(db.engine, tmp_path / "claims.backup")
        holding.release.set()
        steady.wait_for(len(steady.committed) + 3)
    finally:
        steady.finish()
        holding.finish()
    committed = steady.claims() | holding.claims()
    assert holding.held in committed

    with app_on(app_config, empty_url):
        restore_database(db.engine, result.path)
        restored = set(db.session.scalars(select(Claim.id)))
        assert result.claims == len(restored)
        assert before <= restored <= committed
        assert holding.held not in restored, "a transaction still open at the backup is left out whole"
        evidence = set(db.session.scalars(select(Evidence.id)))
        edited = select(Revision.entity_id).where(Revision.entity_type == "claims", Revision.action == "update")
        edits = set(db.session.scalars(edited))
        for claim, evidence_ids, edited_claim in steady.committed + holding.committed:
            if claim in restored:
                assert set(evidence_ids) <= evidence
                assert edited_claim is None or edited_claim in edits
        _assert_consistent(db.session)


def test_the_cli_round_trip_restores_claims_renews_the_cache_and_takes_new_writes(
    app, session, runner, app_config, empty_url, tmp_path, dumpable
):
    for n in range(3):
        make_evidence(session, make_claim(session, claimant=f"Claimant {n}"))
    session.commit()
    wanted = sorted(session.scalars(select(Claim.claimant)))
    path = tmp_path / "claims.backup"

    made = runner.invoke(args=["backup", str(path)])
    assert made.exit_code == 0, made.output
    kind = "PostgreSQL" if _on_postgres() else "SQLite"
    assert f"Wrote {kind} backup {path}: " in made.output and ", 3 claims." in made.output
    assert backup_kind(path) is BackupKind(db.engine.dialect.name)
    assert path.stat().st_mode & 0o077 == 0, "a backup holds password hashes: its owner's only"

    started = time.time_ns() // 1000
    with app_on(app_config, empty_url) as restored:
        done = restored.test_cli_runner().invoke(args=["restore", str(path)])
        assert done.exit_code == 0, done.output
        assert f"Restored {kind} backup {path}: 3 claims" in done.output
        assert "db upgrade" not in done.output
        assert sorted(db.session.scalars(select(Claim.claimant))) == wanted
        assert db.session.scalar(select(func.count()).select_from(Evidence)) == 3
        assert public_version(db.session) > started, "pages cached before the restore are not served"
        make_claim(db.session, claimant="After the restore")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 4
        assert restored.test_client().get("/").status_code == 200


def test_restoring_an_older_schema_says_to_upgrade(app, session, runner, app_config, empty_url, tmp_path, dumpable):
    script = ScriptDirectory(app.extensions["migrate"].directory)
    head = script.get_revision(script.get_current_head())
    path = tmp_path / "old.backup"
    set_revision = text("UPDATE alembic_version SET version_num = :revision")
    with db.engine.begin() as conn:
        conn.execute(set_revision, {"revision": head.down_revision})
    try:
        assert runner.invoke(args=["backup", str(path)]).exit_code == 0
    finally:
        with db.engine.begin() as conn:
            conn.execute(set_revision, {"revision": head.revision})
    with app_on(app_config, empty_url) as restored:
        done = restored.test_cli_runner().invoke(args=["restore", str(path)])
    assert done.exit_code == 0, done.output
    assert f"at revision {head.down_revision}, older than this code's {head.revision}" in done.output
    assert "run `flask --app app db upgrade`" in done.output


def test_schema_states(app):
    script = ScriptDirectory(app.extensions["migrate"].directory)
    assert schema_state(script.get_current_head(), script) is SchemaState.CURRENT
    assert schema_state("0001", script) is SchemaState.BEHIND
    assert schema_state("f00dcafe", script) is SchemaState.UNKNOWN
    assert schema_state(None, script) is SchemaState.UNKNOWN


def _backup_of_this_kind(path: Path) -> Path:
    """A file restore takes for a backup of the configured kind (it is refused before it is read)."""
    if _on_postgres():
        path.write_bytes(b"PGDMP" + bytes(64))
    else:
        backup_database(db.engine, path)
    return path


def test_restore_refuses_a_database_that_holds_claims(app, session, runner, tmp_path):
    make_claim(session)
    session.commit()
    path = _backup_of_this_kind(tmp_path / "claims.backup")
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "The configured database is not empty: it holds rows in claims (1), articles (1)" in result.output
    assert "nothing was changed" in result.output
    assert session.scalar(select(func.count()).select_from(Claim)) == 1


def test_on_postgres_a_migrated_database_without_rows_is_not_empty_either(app, tmp_path):
    if not _on_postgres():
        pytest.skip("PostgreSQL only: pg_restore creates every table itself, so any table is in its way")
    with pytest.raises(BackupError, match=r"not empty: it has \d+ tables, views or sequences \(public\."):
        restore_database(db.engine, _backup_of_this_kind(tmp_path / "claims.backup"))


def test_on_sqlite_a_migrated_database_without_rows_is_replaced(
    app, session, app_config, migrated_database, tmp_path
):
    if _on_postgres():
        pytest.skip("SQLite only: the whole file is replaced, so a schema without rows is no obstacle")
    make_claim(session)
    session.commit()
    path = backup_database(db.engine, tmp_path / "claims.backup").path
    fresh = tmp_path / "fresh.db"
    shutil.copyfile(migrated_database.removeprefix("sqlite:///"), fresh)
    with app_on(app_config, "sqlite:///" + str(fresh)):
        restore_database(db.engine, path)
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 1


def test_restore_refuses_a_backup_of_the_other_kind(app, runner, tmp_path):
    other = tmp_path / "other.backup"
    if _on_postgres():
        with sqlite3.connect(other) as conn:
            conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.close()
        expected = "is a SQLite backup, but the configured database is PostgreSQL"
    else:
        other.write_bytes(b"PGDMP" + bytes(64))
        expected = "is a PostgreSQL backup, but the configured database is SQLite"
    result = runner.invoke(args=["restore", str(other)])
    assert result.exit_code != 0
    assert expected in result.output


@pytest.mark.parametrize(
    ("content", "hint"),
    [(b"claim,claimant\n", ""), (b"--\n-- PostgreSQL database dump\n", "load that with psql instead")],
)
def test_restore_refuses_a_file_that_is_no_backup(app, runner, tmp_path, content, hint):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    result = runner.invoke(args=["restore", str(path)])
    assert result.exit_code != 0
    assert "is not a backup made by `flask backup`" in result.output and hint in result.output


def test_a_damaged_backup_is_refused_and_the_target_stays_empty(app, session, app_config, empty_url, tmp_path, dumpable):
    for _ in range(20):
        make_evidence(session, make_claim(session))
    session.commit()
    whole = backup_database(db.engine, tmp_path / "whole.backup").path
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with app_on(app_config, empty_url):
        with pytest.raises(BackupError, match="pg_restore failed|cannot be read|is damaged"):
            restore_database(db.engine, damaged)
        restore_database(db.engine, whole)
        assert db.session.scalar(select(func.count()).select_from(Claim)) == 20


def test_backup_refuses_to_replace_a_file_without_force(app, runner, tmp_path):
    path = tmp_path / "claims.backup"
    path.write_text("last week's backup")
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code != 0
    assert "already exists; pass --force to replace it" in result.output
    assert path.read_text() == "last week's backup"
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == ["claims.backup"]


def test_backup_replaces_a_file_with_force(app, runner, tmp_path, dumpable):
    path = tmp_path / "claims.backup"
    path.write_text("last week's backup")
    result = runner.invoke(args=["backup", str(path), "--force"])
    assert result.exit_code == 0, result.output
    assert backup_kind(path) is BackupKind(db.engine.dialect.name)
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == ["claims.backup"]


def test_the_client_tools_get_the_password_in_their_environment_only():
    url = make_url("postgresql+psycopg://ann:s3cr%40t@db.example:5433/claims?sslmode=require")
    libpq, env = libpq_url(url)
    assert libpq == "postgresql://ann@db.example:5433/claims?sslmode=require"
    assert env["PGPASSWORD"] == "s3cr@t"


def _fake_tool(folder: Path, name: str, answer: str) -> None:
    tool = folder / name
    tool.write_text(f"#!/bin/sh\necho '{answer}'\n")
    tool.chmod(0o755)


def test_a_missing_or_old_pg_dump_is_named_with_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BackupError, match=r"pg_dump was not found on PATH.*postgresql-client-15"):
        client_tool("pg_dump", 15)
    _fake_tool(tmp_path, "pg_dump", "pg_dump (PostgreSQL) 13.9")
    with pytest.raises(BackupError, match=r"is version 13, older than the database server \(PostgreSQL 15\)"):
        client_tool("pg_dump", 15)
    _fake_tool(tmp_path, "pg_restore", "pg_restore (PostgreSQL) 16.2 (Debian 16.2-1)")
    assert client_tool("pg_restore", 15) == str(tmp_path / "pg_restore")
