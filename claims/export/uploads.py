"""The import forms' larger request limit, set before anything reads the body."""

from __future__ import annotations

from flask import Flask, request

from claims.export.forms import IMPORT_MAX_BYTES

IMPORT_ENDPOINTS = frozenset({"export.import_claims", "export.import_claimreview"})
# Room for the multipart framing and the other fields around the file.
FORM_OVERHEAD = 64 * 1024


def _raise_limit_for_imports() -> None:
    if request.endpoint in IMPORT_ENDPOINTS:
        request.max_content_length = IMPORT_MAX_BYTES + FORM_OVERHEAD


def init_upload_limits(app: Flask) -> None:
    """Register the import limit; call before CSRFProtect, whose check parses the form under the app-wide limit."""
    app.before_request(_raise_limit_for_imports)
