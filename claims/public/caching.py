"""Conditional GET for public pages, feeds and API: an ETag on every 200, 304 when it still matches."""

from __future__ import annotations

from flask import Response, request

# Readers always get current verdicts (a correction must show at once), but revalidation is cheap.
PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate"


def conditional(response: Response) -> Response:
    """Add an ETag and Cache-Control to a successful GET and answer 304 when the client's copy matches."""
    if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.is_streamed:
        return response
    response.headers.setdefault("Cache-Control", PUBLIC_CACHE_CONTROL)
    response.add_etag()
    return response.make_conditional(request)
