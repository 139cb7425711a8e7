"""The claims service: create_app() builds a configured Flask application."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, render_template, request
from markupsafe import escape
from werkzeug.middleware.proxy_fix import ProxyFix

from claims import database  # noqa: F401  (registers the SQLite connection hooks)
from claims.config import load_config
from claims.extensions import cache, csrf, db, limiter, login_manager, migrate

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: config from the environment (or test_config), extensions, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=os.environ.get("CLAIMS_INSTANCE_PATH") or os.path.join(ROOT, "instance"),
        template_folder=os.path.join(ROOT, "templates"),
        static_folder=os.path.join(ROOT, "static"),
    )
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(load_config(app.instance_path))
    if test_config:
        app.config.from_mapping(test_config)
    if app.config.get("PROXY_COUNT"):
        # Only behind a proxy that sets them may X-Forwarded-* headers be believed.
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)  # type: ignore[method-assign]

    from claims import models  # noqa: F401  (tables must be known before migrate binds)

    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(ROOT, "migrations"), render_as_batch=True)
    from claims.export.uploads import init_upload_limits

    init_upload_limits(app)
    csrf.init_app(app)
    cache.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.session_protection = "basic"
    from claims import auth  # noqa: F401  (registers the user loader)
    from claims.security import init_security_headers

    init_security_headers(app)
    from claims.routing import init_routing

    init_routing(app)
    _register_blueprints(app)
    from claims.health import init_health
    from claims.jobs import init_jobs
    from claims.logs import init_logging
    from claims.public.caching import init_public_cache

    init_public_cache(app)
    init_jobs(app)
    init_health(app)
    init_logging(app)
    _register_errors(app)

    from claims.cli import register_cli

    register_cli(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from claims.public import bp as public_bp

    app.register_blueprint(public_bp)
    from claims.auth import bp as auth_bp

    app.register_blueprint(auth_bp)

    from claims.review import bp as review_bp

    app.register_blueprint(review_bp)

    from claims.api import bp as api_bp

    app.register_blueprint(api_bp)

    from claims.export import bp as export_bp

    app.register_blueprint(export_bp)


def _register_errors(app: Flask) -> None:
    from claims.api.blueprint import error_response

    def page(code: int, title: str, message: str):  # type: ignore[no-untyped-def]
        # A URL under the API that matched no route never reached the API blueprint's handler;
        # one under another version of the API (/api/v2/...) is a client of the API all the same.
        if request.path == "/api" or request.path.startswith("/api/"):
            return error_response(code, message)
        return render_template("error.html", code=code, title=title, message=message), code

    app.register_error_handler(400, lambda e: page(400, "Bad request", e.description))
    app.register_error_handler(403, lambda e: page(403, "Not allowed", "You may not do this."))
    app.register_error_handler(404, lambda e: page(404, "Not found", "There is no such page."))
    app.register_error_handler(405, lambda e: page(405, "Method not allowed", "Use the form."))
    from claims.export.forms import IMPORT_MAX_MB

    too_large = (
        f"Requests are limited to {app.config['MAX_CONTENT_LENGTH'] // 2**20} MB; imports to {IMPORT_MAX_MB} MB."
    )
    app.register_error_handler(413, lambda e: page(413, "Too large", too_large))
    app.register_error_handler(500, lambda e: page(500, "Something went wrong", "The error has been logged."))

    def database_unavailable(error: Exception):  # type: ignore[no-untyped-def]
        # The database restarting or out of reach is not the request's fault, and a load
        # balancer or a client may retry: 503 with Retry-After, not a 500.
        app.logger.error("database unavailable: %s", error.__class__.__name__, exc_info=error)
        message = "The database did not answer; try again in a few seconds."
        if request.path == "/api" or request.path.startswith("/api/"):
            response = app.make_response(error_response(503, message))
        else:
            # Not a template: every template render asks Flask-Login who is signed in.
            title = escape(f"Unavailable for a moment · {app.config['ORG_NAME']}")
            html = (
                f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
                f"<body><h1>Unavailable for a moment</h1><p>{escape(message)}</p></body></html>\n"
            )
            response = app.make_response((html, 503))
        response.headers["Retry-After"] = "5"
        return response

    from sqlalchemy.exc import InterfaceError, OperationalError, PendingRollbackError

    app.register_error_handler(OperationalError, database_unavailable)
    app.register_error_handler(InterfaceError, database_unavailable)
    # A connection lost mid-transaction leaves the session refusing further use until rolled back.
    app.register_error_handler(PendingRollbackError, database_unavailable)
