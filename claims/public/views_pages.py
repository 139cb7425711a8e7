"""Public reference pages: an article with its checked claims, the rating scale, corrections."""

from __future__ import annotations

from flask import abort, render_template

from claims.extensions import db
from claims.models import Article
from claims.public.blueprint import bp
from claims.public.links import cursor_arg
from claims.services.highlight import highlighted_paragraphs
from claims.services.publication import (
    PAGE_SIZES,
    active_levels,
    earlier_versions,
    published_corrections,
    published_in_article,
)
from claims.services.search import encode_moment


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
    """The rating scale with each level's definition, its earlier versions, and how we check claims."""
    return render_template(
        "public/ratings.html", levels=active_levels(db.session), earlier=earlier_versions(db.session)
    )


@bp.get("/corrections")
def corrections() -> str:
    """Published corrections, newest first, fifty to a page.

    :raises BadRequest: the `before` cursor is not one this page made.
    """
    before = cursor_arg("before")
    size = PAGE_SIZES["corrections"]
    notes = published_corrections(db.session, size + 1, before)
    older = None
    if len(notes) > size:
        notes = notes[:size]
        older = encode_moment(notes[-1].published_at, notes[-1].id)
    return render_template(
        "public/corrections.html", corrections=notes, older=older, paged=before is not None
    )
