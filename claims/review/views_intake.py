"""Same-claim links: mark a claim as saying the same as an earlier one, or remove the link."""

from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import Claim, Role
from claims.review.blueprint import bp
from claims.review.conflicts import save_step
from claims.review.forms import SameClaimForm
from claims.review.guards import claim_or_404, editable
from claims.services.intake import SameClaimError, link_same_claim, unlink_same_claim


@bp.post("/claims/<int:claim_id>/same-as")
@role_required(Role.REVIEWER)
def link_same(claim_id: int) -> Response | tuple[str, int]:
    """Link the claim to an earlier claim that says the same thing.

    :raises Forbidden: the current user may not change this claim.
    """
    item = editable(claim_or_404(claim_id))
    form = SameClaimForm()
    earlier = None
    if form.validate_on_submit() and form.earlier_id.data:
        earlier = db.session.get(Claim, form.earlier_id.data)
    if earlier is None:
        flash("Choose one of the earlier claims listed.", "error")
        return redirect(url_for("review.claim", claim_id=item.id))
    return save_step(
        item,
        form,
        lambda: link_same_claim(item, earlier),
        action=url_for("review.link_same", claim_id=item.id),
        title="The claim's link to an earlier claim",
        fields=[("earlier_id", "Same claim as (claim number)", lambda: item.same_as_id)],
        done=f"Linked as the same claim as “{earlier.restated}”.",
        back=url_for("review.claim", claim_id=item.id),
        refused=(SameClaimError,),
        refused_prefix="Not linked: ",
    )


@bp.post("/claims/<int:claim_id>/same-as/remove")
@role_required(Role.REVIEWER)
def unlink_same(claim_id: int) -> Response | tuple[str, int]:
    """Remove the claim's link to an earlier claim.

    :raises Forbidden: the current user may not change this claim.
    """
    item = editable(claim_or_404(claim_id))
    form = SameClaimForm()
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("review.claim", claim_id=item.id))
    return save_step(
        item,
        form,
        lambda: unlink_same_claim(item),
        action=url_for("review.unlink_same", claim_id=item.id),
        title="The claim's link to an earlier claim",
        fields=[("earlier_id", "Same claim as (claim number)", lambda: item.same_as_id)],
        done="The link to the earlier claim is removed.",
        back=url_for("review.claim", claim_id=item.id),
    )
