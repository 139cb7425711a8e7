"""The dashboard: my claims, the queue by status, verdicts awaiting approval, recent changes."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from claims.auth import role_required
from claims.extensions import db
from claims.models import ClaimStatus, Role
from claims.review.blueprint import bp
from claims.services.dashboard import assigned_to, awaiting_approval, queue, status_counts
from claims.services.history import ENTITY_NAMES, recent_revisions


@bp.get("/")
@role_required(Role.REVIEWER)
def dashboard() -> str:
    """What to work on: claims assigned to me, every status's queue, and what changed lately."""
    return render_template(
        "review/dashboard.html",
        mine=assigned_to(db.session, current_user),
        counts=status_counts(db.session),
        queues={status: queue(db.session, status) for status in ClaimStatus},
        awaiting=awaiting_approval(db.session),
        recent=recent_revisions(db.session),
        entity_names=ENTITY_NAMES,
    )
