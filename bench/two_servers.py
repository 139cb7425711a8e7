"""Two app servers and one job worker sharing PostgreSQL and Redis behave as one service.

    python -m bench.two_servers [--postgres-url URL] [--redis-url redis://127.0.0.1:6379/12]

Two gunicorn servers on different ports, each with its own instance folder (nothing shared on
disk), and one `flask worker`, on a scratch PostgreSQL database and one Redis database (for the
page cache, the login throttle and the job queue; only that Redis database is flushed). It proves:

1. a verdict written and submitted on A by its author and approved on A by another editor is on
   B's public list and page at once, though B had cached the list before;
2. failed logins from one address, alternated between A and B, are throttled after five in all
   (each server alone has seen three at most);
3. a CSV import checked and confirmed on A is run by the worker, and B's job JSON shows its result.

Exits 1 if any of them fails.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from bench.http_servers import Server
from bench.soak_client import Browser, Recorder, expect_redirect, submit
from bench.soak_faults import JOB_PAGE
from bench.soak_forms import form_posting_to, form_with, multipart
from bench.soak_load import CLAIM_PAGE
from bench.soak_processes import JobWorker, flush_redis
from bench.soak_stack import (
    Account,
    app_env,
    create_accounts,
    make_accounts,
    passages,
    scratch_database,
    scratch_dir,
    seed,
)

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS_URL = "redis://127.0.0.1:6379/12"
LOGIN_LIMIT = 5  # claims/auth/views.py: "5 per minute"
IMPORT_ROWS = 20
VERDICT_PAGE = re.compile(r"^/review/verdicts/\d+$")
JOB_TIMEOUT_S = 120.0


class Proof:
    """The checks made so far, printed as they are made."""

    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, what: str) -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def publish_on_a(a: int, author: Account, editor: Account, recorder: Recorder, marker: str, url: str) -> int:
    """Make a claim, write and submit its verdict as the author, approve it as the editor; return its id.

    :raises RuntimeError: a step was refused (the message says which).
    """
    writer = Browser(a, recorder, "author", author.address)
    if writer.login(author.email, author.password).status != 302:
        raise RuntimeError("the author could not log in on A")
    span = passages(url, 1)[0]
    new_claim = f"/review/articles/{span.article_id}/claims/new"
    claim_page = submit(
        writer,
        f"{new_claim}?start={span.start}&end={span.end}",
        new_claim,
        "restated",
        {"restated": marker, "claimant": "Two Servers"},
    )
    made = CLAIM_PAGE.match(claim_page)
    if made is None:
        raise RuntimeError(f"making the claim redirected to {claim_page!r}, not to its workspace")
    claim_id = int(made.group(1))
    evidence = f"/review/claims/{claim_id}/evidence/new"
    submit(
        writer,
        evidence,
        evidence,
        "title",
        {"url": "https://example.org/source", "title": "The source", "stance": "supports"},
    )
    verdict = f"/review/claims/{claim_id}/verdict"
    page = writer.get(verdict)
    form = form_with(page.text, "conclusion")
    levels = [v for v in (form.options.get("rating_level_id", []) if form else []) if v.isdigit()]
    if form is None or not levels:
        raise RuntimeError(f"GET {verdict} ({page.status}) shows no verdict form with rating levels")
    fields = {
        **form.fields,
        "rating_level_id": levels[0],
        "conclusion": marker,
        "explanation": "Checked on A.",
        "submit_for_approval": "y",
    }
    expect_redirect(writer.post(verdict, fields), f"POST {verdict}")
    approver = Browser(a, recorder, "approver", editor.address)
    if approver.login(editor.email, editor.password).status != 302:
        raise RuntimeError("the approving editor could not log in on A")
    # The claim's workspace links an editor to the verdict awaiting approval.
    workspace = approver.get(f"/review/claims/{claim_id}")
    link = next((part for part in workspace.text.split('"') if VERDICT_PAGE.match(part)), None)
    if link is None:
        raise RuntimeError(f"the editor's workspace of claim {claim_id} links no verdict to approve")
    page = approver.get(link)
    form = form_posting_to(page.text, f"{link}/approve")
    if form is None:
        raise RuntimeError(f"GET {link} ({page.status}) shows no approve form")
    expect_redirect(approver.post(f"{link}/approve", form.fields), f"POST {link}/approve")
    return claim_id


def _cache_entries(redis_url: str) -> int:
    """Count the public cache's entries in the run's Redis database."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return sum(1 for _ in client.scan_iter(match="claims:*"))
    finally:
        client.close()


def prove_publication(
    proof: Proof, a: int, b: int, accounts: list[Account], url: str, run: str, redis_url: str
) -> None:
    """A publication through A is on B's (cached) public list and page at once."""
    recorder, reader = Recorder(), Browser(b, Recorder(), "reader-b")
    marker = f"two-servers-{run} claim"
    before = [reader.get("/claims", kind="read") for _ in range(2)]
    cached = _cache_entries(redis_url)
    proof.check(
        all(p.status == 200 and marker not in p.text for p in before) and cached > 0,
        f"B's /claims answered before, and is in the shared cache ({cached} cache entries in Redis)",
    )
    claim_id = publish_on_a(a, accounts[0], accounts[1], recorder, marker, url)
    after = reader.get("/claims", kind="read")
    proof.check(
        after.status == 200 and marker in after.text,
        f"claim {claim_id} approved on A is on B's /claims at once",
    )
    page = reader.get(f"/claims/{claim_id}", kind="read")
    if page.status in (301, 308):
        page = reader.get(page.location, kind="read")
    proof.check(page.status == 200 and marker in page.text, f"B serves the public page of claim {claim_id}")


def prove_throttle(proof: Proof, a: int, b: int, account: Account) -> None:
    """Failed logins alternated between A and B from one address hit one shared limit."""
    address = "10.88.0.250"
    browsers = {
        "A": Browser(a, Recorder(), "guesser-a", address),
        "B": Browser(b, Recorder(), "guesser-b", address),
    }
    statuses = []
    for n in range(LOGIN_LIMIT + 1):
        server = "AB"[n % 2]
        statuses.append((server, browsers[server].login(account.email, secrets.token_urlsafe(16)).status))
    allowed, last = statuses[:LOGIN_LIMIT], statuses[LOGIN_LIMIT]
    shown = ", ".join(f"{s}:{code}" for s, code in statuses)
    proof.check(
        all(code == 200 for _, code in allowed),
        f"the first {LOGIN_LIMIT} wrong passwords are refused politely ({shown})",
    )
    proof.check(last[1] == 429, f"attempt {LOGIN_LIMIT + 1}, on {last[0]} (its 3rd), is throttled with 429")


def prove_import(proof: Proof, a: int, b: int, editor: Account, url: str, run: str) -> None:
    """An import confirmed on A is run by the worker, and B reports its result."""
    on_a = Browser(a, Recorder(), "importer-a", editor.address)
    if not proof.check(on_a.login(editor.email, editor.password).status == 302, "the editor logs in on A"):
        return
    page = on_a.get("/export/import")
    upload = form_with(page.text, "file")
    if not proof.check(upload is not None and bool(upload.files), "A shows the import form"):
        return
    assert upload is not None
    rows = ["restated_claim,claimant"] + [
        f"two-servers-{run} import {n},Importer" for n in range(IMPORT_ROWS)
    ]
    body, kind = multipart(
        upload.fields, {upload.files[0]: ("two.csv", ("\r\n".join(rows) + "\r\n").encode(), "text/csv")}
    )
    checked = on_a.request(
        "POST", "/export/import", kind="import", label="check", body=body, content_type=kind
    )
    confirm = form_with(checked.text, "token")
    if not proof.check(confirm is not None, f"A's dry run ({checked.status}) offers to confirm"):
        return
    assert confirm is not None
    answer = on_a.post("/export/import/confirm", confirm.fields)
    found = JOB_PAGE.match(answer.location)
    if not proof.check(
        answer.status == 303 and found is not None, f"confirming on A answers 303 to a job ({answer.status})"
    ):
        return
    assert found is not None
    job_id = int(found.group(1))
    # The same session cookie on B: one signed-in editor, whichever server the balancer picks.
    on_b = Browser(b, Recorder(), "importer-b", editor.address)
    on_b.cookies = dict(on_a.cookies)
    job: dict[str, object] = {}
    deadline = time.monotonic() + JOB_TIMEOUT_S
    while time.monotonic() < deadline and job.get("state") not in ("done", "failed"):
        status = on_b.get(f"/export/jobs/{job_id}.json")
        job = json.loads(status.body) if status.status == 200 else {"state": f"HTTP {status.status}"}
        time.sleep(0.3)
    proof.check(job.get("state") == "done", f"B's /export/jobs/{job_id}.json says done: {job}")
    proof.check(
        _stored(url, f"two-servers-{run} import %") == IMPORT_ROWS,
        f"the worker stored all {IMPORT_ROWS} rows once",
    )


def _stored(url: str, pattern: str) -> int:
    from claims.models import Claim

    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return int(session.scalar(select(func.count()).where(Claim.restated.like(pattern))) or 0)
    finally:
        engine.dispose()


def prove(postgres_url: str, redis_url: str, workdir: Path) -> list[str]:
    """Set up the database, both servers and the worker, run the three proofs; return the failures."""
    run, proof = secrets.token_hex(3), Proof()
    with scratch_database("postgresql", workdir, postgres_url, f"claims_two_{run}") as url:
        shared = app_env(url, workdir, redis_url)
        seed(shared)
        accounts = make_accounts(run, ["reviewer", "editor"])
        create_accounts(shared, accounts)
        flush_redis(redis_url)

        def own(name: str) -> dict[str, str]:
            (workdir / name).mkdir()
            return {**shared, "CLAIMS_INSTANCE_PATH": str(workdir / name)}

        try:
            with (
                Server("a", "app:app", own("a"), workdir, workers=2) as a,
                Server("b", "app:app", own("b"), workdir, workers=2) as b,
                JobWorker(own("worker"), workdir / "worker.log"),
            ):
                print(f"A on :{a.port}, B on :{b.port}, one job worker; Redis {redis_url}", flush=True)
                try:
                    prove_publication(proof, a.port, b.port, accounts, url, run, redis_url)
                except RuntimeError as error:
                    proof.check(False, f"publishing through A: {error}")
                prove_throttle(proof, a.port, b.port, accounts[0])
                prove_import(proof, a.port, b.port, accounts[1], url, run)
        finally:
            flush_redis(redis_url)
    return proof.failures


def main(argv: list[str] | None = None) -> int:
    """Run the proof; return 1 if any check failed."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.two_servers",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--postgres-url", default=os.environ.get("TWO_SERVERS_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--redis-url", default=os.environ.get("TWO_SERVERS_REDIS_URL", REDIS_URL))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    try:
        with scratch_dir() as workdir:
            failures = prove(args.postgres_url, args.redis_url, workdir)
    except KeyboardInterrupt:
        return 130
    print("two servers: " + ("pass" if not failures else f"{len(failures)} checks failed"), flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
