"""Saving against a version: commit, or roll back and show the 409 conflict page, overwriting nothing."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from flask import flash, redirect, render_template
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from claims.extensions import db
from claims.services.editing import EditConflict, check_version, latest_revision


@dataclass(frozen=True)
class Compared:
    """One field on the conflict page: what is stored now and what this user typed."""

    label: str
    stored: str
    typed: str

    @property
    def differs(self) -> bool:
        return self.stored != self.typed


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(getattr(v, "name", v)) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    return str(value)


def _choice(field: Any, value: Any) -> Any:
    """Show a select field's value by its label, as the user saw it."""
    choices = getattr(field, "choices", None)
    labels = {choice.value: choice.label for choice in choices} if isinstance(choices, list) else {}
    return labels.get(value, value)


def save_versioned(
    obj: Any,
    form: FlaskForm,
    apply: Callable[[], None],
    *,
    action: str,
    title: str,
    fields: Sequence[tuple[str, str, Callable[[], Any]]],
) -> tuple[str, int] | None:
    """Check the form's version, apply the change and commit; on a conflict return the 409 page.

    `fields` lists (form field name, label, getter of the stored value) for the side-by-side view.
    A race between the check and the write shows up as StaleDataError and is treated the same.
    """
    try:
        check_version(obj, form.version.data)
        apply()
        db.session.commit()
        return None
    except (EditConflict, StaleDataError):
        db.session.rollback()
    return conflict_page(obj, form, action=action, title=title, fields=fields)


def conflict_page(
    obj: Any,
    form: FlaskForm,
    *,
    action: str,
    title: str,
    fields: Sequence[tuple[str, str, Callable[[], Any]]],
) -> tuple[str, int]:
    """Render stored and typed values side by side, with the typed form ready to resubmit."""
    db.session.refresh(obj)
    compared = [
        Compared(label, _shown(_choice(form[name], stored())), _shown(_choice(form[name], form[name].data)))
        for name, label, stored in fields
    ]
    # Resubmitting from this page means "I have seen their change": it carries the current version.
    form.version.set(obj.version)
    page = render_template(
        "review/conflict.html",
        title=title,
        compared=compared,
        form=form,
        action=action,
        revision=latest_revision(db.session, obj),
    )
    return page, 409


def save_step(
    obj: Any,
    form: FlaskForm,
    apply: Callable[[], None],
    *,
    action: str,
    title: str,
    fields: Sequence[tuple[str, str, Callable[[], Any]]],
    done: str,
    back: str,
    refused: tuple[type[Exception], ...] = (),
    refused_prefix: str = "",
) -> Response | tuple[str, int]:
    """Save a one-button step: on success flash `done` and go `back`; a refused step flashes why.

    A stale version gives the conflict page, as for every edit form.
    """
    from claims.review.forms import sentence

    try:
        conflict = save_versioned(obj, form, apply, action=action, title=title, fields=fields)
    except refused as error:
        db.session.rollback()
        flash(sentence(refused_prefix + str(error)), "error")
        return redirect(back)
    if conflict:
        return conflict
    flash(done)
    return redirect(back)
