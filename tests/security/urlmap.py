"""Walk the app's url map: which rules mutate, which are staff-only, and real ids for their arguments."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.routing import AnyConverter, IntegerConverter, Rule

from claims.extensions import db
from claims.models import Role

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}
STAFF_PREFIXES = ("/review/", "/admin/")
# Argument stems whose table name is not simply the stem plus "s".
ALIASES = {"level": "rating_levels", "scale": "rating_scales", "evidence": "evidence"}


def required_role(app: Flask, rule: Rule) -> Role | None:
    """The role recorded by role_required on the rule's view (through any wrapping decorators)."""
    view: Any = app.view_functions[rule.endpoint]
    while view is not None:
        role = getattr(view, "required_role", None)
        if role is not None:
            return role
        view = getattr(view, "__wrapped__", None)
    return None


def is_staff_path(rule: Rule) -> bool:
    return rule.rule.startswith(STAFF_PREFIXES) or rule.rule in {p.rstrip("/") for p in STAFF_PREFIXES}


def rules(app: Flask, keep: Callable[[Rule], bool]) -> Iterator[Rule]:
    """The app's rules that `keep` accepts, in a stable order."""
    yield from sorted((r for r in app.url_map.iter_rules() if keep(r)), key=lambda r: (r.rule, r.endpoint))


def _table_for(arg: str) -> Any:
    stem = arg.removesuffix("_id")
    wanted = ALIASES.get(stem, stem + "s")
    for mapper in db.Model.registry.mappers:
        if mapper.local_table.name in (wanted, stem):
            return mapper.class_
    return None


def existing_ids(session: Session, arg: str, limit: int = 50) -> list[int]:
    """Ids of rows that an `<int:x_id>` argument could name (none when no table matches `x`)."""
    model = _table_for(arg)
    if model is None:
        return []
    return list(session.scalars(select(model.id).order_by(model.id).limit(limit)))


def url_args(session: Session, rule: Rule) -> dict[str, Any]:
    """Values for the rule's arguments: for `<int:x_id>` the id of an existing x, with parent ids
    taken from that row (so /claims/<claim_id>/evidence/<evidence_id> gets a matching pair)."""
    values: dict[str, Any] = {}
    rows: dict[str, Any] = {}
    for arg in sorted(rule.arguments):
        converter = rule._converters.get(arg)
        if isinstance(converter, AnyConverter):
            values[arg] = sorted(converter.items)[0]
            continue
        if not isinstance(converter, IntegerConverter):
            values[arg] = "1"
            continue
        model = _table_for(arg)
        first = session.scalar(select(func.min(model.id))) if model is not None else None
        values[arg] = first or 1
        if first is not None:
            rows[arg] = session.get(model, first)
    for arg, row in rows.items():
        for other in rule.arguments - {arg}:
            if other in rows and hasattr(row, other) and getattr(row, other) is not None:
                values[other] = getattr(row, other)
    return values


def build_path(rule: Rule, values: dict[str, Any]) -> str:
    """The path of this very rule (not another rule of the same endpoint) with `values` filled in."""
    built = rule.build(values)
    assert built is not None, f"cannot build {rule.rule} from {values}"
    return built[1]


def snapshot(session: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, to compare before and after a request."""
    session.expire_all()
    tables = db.metadata.sorted_tables
    return {t.name: sorted(map(tuple, session.execute(select(t)).all()), key=repr) for t in tables}
