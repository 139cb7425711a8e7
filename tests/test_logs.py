"""Every response carries a request id, and production log lines are JSON objects that carry it."""

from __future__ import annotations

import json
import logging
import re

from claims.logs import JsonFormatter, RequestContextFilter


def test_every_response_has_a_request_id_and_a_proxy_id_is_kept_when_sane(client):
    made = client.get("/").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert client.get("/", headers={"X-Request-ID": "lb-7f3a.42"}).headers["X-Request-ID"] == "lb-7f3a.42"
    for forged in ("x" * 65, "a b", '{"level":"ERROR"}', "id;Set-Cookie=a"):
        echoed = client.get("/ratings", headers={"X-Request-ID": forged}).headers["X-Request-ID"]
        assert echoed != forged and re.fullmatch(r"[0-9a-f]{32}", echoed)


def test_a_log_record_of_a_request_is_one_json_line_with_its_id(app):
    record = logging.LogRecord(
        "claims.auth", logging.WARNING, __file__, 1, 'login "failed" for %s', ("a@b",), None
    )
    with app.test_request_context("/login", method="POST", headers={"X-Request-ID": "req-1"}):
        RequestContextFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["request_id"] == "req-1" and data["path"] == "/login" and data["method"] == "POST"
    assert data["level"] == "WARNING" and data["message"] == 'login "failed" for a@b'
