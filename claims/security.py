"""Response headers every page carries."""

from __future__ import annotations

from flask import Flask, Response, request
from werkzeug.exceptions import SecurityError

CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

# Prefixes of staff-only pages, never to be kept by a browser or proxy cache.
PRIVATE_PREFIXES = ("/review", "/login", "/logout", "/admin", "/export/import")


def init_security_headers(app: Flask) -> None:
    """Add CSP, nosniff, referrer, framing and (in production) HSTS headers to every response."""

    defaults = [
        ("Content-Security-Policy", CSP),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
        ("X-Frame-Options", "DENY"),
        ("Cross-Origin-Opener-Policy", "same-origin"),
    ]
    if app.config.get("ENV_NAME") == "production":
        defaults.append(("Strict-Transport-Security", "max-age=63072000; includeSubDomains"))

    @app.after_request
    def _headers(response: Response) -> Response:
        # One pass over the headers: Werkzeug's setdefault raises and catches a KeyError per
        # missing header, which on a cached page was a tenth of the request.
        present = {name.lower() for name, _ in response.headers}
        response.headers.extend([(k, v) for k, v in defaults if k.lower() not in present])
        if request.path.startswith(PRIVATE_PREFIXES):
            response.headers["Cache-Control"] = "no-store"
        return response

    refuse_untrusted_hosts(app)


def refuse_untrusted_hosts(app: Flask) -> None:
    """Answer a Host outside TRUSTED_HOSTS with a plain 400 before anything else runs.

    Without a trusted host Flask has no URL adapter, so the usual error page (which calls url_for)
    and the CSRF check's 400 page would both fail with a 500.
    """

    def _check_host() -> Response | None:
        if isinstance(request.routing_exception, SecurityError):
            return Response("Bad request: unknown host.", status=400, mimetype="text/plain")
        return None

    app.before_request_funcs.setdefault(None, []).insert(0, _check_host)
