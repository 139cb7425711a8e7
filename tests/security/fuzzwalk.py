"""The fuzz walk: which query arguments and form fields a view reads, and sending it hostile ones.

A view's form fields are found from its code (see view_inputs) and from what it reads when an
admin posts to it once (a form built with a prefix). The walk fails a target whose view read a
query argument or form field that it was never sent.
"""

from __future__ import annotations

import io
import json
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.routing import AnyConverter, Rule
from werkzeug.test import encode_multipart

from claims.extensions import db
from claims.models import Claim, Role, User
from claims.public.links import claim_ref
from tests.security.hostile import (
    GOOD_FILES,
    HOSTILE_TEXT,
    JSON_BODIES,
    JSON_VALUES,
    PATH_VALUES,
    UPLOADS,
    VALUES,
    Raw,
    as_text,
    urlencode,
)
from tests.security.urlmap import existing_ids, url_args
from tests.security.view_inputs import READS, form_fields, view_forms

METHODS = ("GET", "POST")


@dataclass
class Target:
    """One rule and method, with the query arguments and form fields (name: takes files) it is sent."""

    rule: Rule
    method: str
    query: tuple[str, ...]
    fields: dict[str, bool] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.method} {self.rule.rule}"


def targets(app: Flask, rules: Iterable[Rule], query_args: dict[str, tuple[str, ...]]) -> list[Target]:
    """Each rule with each of GET and POST it takes, its query arguments and its forms' fields."""
    found = []
    for rule in rules:
        fields: dict[str, bool] = {}
        for form in view_forms(app.view_functions[rule.endpoint]):
            fields |= form_fields(form)
        for method in METHODS:
            if method in (rule.methods or ()):
                query = query_args.get(rule.endpoint, ())
                found.append(Target(rule, method, query, dict(fields) if method == "POST" else {}))
    return found


def _path(rule: Rule, real: dict[str, Any], chosen: dict[str, str]) -> str:
    """The rule's path with each argument replaced by `chosen` (already URL-encoded) text."""
    marks: dict[str, Any] = {
        arg: 987654321 + n if isinstance(real[arg], int) else f"zzarg{n}zz"
        for n, arg in enumerate(sorted(rule.arguments))
    }
    # `any(...)` arguments build only from their own words: the real word, replaced from the right.
    marks |= {arg: real[arg] for arg in rule.arguments if isinstance(rule._converters[arg], AnyConverter)}
    path: str = rule.build(marks)[1]  # type: ignore[index]
    for arg, mark in marks.items():
        head, found, rest = path.rpartition(str(mark))
        path = head + chosen[arg] + rest if found else path
    return path


def _real_values(real: dict[str, Any]) -> dict[str, list[str]]:
    """For each path argument, values naming things that exist: every row (some of them locked,
    some not), each claim's canonical reference."""
    values = {}
    for arg, first in real.items():
        found = [str(row_id) for row_id in existing_ids(db.session, arg)]
        if arg == "ref":
            found = [claim_ref(claim) for claim in db.session.scalars(select(Claim).limit(50))]
        values[arg] = found or [str(first)]
    return values


def _pairs(names: list[str]) -> st.SearchStrategy[list[tuple[str, str | Raw]]]:
    """Names with values: some names with mixed values, or every name with the same hostile one
    (so that one request tries it on every field's checks)."""
    return st.one_of(
        st.lists(st.tuples(st.sampled_from(names), VALUES), max_size=len(names) + 1),
        st.sampled_from(HOSTILE_TEXT).map(lambda value: [(name, value) for name in names]),
    )


def _request_strategy(target: Target, real: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    existing = _real_values(real)
    path_args = st.fixed_dictionaries(
        {
            arg: st.one_of(
                st.sampled_from(existing[arg]).map(lambda v: quote(v, safe="")), st.sampled_from(PATH_VALUES)
            )
            for arg in real
        }
    )
    strategy: dict[str, st.SearchStrategy[Any]] = {
        "path": path_args,
        "query": _pairs([*target.query, "unknown"]),
    }
    if target.method == "POST":
        names = sorted(target.fields) or ["unknown"]
        strategy["form"] = _pairs(names)
        # Any field may be sent a file, not only the file fields.
        strategy["files"] = st.lists(st.tuples(st.sampled_from(names), UPLOADS), max_size=3)
        strategy["body"] = st.sampled_from(["urlencoded", "urlencoded", "multipart", "json"])
        strategy["good_file"] = st.sampled_from(GOOD_FILES)
        strategy["json"] = st.one_of(
            st.dictionaries(st.sampled_from(names), JSON_VALUES, max_size=len(names)),
            st.sampled_from(JSON_BODIES),
        )
    return st.fixed_dictionaries(strategy)


def _body(target: Target, drawn: dict[str, Any]) -> dict[str, Any]:
    """The test client's keyword arguments for the drawn body, encoded to bytes here.

    (Given files, the test client would encode a body over 500 kB to a temporary file it never
    closes.)
    """
    if target.method != "POST":
        return {}
    if drawn["body"] == "json":
        data = drawn["json"]
        body = data if isinstance(data, bytes) else json.dumps(data).encode("utf-8", "surrogatepass")
        return {"data": body, "content_type": "application/json"}
    if drawn["body"] == "urlencoded":
        return {"data": urlencode(drawn["form"]), "content_type": "application/x-www-form-urlencoded"}
    uploads = list(drawn["files"])
    # A file field sent no file gets a well-formed one, so the walk gets past "choose a file".
    sent = {name for name, _upload in uploads}
    uploads += [
        (name, drawn["good_file"]) for name, is_file in target.fields.items() if is_file and name not in sent
    ]
    parts = MultiDict(
        [(name, as_text(value)) for name, value in drawn["form"]]
        + [(name, FileStorage(io.BytesIO(content), filename)) for name, (content, filename) in uploads]
    )
    boundary, body = encode_multipart(parts)
    return {"data": body, "content_type": f"multipart/form-data; boundary={boundary}"}


def _shown(kwargs: dict[str, Any]) -> str:
    """The body, shortened, for a failure message."""
    return f"{kwargs.get('content_type', '')} {kwargs.get('data')!r}"[:600]


@dataclass
class Caller:
    """An anonymous client and one signed-in client per role."""

    app: Flask
    users: dict[Role, User]
    auth: Any
    clients: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.clients["anonymous"] = self.app.test_client()
        for role in self.users:
            self.clients[role.value] = self.app.test_client()

    def sign_in(self) -> None:
        # Logging out, or a new password, ends the user's sessions: sign each client in every time.
        for role, user in self.users.items():
            db.session.refresh(user)
            self.auth.login(user, client=self.clients[role.value])


def _problem(response: Any) -> str | None:
    """What is wrong with a response: a server error, or an API answer that is not JSON."""
    body = response.get_data()  # a streamed download fails only while it is read
    if response.status_code >= 500:
        return f"{response.status_code}: {body[:300]!r}"
    if response.request.path.startswith("/api/"):
        if response.mimetype != "application/json":
            return f"{response.status_code} as {response.mimetype}, not JSON"
        if response.status_code >= 400 and response.get_json()["error"]["status"] != response.status_code:
            return f"{response.status_code} with the error body {body[:300]!r}"
    return None


def _send(caller: Caller, who: str, target: Target, path: str, query: str, drawn: dict[str, Any]) -> None:
    kwargs, response = _body(target, drawn), None
    try:
        response = caller.clients[who].open(path, method=target.method, query_string=query, **kwargs)
        problem = _problem(response)
    except Exception as error:  # an unhandled exception is what a 500 looks like in tests
        frame = traceback.extract_tb(error.__traceback__)[-1]
        problem = f"{type(error).__name__}: {str(error)[:300]} at {frame.filename}:{frame.lineno}"
    finally:
        if response is not None:
            response.close()
        db.session.rollback()
    assert problem is None, f"{target} as {who}: {problem}\n    {path}?{query[:300]}\n    {_shown(kwargs)}"


def probe(target: Target, caller: Caller) -> None:
    """Post to the target as an admin once and add the form fields its view read to those sent.

    This finds what the code walk cannot, such as a form built with a prefix.
    """
    caller.sign_in()
    real = url_args(db.session, target.rule)
    path = _path(target.rule, real, {arg: quote(str(value), safe="") for arg, value in real.items()})
    READS.pop(target.rule.endpoint, None)
    try:
        caller.clients[Role.ADMIN.value].post(path, data={"zzprobe": "1"}).close()
    except Exception:  # noqa: S110  (the walk itself sends this again, and reports what goes wrong)
        pass
    finally:
        db.session.rollback()
    for kind, name in READS[target.rule.endpoint]:
        if kind == "form":
            target.fields.setdefault(name, target.fields.get(name.rpartition("-")[2], False))


def fuzz(target: Target, caller: Caller, examples: int) -> None:
    """Send `examples` drawn requests to the target, each as every caller."""
    real = url_args(db.session, target.rule)
    db.session.rollback()

    # No shrinking: a failure names the request it sent, and the database has moved on meanwhile.
    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        phases=(Phase.explicit, Phase.generate),
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
        ],
    )
    @given(drawn=_request_strategy(target, real))
    def send(drawn: dict[str, Any]) -> None:
        path = _path(target.rule, real, drawn["path"])
        query = urlencode(drawn["query"])
        caller.sign_in()
        for who in caller.clients:
            _send(caller, who, target, path, query, drawn)

    send()


def _messages(error: BaseException) -> list[str]:
    if isinstance(error, BaseExceptionGroup):
        return [m for inner in error.exceptions for m in _messages(inner)]
    return [str(error) if isinstance(error, AssertionError) else f"{type(error).__name__}: {error}"]


def failures(walked: list[Target], caller: Caller, examples: int) -> list[str]:
    """Fuzz every target; return every failure found, one line or a few each."""
    found = []
    for target in walked:
        if target.method == "POST":
            probe(target, caller)
        try:
            fuzz(target, caller, examples)
        except Exception as error:  # every route is tried; all failures are reported together
            found += _messages(error)
        # The walk may have sent an unread name, but never leaves a read one unsent.
        sent = {("query", name) for name in target.query} | {("form", name) for name in target.fields}
        found += [
            f"{target}: its view reads the {kind} {name!r}, which the walk does not send"
            for kind, name in sorted(READS[target.rule.endpoint] - sent)
            if target.method == "POST" or kind == "query"
        ]
    return found
