"""README.md documents every route, command, environment variable and CSV column the code has.

Each list is read from the code (the url_map, the click groups, the source, the column
definitions), so something new fails here until the README describes it. The README is matched
in its code: `inline spans` and the lines of fenced blocks.

- Routes: every rule but `static`, as a word starting with "/" (after an optional method; a query
  string is ignored). Placeholders match whatever their converter and name: `/claims/<id>`
  documents `/claims/<int:claim_id>`.
- Commands: every app command, as `group command` at the start of a span or after
  `flask --app app`; of Flask-Migrate's `db` group only `db upgrade`, which deployments run.
- Environment variables: every quoted NAME the source reads from an environment mapping.
- CSV columns: each file's columns, in order, in its "Columns of `name.csv`" paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from flask import Flask

from claims.services.exports import CLAIM_COLUMNS, EVIDENCE_COLUMNS, SUMMARY_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# Code that reads the environment: the package, and gunicorn's settings, which `make serve` uses.
SOURCES = [*sorted((ROOT / "claims").rglob("*.py")), ROOT / "app.py", ROOT / "gunicorn.conf.py"]
# os.environ["X"], os.environ.get("X"), os.getenv("X"), env.get("X"), env["X"], helper(env, "X");
# not env["X"] = ..., which sets a variable for a child process.
ENV_READ = re.compile(
    r"""\b(?:environ|getenv|env)(?:\.get\(|\[|\(|,)\s*["']([A-Z][A-Z0-9_]*)["'](?!\]\s*=[^=])"""
)
PLACEHOLDER = re.compile(r"<[^<>]*>")
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}


def _snippets(text: str) -> list[str]:
    """The README's inline code spans and the lines of its fenced blocks."""
    fenced = re.findall(r"^```[^\n]*\n(.*?)^```", text, re.S | re.M)
    outside = re.sub(r"^```[^\n]*\n.*?^```", "", text, flags=re.S | re.M)
    return re.findall(r"`([^`\n]+)`", outside) + [line for block in fenced for line in block.splitlines()]


SNIPPETS = _snippets(README)


def _normalise(path: str) -> str:
    return PLACEHOLDER.sub("<>", path)


def documented_paths(snippets: list[str]) -> set[str]:
    paths = set()
    for snippet in snippets:
        for word in _normalise(snippet).split():
            if word.startswith("/") and word not in METHODS:
                paths.add(word.split("?")[0])
    return paths


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[str]:
    found = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            found += _commands(command, path)
        else:
            found.append(" ".join(path))
    return found


def app_commands(app: Flask) -> list[str]:
    """Every command the app adds, skipping Flask-Migrate's own but `db upgrade`."""
    return [c for c in _commands(app.cli) if not c.startswith("db ") or c == "db upgrade"]


def env_vars() -> set[str]:
    return {name for path in SOURCES for name in ENV_READ.findall(path.read_text(encoding="utf-8"))}


def command_mentioned(command: str, snippets: list[str]) -> bool:
    pattern = re.compile(rf"(?:^|flask --app app ){re.escape(command)}(?:\s|$)")
    return any(pattern.search(snippet.strip()) for snippet in snippets)


def columns_paragraph(filename: str) -> str:
    match = re.search(rf"Columns of `{re.escape(filename)}`(.*?)(?:\n\n|\Z)", README, re.S)
    assert match, f'README has no "Columns of `{filename}`" paragraph'
    return match.group(1)


def test_every_route_is_documented(app):
    rules = {r.rule for r in app.url_map.iter_rules() if r.endpoint != "static"}
    documented = documented_paths(SNIPPETS)
    missing = sorted(rule for rule in rules if _normalise(rule) not in documented)
    assert not missing, f"routes missing from README.md: {missing}"


def test_every_command_is_documented(app):
    commands = app_commands(app)
    assert "db upgrade" in commands and "users create" in commands
    missing = [c for c in commands if not command_mentioned(c, SNIPPETS)]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_environment_variable_is_documented():
    found = env_vars()
    assert {"DATABASE_URL", "CLAIMS_SECRET_KEY", "CLAIMS_INSTANCE_PATH", "CLAIMS_BIND"} <= found
    missing = sorted(found - set(SNIPPETS))
    assert not missing, f"environment variables missing from README.md: {missing}"


@pytest.mark.parametrize(
    ("filename", "columns"),
    [("claims.csv", CLAIM_COLUMNS), ("evidence.csv", EVIDENCE_COLUMNS), ("summary.csv", SUMMARY_COLUMNS)],
)
def test_every_csv_column_is_documented_in_order(filename, columns):
    spans = re.findall(r"`([^`\n]+)`", columns_paragraph(filename))
    listed = list(dict.fromkeys(span for span in spans if span in columns))
    assert listed == list(columns)


def test_the_checks_catch_what_is_missing():
    """The matching rules tell documented from undocumented, rather than passing on anything."""
    snippets = _snippets(
        "See `GET /review/claims/<id>/edit?tab=x` and\n```\nflask --app app users list\n```\n"
    )
    paths = documented_paths(snippets)
    assert _normalise("/review/claims/<int:claim_id>/edit") in paths
    assert _normalise("/review/claims/<int:claim_id>") not in paths
    assert command_mentioned("users list", snippets) and not command_mentioned("users deactivate", snippets)
    source = 'os.environ.get("CLAIMS_A") env["CLAIMS_B"] n(env, "CLAIMS_C") env.get(k, "NO") env["NO"] = x'
    assert ENV_READ.findall(source) == ["CLAIMS_A", "CLAIMS_B", "CLAIMS_C"]
