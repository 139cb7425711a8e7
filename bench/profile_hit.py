"""Where a public request's time goes: a cProfile of the pages the HTTP benchmark drives.

    python -m bench.profile_hit --database-url URL [PATH ...]

In one process, without gunicorn or sockets: each page is requested once to fill the cache,
then every page in turn, `--requests` times in all, under cProfile; a bare Flask route is timed
the same way. The report gives milliseconds a request for both and the functions that take the
most time, so a missed ratio target can be read against what each request still does.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from typing import Any

from flask import Flask


def _bare() -> Flask:
    app = Flask("bare")
    app.add_url_rule("/", "hello", lambda: "Hello, World!")
    return app


def _per_request_ms(client: Any, paths: list[str], requests: int) -> float:
    started = time.perf_counter()
    for n in range(requests):
        client.get(paths[n % len(paths)])
    return (time.perf_counter() - started) / requests * 1000


def profile_pages(database_url: str, paths: list[str], requests: int = 3000, top: int = 16) -> str:
    """Return a markdown section: ms a request (app, bare route) and the costliest functions."""
    from claims import create_app
    from claims.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "p" * 40})
    with app.app_context():
        client = app.test_client()
        resolved = []
        for path in paths:
            response = client.get(path)
            resolved.append(response.headers["Location"] if response.status_code == 301 else path)
        app_ms = _per_request_ms(client, resolved, requests)
        bare_ms = _per_request_ms(_bare().test_client(), ["/"], requests)
        profiler = cProfile.Profile()
        profiler.enable()
        _per_request_ms(client, resolved, requests)
        profiler.disable()
        db.engine.dispose()
    text = io.StringIO()
    # Own time, file names without their folders: what each function itself costs, no local paths.
    pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("tottime").print_stats(top)
    lines = [line for line in text.getvalue().splitlines() if line.strip()]
    table = "\n".join(lines[lines.index(next(x for x in lines if "ncalls" in x)) :])
    return (
        f"In-process, cache warm, {requests:,} requests over the {len(paths)} pages: "
        f"{app_ms:.3f} ms a request against {bare_ms:.3f} ms for the bare route "
        f"({bare_ms / app_ms:.2f} of its rate before gunicorn and the network are added to both).\n\n"
        f"```\n{table}\n```"
    )


def main(argv: list[str] | None = None) -> None:
    """Print the profile of the given pages (default: the HTTP benchmark's pages)."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args(argv)
    paths = args.paths
    if not paths:
        from bench.http_databases import pages, search_word

        paths = [page.path for page in pages(args.database_url, search_word())[0]]
    print(profile_pages(args.database_url, paths, args.requests))


if __name__ == "__main__":
    main()
