"""Loading the object a review page works on, with the per-object access check."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user

from claims.extensions import db
from claims.models import Claim
from claims.services.claims import locked_reason, may_edit


def claim_or_404(claim_id: int) -> Claim:
    """Return the claim.

    :raises NotFound: no such claim.
    """
    return db.get_or_404(Claim, claim_id)


def editable(claim: Claim) -> Claim:
    """Return the claim if the current user may change it.

    :raises Forbidden: a reviewer on a claim assigned to someone else and not created by them.
    """
    if not may_edit(current_user, claim):
        abort(403)
    return claim


def changeable(claim: Claim) -> Claim:
    """Return the claim if the current user may change its content now.

    :raises Forbidden: as editable().
    :raises HTTPException: a redirect to the workspace, with the reason, while the claim is locked.
    """
    editable(claim)
    if (reason := locked_reason(claim)) is not None:
        flash(reason, "error")
        abort(redirect(url_for("review.claim", claim_id=claim.id)))
    return claim
