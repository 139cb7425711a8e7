"""The reviewers' blueprint object, shared by the review view modules."""

from typing import Any

from flask import Blueprint

from claims.models import ClaimStatus, Role, VerdictState

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.context_processor
def _names() -> dict[str, Any]:
    return {"Role": Role, "ClaimStatus": ClaimStatus, "VerdictState": VerdictState}
