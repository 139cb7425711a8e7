"""The rating scale, for admins: add, rename, reorder, retire and delete levels."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import RatingLevel, RatingScale, Role
from claims.review.blueprint import bp
from claims.review.conflicts import Compared
from claims.review.forms import ButtonForm, LevelForm, sentence
from claims.services.rating_admin import (
    LEVEL_FIELDS,
    ScaleError,
    add_level,
    delete_level,
    level_fingerprint,
    level_in_use,
    move_level,
    set_retired,
    update_level,
)
from claims.services.ratings import active_scale


def _scale() -> RatingScale:
    """Return the active scale.

    :raises NotFound: no scale is active.
    """
    return active_scale(db.session) or abort(404)


def _level(level_id: int) -> RatingLevel:
    """Return a level of the active scale.

    :raises NotFound: no such level on the active scale.
    """
    level = db.session.get(RatingLevel, level_id)
    if level is None or level.scale is not _scale():
        abort(404)
    return level


def _values(form: LevelForm) -> dict[str, object]:
    return {
        "label": form.label.data,
        "definition": form.definition.data,
        "value": form.value.data,
        "colour": form.colour.data,
    }


@bp.route("/ratings/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def rating_scale() -> str | Response | tuple[str, int]:
    """The active scale's levels in order, with the form to add one."""
    scale = _scale()
    form = LevelForm()
    del form.fingerprint
    if form.validate_on_submit():
        try:
            add_level(db.session, scale, **_values(form))  # type: ignore[arg-type]
            db.session.commit()
        except ScaleError as error:
            db.session.rollback()
            form.label.errors = [sentence(str(error))]
        else:
            flash("Level added.")
            return redirect(url_for("review.rating_scale"))
    status = 400 if form.is_submitted() else 200
    in_use = {lv.id for lv in scale.levels if level_in_use(db.session, lv)}
    return render_template("review/ratings.html", scale=scale, form=form, in_use=in_use), status


@bp.route("/ratings/levels/<int:level_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_level(level_id: int) -> str | Response | tuple[str, int]:
    """Rename a level or change its definition, value or colour."""
    level = _level(level_id)
    form = LevelForm(obj=level if request.method == "GET" else None)
    if request.method == "GET":
        form.fingerprint.data = level_fingerprint(level)
    elif form.validate_on_submit():
        if form.fingerprint.data != level_fingerprint(level):
            return _conflict(level, form)
        try:
            update_level(db.session, level, **_values(form))  # type: ignore[arg-type]
            db.session.commit()
        except ScaleError as error:
            db.session.rollback()
            form[error.field].errors = [sentence(str(error))]
        else:
            flash("Level saved.")
            return redirect(url_for("review.rating_scale"))
    status = 400 if form.is_submitted() else 200
    return render_template("review/level_edit.html", level=level, form=form), status


@bp.post("/ratings/levels/<int:level_id>/<any(up, down):direction>")
@role_required(Role.ADMIN)
def move_rating_level(level_id: int, direction: str) -> Response:
    """Move a level one place up or down the scale."""
    level = _level(level_id)
    if ButtonForm().validate_on_submit():
        move_level(level, -1 if direction == "up" else 1)
        db.session.commit()
    return redirect(url_for("review.rating_scale"))


@bp.post("/ratings/levels/<int:level_id>/retire")
@role_required(Role.ADMIN)
def retire_level(level_id: int) -> Response:
    """Retire a level (new verdicts cannot use it) or bring a retired one back."""
    level = _level(level_id)
    if ButtonForm().validate_on_submit():
        set_retired(level, not level.retired)
        db.session.commit()
        flash(f"“{level.label}” {'retired' if level.retired else 'is in use again'}.")
    return redirect(url_for("review.rating_scale"))


@bp.post("/ratings/levels/<int:level_id>/delete")
@role_required(Role.ADMIN)
def delete_rating_level(level_id: int) -> Response:
    """Delete a level no verdict used; a used one is refused with a message."""
    level = _level(level_id)
    if ButtonForm().validate_on_submit():
        try:
            label = level.label
            delete_level(db.session, level)
            db.session.commit()
            flash(f"“{label}” deleted.")
        except ScaleError as error:
            db.session.rollback()
            flash(sentence(str(error)), "error")
    return redirect(url_for("review.rating_scale"))


def _conflict(level: RatingLevel, form: LevelForm) -> tuple[str, int]:
    """Show the level as saved now beside what the admin typed, ready to resubmit."""
    compared = [
        Compared(
            str(form[name].label.text),
            "" if getattr(level, name) is None else str(getattr(level, name)),
            "" if form[name].data is None else str(form[name].data),
        )
        for name in LEVEL_FIELDS
    ]
    form.fingerprint.data = level_fingerprint(level)
    page = render_template(
        "review/conflict.html",
        title=f"The rating level “{level.label}”",
        compared=compared,
        form=form,
        action=url_for("review.edit_level", level_id=level.id),
        revision=None,
    )
    return page, 409
