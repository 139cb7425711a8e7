"""Articles: add one, read it sentence by sentence, and make a claim from a passage."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from claims.auth import role_required
from claims.extensions import db
from claims.models import Article, Role, SpanMismatch
from claims.models.claim import RESTATED_ADVISED_LENGTH
from claims.review.blueprint import bp
from claims.review.forms import ArticleForm, ClaimForm, sentence
from claims.services.articles import add_article, passages
from claims.services.claims import create_claim
from claims.services.intake import article_suggestions


def _article(article_id: int) -> Article:
    """Return the article or abort.

    :raises NotFound: no such article.
    """
    return db.get_or_404(Article, article_id)


def warn_if_long(restated: str) -> None:
    """Flash a warning when the restated claim is longer than search engines advise."""
    if len(restated) > RESTATED_ADVISED_LENGTH:
        flash(
            f"The restated claim is {len(restated)} characters; search engines advise under "
            f"{RESTATED_ADVISED_LENGTH}.",
            "warning",
        )


@bp.route("/articles/new", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def new_article() -> str | Response | tuple[str, int]:
    """Add an article: its details and the body pasted as text."""
    form = ArticleForm()
    if form.validate_on_submit():
        try:
            article = add_article(
                db.session,
                added_by=current_user,
                headline=form.headline.data,
                outlet=form.outlet.data,
                byline=form.byline.data,
                url=form.url.data,
                published_on=form.published_on.data,
                body=form.body.data,
                strip_furniture=form.strip_furniture.data,
            )
            db.session.commit()
        except ValueError as error:
            db.session.rollback()
            field = form.headline if "headline" in str(error) else form.body
            field.errors = [*field.errors, sentence(str(error))]
        else:
            flash("Article added. Pick a passage to make a claim.")
            return redirect(url_for("review.article", article_id=article.id))
    status = 400 if form.is_submitted() else 200
    return render_template("review/article_new.html", form=form), status


@bp.get("/articles/<int:article_id>")
@role_required(Role.REVIEWER)
def article(article_id: int) -> str:
    """The article workspace: suggested claims ranked by check-worthiness, and the body sentence by sentence."""
    item = _article(article_id)
    return render_template(
        "review/article.html",
        article=item,
        passages=passages(item.body),
        suggestions=article_suggestions(db.session, item),
    )


@bp.route("/articles/<int:article_id>/claims/new", methods=["GET", "POST"])
@role_required(Role.REVIEWER)
def new_claim(article_id: int) -> str | Response | tuple[str, int]:
    """Make a claim from a passage: the quote (pre-filled from the chosen span) and its restatement."""
    item = _article(article_id)
    form = ClaimForm()
    if request.method == "GET":
        _prefill_quote(form, item, request.args.get("start", ""), request.args.get("end", ""))
    elif form.validate_on_submit():
        try:
            claim = create_claim(db.session, item, current_user, **form.claim_values())
            db.session.commit()
        except SpanMismatch as error:
            db.session.rollback()
            form.quote.errors = [f"This quote is not in the article: {error}. Copy it exactly."]
        else:
            warn_if_long(claim.restated)
            flash("Claim created.")
            return redirect(url_for("review.claim", claim_id=claim.id))
    status = 400 if form.is_submitted() else 200
    return render_template("review/claim_new.html", form=form, article=item), status


def _prefill_quote(form: ClaimForm, article: Article, start: str, end: str) -> None:
    """Fill the quote from ?start=&end= offsets into the body, trimmed of surrounding spaces."""
    if not all(v.isascii() and v.isdigit() and len(v) <= 9 for v in (start, end)):
        return
    begin, finish = int(start), min(int(end), len(article.body))
    passage = article.body[begin:finish]
    if passage.strip():
        begin += len(passage) - len(passage.lstrip())
        form.quote.data = passage.strip()
        form.span_start.set(begin)
