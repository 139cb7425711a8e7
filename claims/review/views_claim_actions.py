"""Steps on a claim from its workspace: move its status, mark it not checkable, assign, comment, history."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import ClaimStatus, Role, User
from claims.review.blueprint import bp
from claims.review.conflicts import save_step, save_versioned
from claims.review.forms import CommentForm, MoveForm, NotCheckableForm, sentence
from claims.review.guards import claim_or_404, editable
from claims.review.views_claims import assign_form, workspace
from claims.services.claims import add_comment, assign_claim, mark_not_checkable, move_claim
from claims.services.history import claim_history, field_changes
from claims.services.verdicts import ReviewError


@bp.post("/claims/<int:claim_id>/status")
@role_required(Role.REVIEWER)
def move(claim_id: int) -> Response | tuple[str, int]:
    """Move the claim to another status along the allowed transitions.

    :raises Forbidden: the current user may not change this claim.
    """
    item = editable(claim_or_404(claim_id))
    form = MoveForm()
    if not form.validate_on_submit():
        flash("Choose one of the offered steps.", "error")
        return redirect(url_for("review.claim", claim_id=item.id))
    return save_step(
        item,
        form,
        lambda: move_claim(db.session, item, ClaimStatus(form.target.data), current_user),
        action=url_for("review.move", claim_id=item.id),
        title="The claim's status",
        fields=[("target", "Status", lambda: item.status.value)],
        done=f"The claim is now: {ClaimStatus(form.target.data).label}.",
        back=url_for("review.claim", claim_id=item.id),
        refused=(ReviewError,),
    )


@bp.post("/claims/<int:claim_id>/not-checkable")
@role_required(Role.REVIEWER)
def not_checkable(claim_id: int) -> Response | tuple[str, int]:
    """Mark the claim as one that cannot be checked, with the reason.

    :raises Forbidden: the current user may not change this claim.
    """
    item = editable(claim_or_404(claim_id))
    form = NotCheckableForm()
    if form.validate_on_submit():
        try:
            conflict = save_versioned(
                item,
                form,
                lambda: mark_not_checkable(item, form.reason.data),
                action=url_for("review.not_checkable", claim_id=item.id),
                title="The claim's status",
                fields=[("reason", "Reason not checkable", lambda: item.not_checkable_reason)],
            )
        except ReviewError as error:
            db.session.rollback()
            form.reason.errors = [sentence(str(error))]
        else:
            if conflict:
                return conflict
            flash("Marked not checkable.")
            return redirect(url_for("review.claim", claim_id=item.id))
    return workspace(item, 400, not_checkable_form=form)


@bp.post("/claims/<int:claim_id>/assign")
@role_required(Role.REVIEWER)
def assign(claim_id: int) -> Response | tuple[str, int]:
    """Assign the claim to a staff member, or to nobody.

    :raises Forbidden: the current user may not change this claim.
    """
    item = editable(claim_or_404(claim_id))
    form = assign_form(item)
    if not form.validate_on_submit():
        return workspace(item, 400, assign_form=form)
    assignee = db.session.get(User, form.assignee.data) if form.assignee.data else None
    conflict = save_versioned(
        item,
        form,
        lambda: assign_claim(item, assignee),
        action=url_for("review.assign", claim_id=item.id),
        title="The claim's assignment",
        fields=[("assignee", "Assigned to", lambda: item.assignee_id or 0)],
    )
    if conflict:
        return conflict
    flash(f"Assigned to {assignee.display_name if assignee else 'nobody'}.")
    return redirect(url_for("review.claim", claim_id=item.id))


@bp.post("/claims/<int:claim_id>/comments")
@role_required(Role.REVIEWER)
def comment(claim_id: int) -> Response | tuple[str, int]:
    """Add an internal comment: any staff member may join the discussion of any claim."""
    item = claim_or_404(claim_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return workspace(item, 400, comment_form=form)
    add_comment(db.session, item, current_user, form.body.data)
    db.session.commit()
    flash("Comment added.")
    return redirect(url_for("review.claim", claim_id=item.id) + "#discussion")


@bp.get("/claims/<int:claim_id>/history")
@role_required(Role.REVIEWER)
def history(claim_id: int) -> str:
    """Every revision of the claim, its evidence and its verdicts: who, when and what changed."""
    item = claim_or_404(claim_id)
    return render_template(
        "review/history.html",
        claim=item,
        revisions=claim_history(db.session, item.id),
        field_changes=field_changes,
    )
