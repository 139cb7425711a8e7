"""Public claim pages: the searchable list and each verdict page."""

from __future__ import annotations

import re

from flask import abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from claims.extensions import db
from claims.public.blueprint import bp
from claims.public.links import claim_ref, claim_url, external_claim_url
from claims.services.claimreview import claim_review
from claims.services.highlight import quote_in_sentence
from claims.services.intake import compare_figures
from claims.services.publication import (
    active_levels,
    earlier_fact_check,
    public_corrections,
    published_claim,
    recent_articles,
)
from claims.services.search import FilterError, parse_filters, search_claims

_REF = re.compile(r"^(\d{1,9})(?:-[A-Za-z0-9-]*)?$")


@bp.get("/claims")
def claim_list() -> tuple[str, int]:
    """Published claims, newest first, filtered and searched from the query string."""
    error, page, filters = None, None, None
    try:
        filters = parse_filters(request.args)
        page = search_claims(db.session, filters, request.args.get("after") or None)
    except FilterError as exc:
        error = str(exc)
    return render_template(
        "public/claims.html",
        filters=filters,
        args=request.args,
        page=page,
        error=error,
        levels=active_levels(db.session),
        articles=recent_articles(db.session, filters.article if filters else None),
    ), (400 if error else 200)


@bp.get("/claims/<ref>")
def claim_detail(ref: str) -> str | Response:
    """A published verdict with its evidence, reviewers, corrections and ClaimReview markup, as approved.

    :raises NotFound: no such claim, or it is not published.
    """
    match = _REF.match(ref)
    found = published_claim(db.session, int(match.group(1))) if match else None
    if found is None:
        abort(404)
    claim, verdict = found
    if ref != claim_ref(claim):
        return redirect(claim_url(claim), code=301)
    markup = None
    if not verdict.is_external:
        cfg = current_app.config
        markup = claim_review(claim, verdict, cfg["ORG_NAME"], cfg["ORG_URL"], external_claim_url)
    return render_template(
        "public/claim.html",
        claim=claim,
        verdict=verdict,
        evidence=verdict.evidence,
        corrections=public_corrections(db.session, claim.id),
        sentence=quote_in_sentence(claim),
        markup=markup,
        figure_checks=compare_figures(claim.quote or claim.restated, verdict.evidence),
        earlier=earlier_fact_check(db.session, claim),
    )
