"""The claim workspace: read and edit a claim, move it along, assign it, discuss it, see its history."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from claims.auth import role_required
from claims.extensions import db
from claims.models import Claim, Role, SpanMismatch, User
from claims.review.blueprint import bp
from claims.review.conflicts import save_versioned
from claims.review.forms import AssignForm, CommentForm, EditClaimForm, MoveForm, NotCheckableForm
from claims.review.guards import changeable, claim_or_404
from claims.review.views_articles import warn_if_long
from claims.services.claims import claim_moves, may_edit, update_claim
from claims.services.intake import claim_intake, figure_value
from claims.services.verdicts import open_verdict, public_verdict


def assign_form(claim: Claim) -> AssignForm:
    """Return the assignment form with every active staff member as a choice."""
    form = AssignForm()
    staff = db.session.execute(
        select(User).where(User.active.is_(True)).order_by(User.display_name)
    ).scalars()
    form.assignee.choices = [SelectChoice(0, "Nobody")] + [SelectChoice(u.id, u.display_name) for u in staff]
    if not form.is_submitted():
        form.assignee.data = claim.assignee_id or 0
    return form


def workspace(claim: Claim, status: int = 200, **forms: object) -> tuple[str, int]:
    """Render the claim workspace; forms passed in (holding errors) replace the blank ones."""
    blank = {"not_checkable_form": NotCheckableForm, "comment_form": CommentForm, "move_form": MoveForm}
    for name, cls in blank.items():
        forms.setdefault(name, cls(formdata=None))
    forms.setdefault("assign_form", assign_form(claim))
    forms["not_checkable_form"].version.set(claim.version)  # type: ignore[attr-defined]
    forms["assign_form"].version.set(claim.version)  # type: ignore[attr-defined]
    page = render_template(
        "review/claim.html",
        claim=claim,
        can_edit=may_edit(current_user, claim),
        moves=claim_moves(claim),
        draft=open_verdict(claim),
        published=public_verdict(claim),
        intake=claim_intake(db.session, claim),
        figure_value=figure_value,
        **forms,
    )
    return page, status


@bp.get("/claims/<int:claim_id>")
@role_required(Role.REVIEWER)
def claim(claim_id: int) -> tuple[str, int]:
    """The claim workspace: details, evidence, verdict, discussion and the next steps."""
    return workspace(claim_or_404(claim_id))


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def edit_claim(claim_id: int) -> str | Response | tuple[str, int]:
    """Edit the claim's quote, restatement, claimant, date and tags.

    :raises Forbidden: the current user may not change this claim.
    """
    item = changeable(claim_or_404(claim_id))
    form = EditClaimForm(obj=item if request.method == "GET" else None)
    if request.method == "GET":
        form.tags.data = ", ".join(t.name for t in item.tags)
        form.version.set(item.version)
        form.span_start.set(item.span_start)
    elif form.validate_on_submit():
        try:
            conflict = save_versioned(
                item,
                form,
                lambda: update_claim(db.session, item, **form.claim_values()),
                action=url_for("review.edit_claim", claim_id=item.id),
                title=f"The claim “{item.restated}”",
                fields=[
                    ("quote", "Quote", lambda: item.quote),
                    ("restated", "Restated claim", lambda: item.restated),
                    ("claimant", "Claimant", lambda: item.claimant),
                    ("claimed_on", "Date claimed", lambda: item.claimed_on),
                    ("tags", "Tags", lambda: ", ".join(t.name for t in item.tags)),
                ],
            )
        except SpanMismatch as error:
            db.session.rollback()
            form.quote.errors = [f"This quote is not in the article: {error}. Copy it exactly."]
        else:
            if conflict:
                return conflict
            warn_if_long(item.restated)
            flash("Claim saved.")
            return redirect(url_for("review.claim", claim_id=item.id))
    status = 400 if form.is_submitted() else 200
    return render_template("review/claim_edit.html", form=form, claim=item), status
