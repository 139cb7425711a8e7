"""Staff authentication and access control."""

from claims.auth import views, views_password  # noqa: F401  (registers the routes)
from claims.auth.access import role_required
from claims.auth.blueprint import bp

__all__ = ["bp", "role_required"]
