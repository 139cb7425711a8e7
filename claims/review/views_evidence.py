"""Evidence on a claim: add a source, edit it, withdraw it (it stays in the history)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import Evidence, Role
from claims.review.blueprint import bp
from claims.review.conflicts import save_versioned
from claims.review.forms import EvidenceForm, WithdrawForm
from claims.review.guards import changeable, claim_or_404
from claims.services.evidence import EVIDENCE_FIELDS, add_evidence, update_evidence, withdraw_evidence

LABELS = {name: EvidenceForm.__dict__[name].args[0] for name in EVIDENCE_FIELDS}


def _values(form: EvidenceForm) -> dict[str, object]:
    return {name: form[name].data for name in EVIDENCE_FIELDS}


@bp.route("/claims/<int:claim_id>/evidence/new", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def new_evidence(claim_id: int) -> str | Response | tuple[str, int]:
    """Attach a source to the claim.

    :raises Forbidden: the current user may not change this claim.
    """
    claim = changeable(claim_or_404(claim_id))
    form = EvidenceForm()
    del form.version  # a new source has no version to conflict with
    if form.validate_on_submit():
        add_evidence(db.session, claim, current_user, _values(form))
        db.session.commit()
        flash("Evidence added.")
        return redirect(url_for("review.claim", claim_id=claim.id) + "#evidence-h")
    status = 400 if form.is_submitted() else 200
    return render_template("review/evidence_form.html", form=form, claim=claim, evidence=None), status


@bp.route("/evidence/<int:evidence_id>/edit", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def edit_evidence(evidence_id: int) -> str | Response | tuple[str, int]:
    """Edit a source's details.

    :raises NotFound: no such evidence.
    :raises Forbidden: the current user may not change its claim.
    """
    evidence = db.get_or_404(Evidence, evidence_id)
    changeable(evidence.claim)
    form = EvidenceForm(obj=evidence if request.method == "GET" else None)
    withdraw = WithdrawForm(formdata=None)
    withdraw.version.set(evidence.version)
    if request.method == "GET":
        form.stance.data = evidence.stance.value
        form.version.set(evidence.version)
    elif form.validate_on_submit():
        if evidence.withdrawn:
            flash("Withdrawn evidence cannot be edited.", "error")
            return redirect(url_for("review.claim", claim_id=evidence.claim_id))
        conflict = save_versioned(
            evidence,
            form,
            lambda: update_evidence(evidence, _values(form)),
            action=url_for("review.edit_evidence", evidence_id=evidence.id),
            title=f"The evidence “{evidence.title}”",
            fields=[
                (name, LABELS[name], lambda name=name: getattr(evidence, name)) for name in EVIDENCE_FIELDS
            ],
        )
        if conflict:
            return conflict
        flash("Evidence saved.")
        return redirect(url_for("review.claim", claim_id=evidence.claim_id) + "#evidence-h")
    status = 400 if form.is_submitted() else 200
    return render_template(
        "review/evidence_form.html",
        form=form,
        claim=evidence.claim,
        evidence=evidence,
        withdraw_form=withdraw,
    ), status


@bp.post("/evidence/<int:evidence_id>/withdraw")
@role_required(Role.REVIEWER)
def withdraw(evidence_id: int) -> str | Response | tuple[str, int]:
    """Withdraw a source, with the reason; it stays listed as withdrawn.

    :raises NotFound: no such evidence.
    :raises Forbidden: the current user may not change its claim.
    """
    evidence = db.get_or_404(Evidence, evidence_id)
    changeable(evidence.claim)
    form = WithdrawForm()
    if form.validate_on_submit() and not evidence.withdrawn:
        conflict = save_versioned(
            evidence,
            form,
            lambda: withdraw_evidence(evidence, form.reason.data),
            action=url_for("review.withdraw", evidence_id=evidence.id),
            title=f"The evidence “{evidence.title}”",
            fields=[("reason", "Withdrawn because", lambda: evidence.withdrawn_reason)],
        )
        if conflict:
            return conflict
        flash("Evidence withdrawn. It stays in the history.")
        return redirect(url_for("review.claim", claim_id=evidence.claim_id) + "#evidence-h")
    if evidence.withdrawn:
        form.reason.errors = ["This evidence was withdrawn already."]
    edit = EvidenceForm(formdata=None, obj=evidence)
    edit.version.set(evidence.version)
    return render_template(
        "review/evidence_form.html", form=edit, claim=evidence.claim, evidence=evidence, withdraw_form=form
    ), 400
