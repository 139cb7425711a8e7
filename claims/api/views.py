"""API views: published claims as JSON, with the same filters as the public list."""

from __future__ import annotations

from flask import Response, jsonify, request, url_for

from claims.api.blueprint import bp, error_response
from claims.api.openapi import openapi_document
from claims.api.serialise import claim_detail, claim_summary
from claims.extensions import db
from claims.services.publication import public_corrections, published_claim
from claims.services.search import FilterError, parse_filters, parse_limit, search_claims


@bp.get("/claims")
def claims() -> Response | tuple[Response, int]:
    """A page of published claims, newest first, with a `next` link while there are more."""
    try:
        filters = parse_filters(request.args)
        limit = parse_limit(request.args.get("limit"))
        page = search_claims(db.session, filters, request.args.get("cursor") or None, limit)
    except FilterError as exc:
        return error_response(400, str(exc))
    next_url = None
    if page.next_cursor:
        args = filters.as_args() | {"cursor": page.next_cursor, "limit": str(limit)}
        next_url = url_for("api.claims", _external=True, **args)
    return jsonify({"data": [claim_summary(c, v) for c, v in page.items], "next": next_url})


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> Response | tuple[Response, int]:
    """One published claim with its verdict, evidence and corrections."""
    found = published_claim(db.session, claim_id)
    if found is None:
        return error_response(404, "no published claim with this id")
    shown, verdict = found
    return jsonify(claim_detail(shown, verdict, public_corrections(db.session, claim_id)))


@bp.get("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 description of this API."""
    return jsonify(openapi_document(request.host_url.rstrip("/") + bp.url_prefix))
