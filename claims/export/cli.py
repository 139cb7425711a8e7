"""`flask export ...` and `flask import ...`: the exports and imports from the command line."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO, TextIO

import click
from flask import current_app
from flask.cli import AppGroup

from claims.extensions import db
from claims.models import ClaimStatus
from claims.services import exports
from claims.services.claim_filters import ClaimFilters
from claims.services.imports.claimreview_import import claimreview_files, import_claimreview_texts
from claims.services.imports.csv_claims import check_csv, import_csv
from claims.services.imports.rating_map import all_mappings, set_mapping
from claims.services.ratings import level_by_label

export_group = AppGroup("export", help="Write claims or evidence as CSV (use - for standard output).")
import_group = AppGroup("import", help="Import claims from CSV or other fact-checkers' ClaimReview.")


def _filter_options(command: Any) -> Any:
    options = [
        click.option("--public", is_flag=True, help="Only what readers may see (published claims)."),
        click.option("--status", type=click.Choice([s.value for s in ClaimStatus])),
        click.option("--rating", help="A rating label of the active scale."),
        click.option("--tag"),
        click.option("--claimant", help="Part of the claimant's name."),
        click.option("--article", type=int, help="Article id."),
        click.option("--reviewer", type=int, help="User id of the verdict's author or assignee."),
        click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Claim date from."),
        click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Claim date to."),
        click.option("--bom", is_flag=True, help="Start with the byte-order mark Excel wants."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _filters(
    rating: str | None, date_from: datetime | None, date_to: datetime | None, **kw: Any
) -> ClaimFilters:
    try:
        level_id = level_by_label(db.session, rating).id if rating else None
    except LookupError as error:
        raise click.BadParameter(str(error), param_hint="--rating") from error
    return ClaimFilters(
        status=ClaimStatus(kw["status"]) if kw["status"] else None,
        rating=level_id,
        tag=kw["tag"] or "",
        claimant=kw["claimant"] or "",
        article=kw["article"],
        reviewer=kw["reviewer"],
        date_from=date_from.date() if date_from else None,
        date_to=date_to.date() if date_to else None,
    )


def _write(out: BinaryIO, chunks: Iterator[bytes], rows_total: int, label: str) -> None:
    """Write CSV chunks (UTF-8 already) to out, with a progress bar on stderr counted in rows."""
    with click.progressbar(length=rows_total, label=label, file=sys.stderr) as bar:
        for chunk in chunks:
            out.write(chunk)
            bar.update(chunk.count(b"\r\n"))


def _export(kind: str, file: str, public: bool, bom: bool, **kw: Any) -> None:
    filters, staff = _filters(**kw), not public
    if kind == "claims":
        total = exports.count_claims(db.session, staff, filters)
        chunks = exports.claim_csv(db.session, staff, filters, current_app.config["ORG_URL"], bom)
    else:
        total = exports.count_evidence(db.session, staff, filters)
        chunks = exports.evidence_csv(db.session, staff, filters, bom)
    if file == "-":
        sys.stdout.flush()
        _write(sys.stdout.buffer, chunks, total + 1, f"Exporting {kind}")
        sys.stdout.buffer.flush()
    else:
        with open(file, "wb") as out:
            _write(out, chunks, total + 1, f"Exporting {kind}")
    click.echo(f"{total} {kind} rows written.", err=True)


@export_group.command("claims")
@click.argument("file")
@_filter_options
def export_claims(file: str, **kw: Any) -> None:
    """Write one row per claim to FILE (all statuses unless --public)."""
    _export("claims", file, **kw)


@export_group.command("evidence")
@click.argument("file")
@_filter_options
def export_evidence(file: str, **kw: Any) -> None:
    """Write one row per piece of evidence to FILE."""
    _export("evidence", file, **kw)


@import_group.command("csv")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--dry-run", is_flag=True, help="Check every row and write nothing.")
def import_csv_command(file: TextIO, dry_run: bool) -> None:
    """Import claims in claims.csv's columns: every row, or none if any row has a problem."""
    text = file.read()
    with click.progressbar(length=1, label="Checking" if dry_run else "Importing", file=sys.stderr) as bar:
        result = check_csv(db.session, text) if dry_run else import_csv(db.session, text)
        bar.update(1)
    for problem in result.problems:
        click.echo(f"row {problem.row}, {problem.column or 'file'}: {problem.reason}", err=True)
    if result.written:
        db.session.commit()
        click.echo(f"{len(result.planned)} created, 0 skipped, 0 failed.")
        return
    db.session.rollback()
    created = len(result.planned) if dry_run and result.ok else 0
    click.echo(
        f"{created} {'would be ' if dry_run else ''}created, 0 skipped, {len(result.problems)} failed."
    )
    if not result.ok:
        raise SystemExit(1)


@import_group.command("claimreview")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--dry-run",
    is_flag=True,
    help="Read every file and report what would be created, skipped or failed; write nothing.",
)
def import_claimreview_command(path: Path, dry_run: bool) -> None:
    """Import other fact-checkers' verdicts from ClaimReview JSON, JSON-LD pages, feeds or API records.

    Each verdict arrives submitted, for an editor to approve; exits with 1 if any file or record failed.
    """
    files = claimreview_files(path)
    label = "Checking ClaimReview" if dry_run else "Importing ClaimReview"
    with click.progressbar(length=len(files), label=label, file=sys.stderr) as bar:
        # Bytes, not text: the parser finds UTF-8, UTF-16 or UTF-32 from the byte-order mark.
        contents = ((f.name, f.read_bytes()) for f in files)
        tally = import_claimreview_texts(db.session, contents, progress=bar.update, dry_run=dry_run)
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    for line in tally.planned:
        click.echo(line)
    for message in tally.messages:
        click.echo(message, err=True)
    click.echo(tally.summary() + ".")
    if tally.failed:
        raise SystemExit(1)


@import_group.command("map-rating")
@click.argument("external")
@click.argument("label", required=False, default="")
def map_rating_command(external: str, label: str) -> None:
    """Map another publisher's rating text to one of our labels (no LABEL: keep their text)."""
    try:
        row = set_mapping(db.session, external, label or None)
    except (LookupError, ValueError) as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"{row.external_rating!r} -> {row.level_label or '(kept as their text)'}")


@import_group.command("mappings")
def mappings_command() -> None:
    """List how rating texts map onto our scale."""
    for text, label, source in all_mappings(db.session):
        click.echo(f"{text}\t{label or '(kept as their text)'}\t{source}")
