"""Public views."""

from __future__ import annotations

from flask import Response, render_template
from sqlalchemy import select

from claims.extensions import db
from claims.models import RatingLevel
from claims.public.blueprint import bp
from claims.public.caching import cache_public_responses
from claims.services.publication import latest_published, rating_counts, work_in_progress_counts

cache_public_responses(bp)


@bp.get("/")
def home() -> str:
    """Latest published verdicts, a chart of how many sit at each rating, and work in progress."""
    return render_template(
        "public/home.html",
        published=latest_published(db.session),
        in_progress=work_in_progress_counts(db.session),
        rating_counts=rating_counts(db.session),
    )


@bp.get("/ratings.css")
def rating_styles() -> Response:
    """Badge colours for every rating level, as a stylesheet (the CSP forbids inline styles)."""
    levels = db.session.execute(select(RatingLevel)).scalars()
    css = "".join(
        f".rating-level-{lv.id}{{background:{lv.colour};color:#fff}}\n"
        f".mark-level-{lv.id}{{background:{lv.colour}24;border-bottom:3px solid {lv.colour}}}\n"
        for lv in levels
    )
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
