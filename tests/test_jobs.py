"""Background jobs: imports and exports run by a worker, resumable, claimed once, visible to editors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from sqlalchemy import func, select

from claims.extensions import db
from claims.jobs import current_queue
from claims.jobs.runner import LEASE, MAX_ATTEMPTS, JobContext, claim_job, run_job
from claims.models import Claim, Job, JobFile, JobState, Role
from claims.orm import utcnow
from claims.services.jobs import FILES_KEPT, delete_expired, start_job
from tests.export_helpers import newsroom

HEADER = "restated_claim,claimant,status,tags\r\n"


def _csv(rows: int, marker: str = "row") -> str:
    return HEADER + "".join(
        f"{marker} {n} says {n * 7},Speaker {n % 5},new,topic{n % 3}\r\n" for n in range(rows)
    )


def _claims(session, marker: str = "") -> int:
    query = select(func.count()).select_from(Claim)
    if marker:
        query = query.where(Claim.restated.like(f"{marker} %"))
    return session.execute(query).scalar_one()


def _upload_and_confirm(client, text: str) -> str:
    page = client.post("/export/import", data={"file": (BytesIO(text.encode()), "claims.csv")})
    assert 'value="Import"' in page.get_data(as_text=True)
    with client.session_transaction() as sess:
        token = sess["export_import_pending"]
    queued = client.post("/export/import/confirm", data={"token": token})
    assert queued.status_code == 303
    return queued.location


def test_a_large_import_is_queued_not_run_in_the_request(client, session, auth, run_jobs):
    editor = auth.as_role(Role.EDITOR)
    location = _upload_and_confirm(client, _csv(450))
    assert _claims(session, "row") == 0
    status = client.get(location + ".json").get_json()
    assert status["state"] == "queued" and status["done"] == 0
    assert run_jobs() == 1
    status = client.get(location + ".json").get_json()
    assert status["state"] == "done" and status["done"] == status["total"] == 450 and status["percent"] == 100
    assert status["result"] == {"created": 450, "skipped": 0, "failed": 0}
    assert _claims(session, "row") == 450
    jobs = client.get("/export/jobs").get_data(as_text=True)
    assert "Import 450 claims from claims.csv" in jobs and editor.display_name in jobs


def test_a_job_killed_mid_import_resumes_and_writes_each_row_once(app, client, session, auth, monkeypatch):
    from claims.jobs import kinds

    auth.as_role(Role.EDITOR)
    _upload_and_confirm(client, _csv(500, "resume"))
    job = session.execute(select(Job)).scalar_one()
    session.commit()

    class WorkerKilled(BaseException):
        """Stands for SIGKILL: nothing after it runs, not even the runner's error handling."""

    real_advance = JobContext.advance
    advances = []

    def advance_then_die(self, done, result=None):
        real_advance(self, done, result)
        advances.append(done)
        if len(advances) == 2:
            raise WorkerKilled

    monkeypatch.setattr(kinds, "BATCH_SECONDS", 0)  # one step of rows per batch
    monkeypatch.setattr(kinds, "SQLITE_BATCH_PAUSE", 0)
    monkeypatch.setattr(JobContext, "advance", advance_then_die)
    queue = current_queue()
    with pytest.raises(WorkerKilled):
        queue.huey.execute(queue.huey.dequeue())  # the worker took the message, then died
    monkeypatch.setattr(JobContext, "advance", real_advance)
    session.expire_all()
    assert job.state == JobState.RUNNING and job.done == advances[-1] == 2 * kinds.STEP_ROWS
    assert _claims(session, "resume") == job.done
    session.commit()  # a worker's session is another connection: let go of SQLite's write lock
    assert queue.recover() == []  # its lease still runs: another worker may be on it
    job.lease_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert queue.recover() == [job.id]
    session.commit()
    assert queue.drain() == 1
    session.expire_all()
    assert job.state == JobState.DONE and job.attempts == 2
    assert _claims(session, "resume") == 500
    restated = session.execute(select(Claim.restated).where(Claim.restated.like("resume %"))).scalars().all()
    assert len(set(restated)) == 500


def test_a_job_is_claimed_by_one_worker_at_a_time(session, users):
    job = start_job(session, "recount", "Recount", {}, users[Role.EDITOR])
    assert claim_job(session, job.id) is not None
    assert claim_job(session, job.id) is None  # held under its lease
    job.lease_until = utcnow() - timedelta(seconds=1)
    session.commit()
    assert claim_job(session, job.id) is not None  # the lease ran out: the worker died
    assert timedelta(seconds=30) < LEASE


def test_a_job_that_kills_every_worker_is_given_up(app, session, users):
    job = start_job(session, "recount", "Recount", {}, users[Role.EDITOR])
    job.attempts = MAX_ATTEMPTS
    session.commit()
    run_job(job.id)
    session.expire_all()
    assert job.state == JobState.FAILED and "attempts" in job.result["error"]


def test_data_changed_since_the_check_fails_the_job_with_the_rows(client, session, auth, run_jobs):
    from claims.services.ratings import level_by_label

    auth.as_role(Role.EDITOR)
    text = HEADER.replace("tags", "rating") + "A claim,Someone,in_review,Mostly false\r\n"
    location = _upload_and_confirm(client, text)
    level = level_by_label(session, "Mostly false")
    level.retired = True
    session.commit()
    run_jobs()
    page = client.get(location).get_data(as_text=True)
    assert "Failed" in page and "the data changed since the check" in page
    assert "is not a level of the active rating scale" in page
    assert _claims(session, "A") == 0


def test_staff_export_job_gives_the_same_file_as_the_download(client, session, auth, run_jobs):
    data = newsroom(session)
    auth.login(data["editor"])
    started = client.post("/export/jobs/export?status=new", data={"what": "claims"})
    assert started.status_code == 303
    assert run_jobs() == 1
    page = client.get(started.location).get_data(as_text=True)
    assert "Download claims-" in page
    job_id = int(started.location.rsplit("/", 1)[1])
    prepared = client.get(f"/export/jobs/{job_id}/file")
    assert prepared.status_code == 200 and prepared.headers["Cache-Control"] == "no-store"
    prepared_data = prepared.data
    assert prepared_data == client.get("/export/claims.csv?status=new").data
    assert b"Draft claim" in prepared_data and b"Published claim" not in prepared_data
    everything = client.post("/export/jobs/export", data={"what": "evidence", "bom": "1"})
    run_jobs()
    evidence = client.get(everything.location + "/file").data
    assert evidence == client.get("/export/evidence.csv?bom=1").data and evidence.startswith(b"\xef\xbb\xbf")


def test_claimreview_upload_shows_a_dry_run_then_a_worker_imports(client, session, auth, run_jobs):
    sample = Path(__file__).parent / "fixtures" / "claimreview-samples"
    files = sorted(p for p in sample.iterdir() if p.suffix == ".json")[:2]
    auth.as_role(Role.EDITOR)
    before = _claims(session)
    upload = {"cr-files": [(BytesIO(p.read_bytes()), p.name) for p in files]}
    page = client.post("/export/import/claimreview", data=upload).get_data(as_text=True)
    assert "would be created" in page and 'value="Import"' in page
    assert _claims(session) == before  # the dry run wrote nothing
    with client.session_transaction() as sess:
        token = sess["export_import_pending"]
    location = client.post("/export/import/confirm", data={"token": token}).location
    run_jobs()
    status = client.get(location + ".json").get_json()
    assert status["state"] == "done" and status["total"] == len(files)
    assert status["result"]["created"] > 0 and _claims(session) == before + status["result"]["created"]


def test_reviewers_do_not_see_jobs(client, session, auth, users):
    job = start_job(session, "recount", "Recount", {}, users[Role.EDITOR])
    auth.login(users[Role.REVIEWER])
    assert client.get(f"/export/jobs/{job.id}").status_code == 403
    assert client.get("/export/jobs").status_code == 403


def test_old_job_files_are_dropped_and_unconfirmed_checks_forgotten(session, users):
    old = start_job(session, "import_csv", "Old", {}, users[Role.EDITOR], [b"x"])
    old.state, old.finished_at = JobState.DONE.value, utcnow() - FILES_KEPT - timedelta(hours=1)
    unconfirmed = start_job(
        session, "import_csv", "Never confirmed", {}, users[Role.EDITOR], [b"y"], confirmed=False
    )
    unconfirmed.created_at = utcnow() - FILES_KEPT - timedelta(hours=1)
    fresh = start_job(session, "import_csv", "New", {}, users[Role.EDITOR], [b"z"])
    ids = old.id, unconfirmed.id, fresh.id
    session.commit()
    delete_expired(session)
    assert session.execute(select(JobFile.job_id)).scalars().all() == [ids[2]]
    remaining = session.execute(select(Job.id)).scalars().all()
    assert ids[0] in remaining and ids[1] not in remaining


def test_healthz_checks_the_queue(app, client):
    from claims.jobs.queue import make_huey

    assert client.get("/healthz").get_json()["queue"] == "ok"
    # A queue whose Redis does not answer (nothing listens on port 1).
    app.extensions["claims_jobs"].huey = make_huey(
        {"JOBS_REDIS_URL": "redis://127.0.0.1:1/0"}, app.instance_path
    )
    answer = client.get("/healthz")
    assert answer.status_code == 503 and answer.get_json()["queue"] == "unavailable"


def test_redis_is_the_queue_when_configured(app_config, tmp_path, monkeypatch):
    from claims import create_app
    from claims.config import load_config

    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
    assert load_config(str(tmp_path), {"CLAIMS_REDIS_URL": redis_url})["JOBS_REDIS_URL"] == redis_url
    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "JOBS_REDIS_URL": redis_url})
    queue = app.extensions["claims_jobs"]
    try:
        queue.huey.flush()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"Redis is not reachable at {redis_url} ({error}); start redis-server to run this test")
    with app.app_context():
        job = start_job(db.session, "recount", "Recount", {}, None)
        assert type(queue.huey).__name__ == "RedisHuey" and queue.pending() == 1
        assert queue.drain() == 1
        db.session.expire_all()
        assert db.session.get(Job, job.id).state == JobState.DONE
        db.session.remove()
        db.engine.dispose()
    queue.huey.flush()


def test_the_worker_command_runs_queued_jobs(app, client, session, auth, tmp_path, database_url):
    """The real consumer in its own process picks up an import confirmed through the web."""
    auth.as_role(Role.EDITOR)
    location = _upload_and_confirm(client, _csv(30, "worker"))
    session.commit()
    env = {
        **os.environ,
        "CLAIMS_INSTANCE_PATH": app.instance_path,
        "DATABASE_URL": database_url,
        "CLAIMS_SECRET_KEY": app.config["SECRET_KEY"],
    }
    root = Path(__file__).resolve().parents[1]
    worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "app", "worker", "--threads", "1"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            session.rollback()  # the test's session is the requests' session: end its snapshot
            state = client.get(location + ".json").get_json()["state"]
            if state in ("done", "failed"):
                break
            time.sleep(0.2)
        # It leaves the CPU to web servers on the same machine.
        niceness = os.getpriority(os.PRIO_PROCESS, worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert state == "done", output[-3000:]
    assert niceness == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
    session.expire_all()
    assert _claims(session, "worker") == 30


def test_an_import_above_the_request_limit_passes_the_csrf_check(app_config, tmp_path, monkeypatch):
    """CSRFProtect reads the form before the view runs: the import's limit must already apply."""
    import re

    from werkzeug.datastructures import FileStorage, MultiDict
    from werkzeug.test import encode_multipart

    from claims import create_app
    from claims.export.forms import IMPORT_MAX_BYTES
    from tests.factories import make_user

    monkeypatch.setenv("CLAIMS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        editor = make_user(db.session, Role.EDITOR)
        db.session.commit()
        client = app.test_client()
        from tests.conftest import Auth

        Auth(client, db.session).login(editor)
        page = client.get("/export/import").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        big = _csv(1) + "x" * (app.config["MAX_CONTENT_LENGTH"] + 1024)  # one over-long row
        # Encoded here: the test client spools a large upload to a temporary file it never closes.
        boundary, body = encode_multipart(
            MultiDict({"csrf_token": token, "file": FileStorage(BytesIO(big.encode()), "big.csv")})
        )
        multipart = f"multipart/form-data; boundary={boundary}"
        answer = client.post("/export/import", data=body, content_type=multipart)
        assert answer.status_code == 200 and "nothing can be imported" in answer.get_data(as_text=True)
        too_big = b"x" * (IMPORT_MAX_BYTES + 128 * 1024)
        refused = client.post("/export/import", data=too_big, content_type="multipart/form-data; boundary=b")
        assert refused.status_code == 413 and "imports to 64 MB" in refused.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()


def test_the_report_page_offers_background_exports_for_large_archives(client, session, auth, monkeypatch):
    from claims.export import views

    data = newsroom(session)
    auth.login(data["editor"])
    small = client.get("/export/").get_data(as_text=True)
    assert 'href="/export/claims.csv"' in small and "Prepare claims" not in small
    monkeypatch.setattr(views, "EXPORT_JOB_ROWS", 0)
    large = client.get("/export/?status=new").get_data(as_text=True)
    assert "Prepare claims (CSV)" in large and 'action="/export/jobs/export?status=new"' in large
    assert 'href="/export/claims.csv' not in large

