"""The read-only JSON API for published fact-checks."""

from claims.api import views  # noqa: F401  (registers the routes)
from claims.api.blueprint import bp

__all__ = ["bp"]
