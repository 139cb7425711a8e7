"""Pages for readers: only published verdicts, never work in progress."""

from claims.public import views, views_claims, views_feeds, views_pages  # noqa: F401  (registers the routes)
from claims.public.blueprint import bp

__all__ = ["bp"]
