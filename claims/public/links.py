"""Canonical links to public pages: a claim's address carries a readable slug after its id."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from flask import abort, request, url_for

from claims.models import Claim
from claims.public.blueprint import bp
from claims.services.publication import PublicClaim
from claims.services.search import FilterError, decode_cursor

SLUG_LENGTH = 60


def slugify(text: str) -> str:
    """Return lowercase ASCII words joined by hyphens, at most SLUG_LENGTH characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:SLUG_LENGTH].rstrip("-") or "claim"


def claim_ref(claim: Claim | PublicClaim) -> str:
    """Return the canonical path segment for a claim: id, hyphen, slug."""
    return f"{claim.id}-{slugify(claim.restated)}"


@bp.app_template_global()
def claim_url(claim: Claim | PublicClaim, external: bool = False) -> str:
    """Return the canonical address of a claim's verdict page."""
    return url_for("public.claim_detail", ref=claim_ref(claim), _external=external)


def external_claim_url(claim: Claim | PublicClaim) -> str:
    """Return the absolute canonical address, as ClaimReview and feeds need."""
    return claim_url(claim, external=True)


def cursor_arg(name: str) -> tuple[datetime, int] | None:
    """Return the keyset cursor in query argument `name`, or None when there is none.

    :raises BadRequest: the cursor is not one of ours.
    """
    token = request.args.get(name)
    if not token:
        return None
    try:
        return decode_cursor(token)
    except FilterError as exc:
        abort(400, description=str(exc))
