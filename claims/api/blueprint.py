"""The read-only JSON API's blueprint object; every error under it is JSON too."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from werkzeug.exceptions import HTTPException

from claims.public.caching import cache_public_responses

bp = Blueprint("api", __name__, url_prefix="/api/v1")
cache_public_responses(bp)


def error_response(status: int, message: str) -> tuple[Response, int]:
    """Return the API's error body, {"error": {"status", "message"}}, with that status."""
    return jsonify({"error": {"status": status, "message": message}}), status


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException) -> tuple[Response, int]:
    return error_response(exc.code or 500, exc.description or exc.name)
