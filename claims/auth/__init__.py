"""Staff authentication and access control."""

from claims.auth.access import role_required

__all__ = ["role_required"]
