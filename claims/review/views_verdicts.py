"""Verdicts: write and submit one; an editor other than its writers approves it or sends it back."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from claims.auth import role_required
from claims.extensions import db
from claims.models import Claim, Role, Verdict
from claims.review.blueprint import bp
from claims.review.conflicts import save_versioned
from claims.review.forms import VerdictForm, sentence
from claims.review.guards import changeable, claim_or_404
from claims.services.ratings import active_scale
from claims.services.verdicts import (
    ReviewError,
    open_verdict,
    public_verdict,
    save_verdict,
    submit_verdict,
)


def _verdict_form(claim: Claim) -> VerdictForm:
    """Return the verdict form offering only the current levels of the active scale."""
    form = VerdictForm()
    scale = active_scale(db.session)
    levels = scale.current_levels if scale else []
    form.rating_level_id.choices = [SelectChoice(None, "Choose a rating")] + [
        SelectChoice(lv.id, lv.label) for lv in levels
    ]
    if request.method == "GET":
        start = open_verdict(claim) or public_verdict(claim)
        if start is not None:
            form.rating_level_id.data = start.rating_level_id
            form.conclusion.data, form.explanation.data = start.conclusion, start.explanation
        form.version.set(start.version if start is not None and start is open_verdict(claim) else 0)
    return form


@bp.route("/claims/<int:claim_id>/verdict", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def edit_verdict(claim_id: int) -> str | Response | tuple[str, int]:
    """Write the claim's verdict: rating, one-line conclusion, explanation; save or submit it.

    :raises Forbidden: the current user may not change this claim.
    """
    claim = changeable(claim_or_404(claim_id))
    form = _verdict_form(claim)
    if form.validate_on_submit():
        current = open_verdict(claim)

        def apply() -> None:
            verdict = save_verdict(
                db.session,
                claim,
                current_user,
                rating_level_id=form.rating_level_id.data,
                conclusion=form.conclusion.data or "",
                explanation=form.explanation.data or "",
            )
            if form.submit_for_approval.data:
                submit_verdict(verdict)

        try:
            conflict = _save(claim, current, form, apply)
        except ReviewError as error:
            db.session.rollback()
            _show_error(form, str(error))
        else:
            if conflict:
                return conflict
            flash("Verdict submitted for approval." if form.submit_for_approval.data else "Verdict saved.")
            return redirect(url_for("review.claim", claim_id=claim.id) + "#verdict-h")
    status = 400 if form.is_submitted() else 200
    return render_template("review/verdict_form.html", form=form, claim=claim), status


def _save(
    claim: Claim, current: Verdict | None, form: VerdictForm, apply: Callable[[], None]
) -> tuple[str, int] | None:
    """Save into the open verdict against its version, or start one if the form started none.

    :raises ReviewError: the verdict the form was loaded from is no longer open.
    """
    if current is None:
        if form.version.data:
            raise ReviewError("the verdict was approved or withdrawn meanwhile; open the claim again")
        apply()
        db.session.commit()
        return None
    return save_versioned(
        current,
        form,
        apply,
        action=url_for("review.edit_verdict", claim_id=claim.id),
        title="The verdict",
        fields=[
            ("rating_level_id", "Rating", lambda: current.rating_level_id),
            ("conclusion", "Conclusion", lambda: current.conclusion),
            ("explanation", "Explanation", lambda: current.explanation),
        ],
    )


def _show_error(form: VerdictForm, message: str) -> None:
    """Put a refusal next to the field it concerns: the rating, else the conclusion."""
    message = sentence(message)
    rating_missing = "rating" in message and (form.rating_level_id.data is None or "level" in message)
    field = form.rating_level_id if rating_missing else form.conclusion
    field.errors = [*field.errors, message]
