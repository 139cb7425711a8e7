"""GET /healthz: what a load balancer or an operator asks before sending traffic to this server."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify
from sqlalchemy import text

from claims.extensions import cache, db

log = logging.getLogger(__name__)


def _database() -> str:
    db.session.execute(text("SELECT 1"))
    return "ok"


def _cache() -> str:
    cache.set("healthz", "ok", timeout=10)
    return "ok" if cache.get("healthz") == "ok" else "unreadable"


def _queue() -> str:
    from claims.jobs import current_queue

    current_queue().pending()
    return "ok"


def healthz() -> tuple[Response, int]:
    """Check the database, the shared cache and the job queue; 200 when all answer, 503 naming any that does not."""
    checks: dict[str, str] = {}
    for name, check in (("database", _database), ("cache", _cache), ("queue", _queue)):
        try:
            checks[name] = check()
        except Exception:  # a health check reports any failure rather than raising it
            log.exception("health check %s failed", name)
            checks[name] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    response = jsonify({"status": "ok" if healthy else "unavailable", **checks})
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503


def init_health(app: Flask) -> None:
    """Register /healthz outside every blueprint: no login, no cache, no rate limit."""
    app.add_url_rule("/healthz", "healthz", healthz, methods=["GET"])
