"""Request ids and JSON log lines: every log record of a request can be found by its id.

The id comes from the reverse proxy's X-Request-ID when it sent a sane one, else it is made
here; it is returned in the response's X-Request-ID (gunicorn's access log records it too).
In production every record of the "claims" logger is one JSON object per line on stderr.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from datetime import UTC, datetime

from flask import Flask, Response, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
_ENVIRON_KEY = "claims.request_id"
# What a proxy may hand us: short, and nothing that could forge a log line.
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id() -> str:
    """Return this request's id, taking the proxy's when it is sane and making one otherwise."""
    environ = request.environ
    if _ENVIRON_KEY not in environ:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        environ[_ENVIRON_KEY] = given if _SANE_ID.match(given) else uuid.uuid4().hex
    return environ[_ENVIRON_KEY]


class RequestContextFilter(logging.Filter):
    """Attach the request id, method and path to records logged while a request is served."""

    def filter(self, record: logging.LogRecord) -> bool:
        if has_request_context():
            record.request_id = request_id()
            record.method, record.path = request.method, request.path
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, request fields, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "method", "path"):
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def init_logging(app: Flask) -> None:
    """Give every response its request id; in production, log the "claims" logger as JSON lines."""
    logger = logging.getLogger("claims")
    if not any(isinstance(f, RequestContextFilter) for f in logger.filters):
        logger.addFilter(RequestContextFilter())
    if app.config.get("ENV_NAME") == "production" and not app.config.get("TESTING"):
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter())
        logger.handlers[:] = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False

    @app.after_request
    def _echo_request_id(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id()
        return response
