"""Public views."""

from __future__ import annotations

from flask import Response, render_template
from sqlalchemy import select

from claims.extensions import db
from claims.models import RatingLevel, RatingLevelVersion
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
    """Badge colours for every rating level and every version verdicts were published with, as a stylesheet.

    The CSP forbids inline styles. Levels colour the current scale; a verdict's badge takes the
    colour of the version it was approved with.
    """
    css = "".join(
        f".rating-{kind}-{row.id}{{background:{row.colour};color:#fff}}\n"
        f".mark-{kind}-{row.id}{{background:{row.colour}24;border-bottom:3px solid {row.colour}}}\n"
        for kind, model in (("level", RatingLevel), ("version", RatingLevelVersion))
        for row in db.session.execute(select(model)).scalars()
    )
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
