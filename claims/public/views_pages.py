"""Public reference pages: an article with its checked claims, the rating scale, corrections."""

from __future__ import annotations

from flask import abort, render_template

from claims.extensions import db
from claims.models import Article
from claims.public.blueprint import bp
from claims.services.highlight import highlighted_paragraphs
from claims.services.publication import active_levels, published_corrections, published_in_article


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> str:
    """The article's text with every published claim marked where it appears.

    :raises NotFound: no such article, or none of its claims is published.
    """
    published = published_in_article(db.session, article_id)
    found = db.session.get(Article, article_id) if published else None
    if found is None:
        abort(404)
    return render_template(
        "public/article.html",
        article=found,
        paragraphs=highlighted_paragraphs(found, published),
        published=published,
    )


@bp.get("/ratings")
def ratings() -> str:
    """The rating scale with each level's definition, and how we check claims."""
    return render_template("public/ratings.html", levels=active_levels(db.session))


@bp.get("/corrections")
def corrections() -> str:
    """Every published correction, newest first."""
    return render_template("public/corrections.html", corrections=published_corrections(db.session))
