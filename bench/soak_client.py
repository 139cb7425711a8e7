"""A small HTTP client for the soak test: one actor's cookies, its forms, and a record of every request."""

from __future__ import annotations

import http.client
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.soak_forms import form_with

# Long enough for the 100,000-row dry run, which one request does in full.
TIMEOUT_S = 120.0
LOCKED = b"database is locked"


@dataclass(frozen=True)
class Hit:
    """One request as the client saw it; status 0 means the connection failed or was cut."""

    actor: str
    kind: str  # "read", "form" (a GET before a save), "save", "login", "import"
    label: str
    started: float  # time.monotonic()
    seconds: float
    status: int
    error: str = ""
    locked: bool = False  # the answer said "database is locked"

    @property
    def ended(self) -> float:
        return self.started + self.seconds


class Recorder:
    """Every request of every actor, appended from many threads."""

    def __init__(self) -> None:
        self.hits: list[Hit] = []
        self._lock = threading.Lock()

    def add(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def snapshot(self) -> list[Hit]:
        with self._lock:
            return list(self.hits)

    def typical(self, kind: str, last: int = 50) -> float:
        """Return the median seconds of the latest answered requests of a kind (0 before any)."""
        with self._lock:
            recent = [h.seconds for h in self.hits[-2000:] if h.kind == kind and h.status][-last:]
        return sorted(recent)[len(recent) // 2] if recent else 0.0


@dataclass
class Answer:
    """A response: status (0 when none came), lower-cased headers and body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str = ""

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        """The redirect target as a path (and query), or ""."""
        parts = urlsplit(self.headers.get("location", ""))
        return (
            parts.path
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )


class Browser:
    """One actor: its own cookies and client address, every request recorded.

    `address` goes out as X-Forwarded-For (the servers run with CLAIMS_PROXY_COUNT=1), so each
    actor has the login throttle of a person at their own machine, not of the shared 127.0.0.1.
    """

    def __init__(self, port: int, recorder: Recorder, actor: str, address: str | None = None) -> None:
        self.port, self.recorder, self.actor, self.address = port, recorder, actor, address
        self.cookies: dict[str, str] = {}

    def request(
        self,
        method: str,
        path: str,
        *,
        kind: str,
        label: str,
        body: bytes | None = None,
        content_type: str = "",
        on_sent: Callable[[socket.socket], None] | None = None,
    ) -> Answer:
        """Send one request without following redirects; `on_sent` gets the socket once the request is out."""
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.address:
            headers["X-Forwarded-For"] = self.address
        if content_type:
            headers["Content-Type"] = content_type
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT_S)
        try:
            conn.request(method, path, body=body, headers=headers)
            if on_sent is not None and conn.sock is not None:
                on_sent(conn.sock)
            response = conn.getresponse()
            answer = Answer(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
            self._keep_cookies(response.headers.get_all("Set-Cookie") or [])
        except (OSError, http.client.HTTPException) as error:
            answer = Answer(0, error=f"{type(error).__name__}: {error}")
        finally:
            conn.close()
        locked = LOCKED in answer.body
        hit = Hit(
            self.actor, kind, label, started, time.monotonic() - started, answer.status, answer.error, locked
        )
        self.recorder.add(hit)
        return answer

    def get(self, path: str, *, kind: str = "form", label: str = "") -> Answer:
        return self.request("GET", path, kind=kind, label=label or path)

    def post(
        self,
        path: str,
        fields: dict[str, str],
        *,
        kind: str = "save",
        label: str = "",
        on_sent: Callable[[socket.socket], None] | None = None,
    ) -> Answer:
        """POST fields as a browser submits a form."""
        body = urlencode(fields).encode()
        return self.request(
            "POST",
            path,
            kind=kind,
            label=label or path,
            body=body,
            content_type="application/x-www-form-urlencoded",
            on_sent=on_sent,
        )

    def login(self, email: str, password: str) -> Answer:
        """Log in through the form; the answer is a redirect when it worked."""
        page = self.get("/login", kind="login", label="/login")
        form = form_with(page.text, "password")
        if form is None:
            return Answer(page.status, page.headers, page.body, "no login form")
        fields = {**form.fields, "email": email, "password": password}
        return self.post("/login", fields, kind="login", label="/login")

    def _keep_cookies(self, headers: Iterable[str]) -> None:
        for header in headers:
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            for name, morsel in jar.items():
                if morsel["expires"] and morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value


def expect_redirect(answer: Answer, what: str) -> str:
    """Return where a redirect points.

    :raises RuntimeError: the answer was no redirect, or one to the login page.
    """
    if answer.status not in (302, 303) or answer.location.startswith("/login"):
        raise RuntimeError(f"{what} answered {answer.status} {answer.location!r}: {answer.text[-400:]}")
    return answer.location


def submit(browser: Browser, form_path: str, post_path: str, field: str, values: dict[str, str]) -> str:
    """GET a form, fill it in, POST it and return where the redirect points.

    :raises RuntimeError: no such form, or the POST was not answered with a redirect.
    """
    page = browser.get(form_path)
    form = form_with(page.text, field)
    if form is None:
        raise RuntimeError(f"GET {form_path} ({page.status}) shows no form with {field}")
    return expect_redirect(browser.post(post_path, {**form.fields, **values}), f"POST {post_path}")
