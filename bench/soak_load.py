"""The load: anonymous readers on the public pages, and staff saving claims, evidence and comments through the forms."""

from __future__ import annotations

import itertools
import os
import random
import re
import select
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from bench.soak_client import Answer, Browser
from bench.soak_forms import form_with
from bench.soak_stack import Account, Passage

CLAIM_PAGE = re.compile(r"^/review/claims/(\d+)")
# After a failed request (a restart window), a pause keeps a reader from spinning on errors.
BACKOFF_S = 0.1


@dataclass
class Write:
    """One save a writer sent, under a marker no other save carries."""

    marker: str
    kind: str  # "claim", "evidence" or "comment"
    actor: str
    started: float
    status: int | None = None  # None until the answer (or the lack of one) is known
    acknowledged: bool = False
    killed: bool = False  # its worker was SIGKILLed while the save was in flight


class Ledger:
    """Every save attempted, by marker; filled from many writer threads."""

    def __init__(self) -> None:
        self.writes: dict[str, Write] = {}
        self._lock = threading.Lock()

    def open(self, marker: str, kind: str, actor: str) -> Write:
        write = Write(marker, kind, actor, time.monotonic())
        with self._lock:
            if marker in self.writes:
                raise RuntimeError(f"marker {marker} used twice")
            self.writes[marker] = write
        return write

    def snapshot(self) -> list[Write]:
        with self._lock:
            return list(self.writes.values())


def _socket_inode(server_port: int, client_port: int) -> str | None:
    """Return the inode of the accepted socket between the client port and the server, once accepted."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]  # noqa: SIM115  (a /proc file, read at once)
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, remote, inode = parts[1], parts[2], parts[9]
            ours = (
                int(local.rsplit(":", 1)[1], 16) == server_port
                and int(remote.rsplit(":", 1)[1], 16) == client_port
            )
            # A connection still in the listen backlog has no file yet, so no inode.
            if ours and inode != "0":
                return inode
    return None


def worker_holding(server_port: int, client_port: int, pids: list[int], timeout: float = 2.0) -> int | None:
    """Return the pid of the worker process that accepted this client's connection."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        inode = _socket_inode(server_port, client_port)
        if inode is not None:
            target = f"socket:[{inode}]"
            for pid in pids:
                try:
                    fds = os.listdir(f"/proc/{pid}/fd")
                except OSError:
                    continue
                for fd in fds:
                    try:
                        if os.readlink(f"/proc/{pid}/fd/{fd}") == target:
                            return pid
                    except OSError:
                        continue
        time.sleep(0.001)
    return None


class Killer:
    """SIGKILLs the gunicorn worker that has taken the next save, while the save is in flight."""

    def __init__(
        self, server_port: int, worker_pids: Callable[[], list[int]], save_seconds: Callable[[], float]
    ) -> None:
        self.server_port, self.worker_pids, self.save_seconds = server_port, worker_pids, save_seconds
        self._armed: threading.Event | None = None
        self._lock = threading.Lock()
        self.kills: list[tuple[str, int, float]] = []  # (marker, pid, time.monotonic() of the kill)

    def arm(self) -> threading.Event:
        """Kill during the next save; the event is set once that happened (or could not)."""
        done = threading.Event()
        with self._lock:
            self._armed = done
        return done

    def disarm(self) -> None:
        """Take back an arm no save has taken, so no kill comes later unannounced."""
        with self._lock:
            self._armed = None

    def hook(self, write: Write) -> Callable[[socket.socket], None] | None:
        """Return the callback for this save if a kill is armed, taking the arm so only one save gets it."""
        with self._lock:
            done, self._armed = self._armed, None
        if done is None:
            return None

        def kill(sock: socket.socket) -> None:
            pid = worker_holding(self.server_port, sock.getsockname()[1], self.worker_pids())
            if pid is None:
                done.set()  # the fault thread reports that nothing could be killed
                return
            # A random moment within a typical save, so some kills come before the commit and some after;
            # but only while no answer has come, or it would not be a kill mid-save.
            if select.select([sock], [], [], random.uniform(0.0, self.save_seconds()))[0]:
                with self._lock:
                    self._armed = self._armed or done
                return
            os.kill(pid, signal.SIGKILL)
            write.killed = True
            self.kills.append((write.marker, pid, time.monotonic()))
            done.set()

        return kill


def read_loop(browser: Browser, pages: list[tuple[str, str]], stop: threading.Event) -> None:
    """Fetch the public pages round and round until told to stop."""
    for label, path in itertools.cycle(pages):
        if stop.is_set():
            return
        answer = browser.request("GET", path, kind="read", label=label)
        if answer.status == 0 or answer.status >= 500:
            time.sleep(BACKOFF_S)


class Writer:
    """A logged-in reviewer or editor: makes claims, adds evidence to them and discusses them."""

    STEPS = ("claim", "evidence", "comment", "evidence", "comment")

    def __init__(
        self, browser: Browser, account: Account, passage: Passage, ledger: Ledger, killer: Killer, run: str
    ) -> None:
        self.browser, self.account, self.passage = browser, account, passage
        self.ledger, self.killer, self.run = ledger, killer, run
        self.claim_id: int | None = None
        self.count = 0

    def loop(self, stop: threading.Event) -> None:
        """Log in, then save one thing after another until told to stop."""
        self._login()
        for step in itertools.cycle(self.STEPS):
            if stop.is_set():
                return
            if step == "claim" or self.claim_id is None:
                self._save("claim", self._claim_form, "restated")
            elif step == "evidence":
                self._save("evidence", self._evidence_form, "title")
            else:
                self._save("comment", self._comment_form, "body")

    def _login(self) -> None:
        for _attempt in range(5):
            if self.browser.login(self.account.email, self.account.password).status == 302:
                return
            time.sleep(1.0)
        raise RuntimeError(f"{self.account.email} could not log in")

    def _claim_form(self) -> tuple[str, str]:
        p = self.passage
        page = f"/review/articles/{p.article_id}/claims/new"
        return page + f"?start={p.start}&end={p.end}", page

    def _evidence_form(self) -> tuple[str, str]:
        page = f"/review/claims/{self.claim_id}/evidence/new"
        return page, page

    def _comment_form(self) -> tuple[str, str]:
        return f"/review/claims/{self.claim_id}", f"/review/claims/{self.claim_id}/comments"

    def _values(self, kind: str, marker: str) -> dict[str, str]:
        if kind == "claim":
            return {"restated": marker, "claimant": "Soak Claimant", "tags": "soak"}
        if kind == "evidence":
            return {
                "url": f"https://example.org/soak/{marker}",
                "title": marker,
                "publisher": "Soak Source",
                "passage": "A passage quoted from the source.",
                "stance": "supports",
            }
        return {"body": f"{marker} needs a second look."}

    def _save(self, kind: str, where: Callable[[], tuple[str, str]], field: str) -> None:
        """GET the form, fill it in with a fresh marker, POST it, and note whether it was acknowledged."""
        form_path, post_path = where()
        page = self.browser.get(form_path, label=f"{kind} form")
        form = form_with(page.text, field) if page.status == 200 else None
        if form is None:
            self._recover(page)
            return
        self.count += 1
        marker = f"soak-{self.run}-{self.account.address.rsplit('.', 1)[1]}-{kind}-{self.count}"
        write = self.ledger.open(marker, kind, self.browser.actor)
        fields = {**form.fields, **self._values(kind, marker)}
        answer = self.browser.post(post_path, fields, label=kind, on_sent=self.killer.hook(write))
        write.status = answer.status
        target = answer.location
        write.acknowledged = 200 <= answer.status < 400 and not target.startswith("/login")
        if write.acknowledged and kind == "claim" and (found := CLAIM_PAGE.match(target)):
            self.claim_id = int(found.group(1))
        if not write.acknowledged:
            self._recover(answer)

    def _recover(self, answer: Answer) -> None:
        """After a refused or failed request: log in again if the session is gone, else pause."""
        if answer.status in (301, 302, 303) and answer.location.startswith("/login"):
            self._login()
        else:
            time.sleep(BACKOFF_S)
