"""Approval: an editor other than the verdict's writers publishes it, or sends it back with a comment."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import Role, Verdict
from claims.review.blueprint import bp
from claims.review.conflicts import save_versioned
from claims.review.forms import ApproveForm, ReturnForm, sentence
from claims.services.verdicts import (
    ApprovalOutdated,
    ReviewError,
    approval_fingerprint,
    approve_verdict,
    may_approve,
    needs_correction,
    public_verdict,
    return_verdict,
    wrote_verdict,
)


def _page(verdict: Verdict, status: int = 200, **forms: object) -> tuple[str, int]:
    """Render the approval page; forms passed in (holding errors) replace the blank ones."""
    forms.setdefault("approve_form", ApproveForm(formdata=None))
    forms.setdefault("return_form", ReturnForm(formdata=None))
    for form in forms.values():
        form.version.set(verdict.version)  # type: ignore[attr-defined]
    # Freshly computed even on a refused post: the page shows the claim as it is now.
    seen = approval_fingerprint(verdict)
    forms["approve_form"].seen.data, forms["approve_form"].seen.raw_data = seen, [seen]  # type: ignore[attr-defined]
    page = render_template(
        "review/approval.html",
        verdict=verdict,
        claim=verdict.claim,
        published=public_verdict(verdict.claim),
        correction_due=needs_correction(verdict),
        can_approve=may_approve(db.session, verdict, current_user),
        **forms,
    )
    return page, status


@bp.get("/verdicts/<int:verdict_id>")
@role_required(Role.EDITOR)
def review_verdict(verdict_id: int) -> tuple[str, int]:
    """The verdict with its claim and evidence, and the approve and send-back forms."""
    return _page(db.get_or_404(Verdict, verdict_id))


@bp.post("/verdicts/<int:verdict_id>/approve")
@role_required(Role.EDITOR)
def approve(verdict_id: int) -> Response | tuple[str, int]:
    """Approve and publish the verdict; a change to a published one needs a correction note.

    :raises NotFound: no such verdict.
    :raises Forbidden: the editor wrote or edited this verdict.
    """
    verdict = db.get_or_404(Verdict, verdict_id)
    if wrote_verdict(db.session, verdict, current_user):
        abort(403)
    form = ApproveForm()
    if not form.validate_on_submit():
        return _page(verdict, 400, approve_form=form)
    try:
        conflict = save_versioned(
            verdict,
            form,
            lambda: approve_verdict(
                db.session, verdict, current_user, form.correction_note.data, form.seen.data or None
            ),
            action=url_for("review.approve", verdict_id=verdict.id),
            title="The verdict",
            fields=[("correction_note", "Correction note", lambda: "")],
        )
    except ApprovalOutdated as error:
        db.session.rollback()
        flash(sentence(str(error)), "error")
        return _page(verdict, 409)
    except ReviewError as error:
        db.session.rollback()
        form.correction_note.errors = [sentence(str(error))]
        return _page(verdict, 400, approve_form=form)
    if conflict:
        return conflict
    flash("Verdict approved and published.")
    return redirect(url_for("review.claim", claim_id=verdict.claim_id))


@bp.post("/verdicts/<int:verdict_id>/return")
@role_required(Role.EDITOR)
def send_back(verdict_id: int) -> Response | tuple[str, int]:
    """Send the verdict back to its author with a comment on what needs to change.

    :raises NotFound: no such verdict.
    """
    verdict = db.get_or_404(Verdict, verdict_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _page(verdict, 400, return_form=form)
    try:
        conflict = save_versioned(
            verdict,
            form,
            lambda: return_verdict(db.session, verdict, current_user, form.comment.data),
            action=url_for("review.send_back", verdict_id=verdict.id),
            title="The verdict",
            fields=[("comment", "Comment", lambda: "")],
        )
    except ReviewError as error:
        db.session.rollback()
        form.comment.errors = [sentence(str(error))]
        return _page(verdict, 400, return_form=form)
    if conflict:
        return conflict
    flash("Verdict sent back to its author.")
    return redirect(url_for("review.claim", claim_id=verdict.claim_id))
