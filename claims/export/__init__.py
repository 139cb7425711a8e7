"""Reports and imports: CSV exports for readers and staff, the summary report, CSV upload."""

from claims.export import views, views_import, views_jobs  # noqa: F401  (registers the routes)
from claims.export.blueprint import bp

__all__ = ["bp"]
