"""Faults during the soak, one after another: workers killed mid-save, a large CSV import, a database restart."""

from __future__ import annotations

import json
import re
import subprocess
import threading
import time
from dataclasses import dataclass, field

from bench.http_servers import Server
from bench.soak_client import Browser
from bench.soak_forms import form_with, multipart
from bench.soak_load import Killer
from bench.soak_processes import wait_for_postgres
from bench.soak_stack import Account

JOB_PAGE = re.compile(r"^/export/jobs/(\d+)")
KILL_WAIT_S = 30.0
POLL_S = 0.5


@dataclass(frozen=True)
class Window:
    """When a fault was under way, from its start until the service was whole again."""

    name: str  # "kill", "import" or "restart"
    started: float
    ended: float


@dataclass
class ImportOutcome:
    """The CSV import as its editor saw it: the job, its end state and how long each step took."""

    rows: int
    job_id: int | None = None
    state: str = "not started"
    result: object = None
    check_s: float = 0.0
    run_s: float = 0.0


@dataclass
class Faults:
    """Runs the faults in order and keeps their windows; `problems` says what went wrong with them."""

    server: Server
    killer: Killer
    importer: Browser
    account: Account
    run: str
    import_rows: int
    import_timeout_s: float
    restart: list[str] | None = None
    server_url: str = ""
    windows: list[Window] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    imported: ImportOutcome | None = None

    def schedule(self, kills: int, stop: threading.Event) -> None:
        """Kill workers mid-save, then import (alone, so its effect on latency is its own), then restart."""
        time.sleep(2.0)
        for _ in range(kills):
            if stop.is_set():
                return
            self.kill_mid_save()
            time.sleep(1.0)
        started = time.monotonic()
        self.imported = self.run_import()
        self.windows.append(Window("import", started, time.monotonic()))
        if self.restart and not stop.is_set():
            time.sleep(1.0)
            self.restart_database()

    def kill_mid_save(self) -> None:
        """SIGKILL the worker serving the next save, and wait for gunicorn to boot its replacement."""
        started, boots = time.monotonic(), self.server.boots()
        before = len(self.killer.kills)
        if not self.killer.arm().wait(KILL_WAIT_S) or len(self.killer.kills) == before:
            self.killer.disarm()
            self.problems.append("no save in flight could be matched to a worker to kill")
            return
        deadline = time.monotonic() + KILL_WAIT_S
        while self.server.boots() <= boots or len(self.server.worker_pids()) < self.server.workers:
            if time.monotonic() > deadline:
                self.problems.append("gunicorn did not replace the killed worker")
                break
            time.sleep(0.05)
        self.windows.append(Window("kill", started, time.monotonic()))

    def restart_database(self) -> None:
        """Restart PostgreSQL; the window closes once the app's /healthz answers 200 again."""
        assert self.restart is not None
        started = time.monotonic()
        try:
            done = subprocess.run(self.restart, capture_output=True, text=True, check=False, timeout=120)  # noqa: S603
        except subprocess.TimeoutExpired:
            self.problems.append(f"{' '.join(self.restart)} did not finish within 120 s")
            return
        if done.returncode != 0:
            self.problems.append(f"{' '.join(self.restart)} failed: {done.stderr or done.stdout}")
        wait_for_postgres(self.server_url)
        deadline = time.monotonic() + 30
        while self.importer.get("/healthz", kind="health").status != 200:
            if time.monotonic() > deadline:
                self.problems.append("/healthz did not answer 200 within 30 s of the restart")
                break
            time.sleep(0.1)
        self.windows.append(Window("restart", started, time.monotonic()))

    def run_import(self) -> ImportOutcome:
        """Upload the CSV through the form, confirm the dry run, and follow the job until it ends."""
        outcome = ImportOutcome(self.import_rows)
        b = self.importer
        if b.login(self.account.email, self.account.password).status != 302:
            self.problems.append("the importing editor could not log in")
            return outcome
        page = b.get("/export/import", kind="import", label="import form")
        upload = form_with(page.text, "file")
        if upload is None or not upload.files:
            self.problems.append(f"GET /export/import ({page.status}) shows no upload form")
            return outcome
        body, content_type = multipart(
            upload.fields, {upload.files[0]: ("soak-import.csv", self.csv(), "text/csv")}
        )
        started = time.monotonic()
        checked = b.request(
            "POST",
            "/export/import",
            kind="import",
            label="import check",
            body=body,
            content_type=content_type,
        )
        outcome.check_s = time.monotonic() - started
        confirm = form_with(checked.text, "token")
        if confirm is None:
            self.problems.append(
                f"the dry run ({checked.status}) offers no confirm form: {checked.text[-500:]}"
            )
            return outcome
        started = time.monotonic()
        answer = b.post("/export/import/confirm", confirm.fields, kind="import", label="import confirm")
        found = JOB_PAGE.match(answer.location)
        if answer.status != 303 or not found:
            self.problems.append(
                f"confirming the import answered {answer.status} {answer.location!r}, not 303 to a job"
            )
            return outcome
        outcome.job_id = int(found.group(1))
        self.follow(outcome)
        outcome.run_s = time.monotonic() - started
        return outcome

    def follow(self, outcome: ImportOutcome) -> None:
        """Poll the job's JSON until it is done or failed."""
        deadline = time.monotonic() + self.import_timeout_s
        while time.monotonic() < deadline:
            answer = self.importer.get(
                f"/export/jobs/{outcome.job_id}.json", kind="import", label="job status"
            )
            if answer.status == 200:
                job = json.loads(answer.body)
                outcome.state, outcome.result = job["state"], job.get("result")
                if outcome.state in ("done", "failed"):
                    if outcome.state == "failed":
                        self.problems.append(f"import job {outcome.job_id} failed: {outcome.result}")
                    return
            time.sleep(POLL_S)
        self.problems.append(
            f"import job {outcome.job_id} still {outcome.state} after {self.import_timeout_s:.0f} s"
        )

    def csv(self) -> bytes:
        """Return the import file: claims.csv's two required columns, a marker per row."""
        lines = ["restated_claim,claimant"]
        lines += [f"{import_marker(self.run, n)},Soak Importer" for n in range(1, self.import_rows + 1)]
        return ("\r\n".join(lines) + "\r\n").encode()


def import_marker(run: str, n: int) -> str:
    """Return the restated claim of the import's row `n`."""
    return f"soak-{run}-import-{n:06d}"
