"""Public responses kept until the next publication, and conditional GETs on top of them.

Public content changes only with a commit that bumps `site_state.public_version` (see
`claims.models.public_changes`), so a response rendered for an anonymous reader is stored under
that version and the full URL: it stays valid exactly until the next such commit, on every app
server when the store is Redis. Each request costs one primary-key read for the version.

Only anonymous requests are served from or stored in the cache: a signed-in person's page
carries their name and tokens, and must never reach anyone else. A response that sets a
cookie or is streamed is never stored.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request, session
from sqlalchemy import Connection, Engine, event

from claims.extensions import cache, db
from claims.services.publication import PUBLIC_VERSION_SQL

# Readers always get current verdicts (a correction must show at once), but revalidation is cheap.
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"
# Headers a stored response keeps; the security headers are added again on every response.
_KEPT_HEADERS = ("Content-Type", "Cache-Control", "Link", "Content-Disposition")
_KEY, _HIT = "claims.public_cache_key", "claims.public_cache_hit"
_CACHED_BLUEPRINTS: set[str] = set()


def _anonymous() -> bool:
    # Flask-Login keeps the signed-in user's id here; reading the cookie costs no query.
    return "_user_id" not in session


class _CounterReader:
    """Reads the publication counter on a connection of its own per thread, in autocommit.

    A cache hit then costs one statement and no transaction, instead of a session, a BEGIN and
    a ROLLBACK; the statement goes straight to the driver, as it runs on every public request.
    The page itself, on a miss, is rendered afterwards in the request's own
    transaction, so it is never older than the counter it is stored under.
    """

    def __init__(self) -> None:
        self._held: dict[tuple[int, int], Connection] = {}
        self._watched: set[int] = set()
        self._lock = threading.Lock()

    def read(self, engine: Engine, retry: bool = True) -> int:
        key = (id(engine), threading.get_ident())
        conn = self._held.get(key)
        if conn is None or conn.closed or conn.invalidated:
            conn = engine.execution_options(isolation_level="AUTOCOMMIT").connect()
            with self._lock:
                if id(engine) not in self._watched:
                    event.listen(engine, "engine_disposed", self.close_all)
                    self._watched.add(id(engine))
                self._held[key] = conn
        try:
            row = conn.connection.driver_connection.execute(PUBLIC_VERSION_SQL).fetchone()
        except engine.dialect.loaded_dbapi.Error:
            # A restarted database: the held connection is gone; read once more on a new one.
            conn.invalidate()
            del self._held[key]
            if not retry:
                raise
            return self.read(engine, retry=False)
        return row[0] if row else 0

    def close_all(self, engine: Engine) -> None:
        with self._lock:
            for key in [k for k in self._held if k[0] == id(engine)]:
                # The pool it came from is already disposed: close the database connection itself.
                held = self._held.pop(key)
                held.invalidate()
                held.close()


_counter = _CounterReader()


def _cache_key() -> str:
    version = _counter.read(db.engine)
    # The host is part of the key: pages carry absolute links (feeds, ClaimReview, the API).
    return f"public:{version}:{request.host}:{request.full_path}"


def serve_from_cache() -> Response | None:
    """before_request: answer an anonymous GET from the cache when this version has it."""
    if request.blueprint not in _CACHED_BLUEPRINTS or request.routing_exception is not None:
        return None
    if request.method not in ("GET", "HEAD") or not current_app.config.get("PUBLIC_CACHE", True):
        return None
    if not _anonymous():
        return None
    # Kept in the WSGI environ, which lives exactly as long as the request (`g` may outlive it).
    request.environ[_KEY] = key = _cache_key()
    stored: dict[str, Any] | None = cache.get(key)
    if stored is None:
        return None
    request.environ[_HIT] = True
    response = Response(stored["body"], status=200, headers=stored["headers"])
    response.set_etag(stored["etag"])
    return response.make_conditional(request)


def conditional(response: Response) -> Response:
    """after_request: store a fresh anonymous 200, add ETag and Cache-Control, answer 304 on a match."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed:
        return response
    if request.environ.get(_HIT):
        return response
    response.headers.setdefault("Cache-Control", PUBLIC_CACHE_CONTROL)
    response.add_etag()
    key = request.environ.get(_KEY)
    # A modified session would send Set-Cookie: such a response is someone's, not the public's.
    if key is not None and not session.modified and "Set-Cookie" not in response.headers:
        etag, _ = response.get_etag()
        headers = {name: response.headers[name] for name in _KEPT_HEADERS if name in response.headers}
        cache.set(key, {"body": response.get_data(), "headers": headers, "etag": etag})
    return response.make_conditional(request)


def cache_public_responses(blueprint: Blueprint) -> None:
    """Serve this blueprint's anonymous GETs from the publication cache (see init_public_cache)."""
    _CACHED_BLUEPRINTS.add(blueprint.name)
    blueprint.after_request(conditional)


def init_public_cache(app: Flask) -> None:
    """Look in the cache before any other request hook, so a hit skips them all (rate limits included)."""
    app.before_request_funcs.setdefault(None, []).insert(0, serve_from_cache)
