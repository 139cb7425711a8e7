"""Machine-readable feeds: Atom for readers' feed readers, a ClaimReview DataFeed for aggregators."""

from __future__ import annotations

from flask import Response, current_app, jsonify, render_template, url_for

from claims.extensions import db
from claims.orm import utcnow
from claims.public.blueprint import bp
from claims.public.links import cursor_arg, external_claim_url
from claims.services.feeds import atom_entries, claimreview_feed


@bp.get("/feed.atom")
def atom_feed() -> Response:
    """Published verdicts and corrections as an Atom feed."""
    entries = atom_entries(db.session)
    updated = entries[0].updated if entries else utcnow()
    xml = render_template("public/feed.atom.xml", entries=entries, updated=updated)
    return Response(xml, mimetype="application/atom+xml")


@bp.get("/claimreview.json")
def claimreview_json() -> Response:
    """Our published ClaimReviews as a schema.org DataFeed, newest first, a page at a time.

    :raises BadRequest: the `after` cursor is not one this feed made.
    """
    cfg = current_app.config
    after = cursor_arg("after")
    page = claimreview_feed(db.session, cfg["ORG_NAME"], cfg["ORG_URL"], external_claim_url, after)
    response = jsonify(page.feed)
    response.mimetype = "application/ld+json"
    if page.next_cursor:
        older = url_for("public.claimreview_json", after=page.next_cursor, _external=True)
        response.headers["Link"] = f'<{older}>; rel="next"'
    return response
