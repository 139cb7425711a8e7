"""CSV exports over HTTP against the database's own CSV writer, on the same rows."""

from __future__ import annotations

import csv
import http.client
import subprocess
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.http_databases import libpq_url
from bench.http_servers import Server, peak_rss_mb

CHUNK = 256 * 1024
EXPORTS = ("/export/claims.csv", "/export/evidence.csv")

# One row per published claim, with the same 24 columns as claims.csv, read as readers get them:
# from the published verdict's snapshot (wording, tags, evidence, rating version as approved);
# {tags} is the dialect's ordered string aggregate.
CLAIMS_SQL = """
SELECT c.id AS claim_id, s.article_id, s.restated AS restated_claim, s.quote, s.claimant,
       s.claimed_on AS claim_date, a.headline AS article_headline, a.outlet AS article_outlet,
       a.url AS article_url, s.appearance_url, 'published' AS status, r.label AS rating,
       r.value AS rating_value, s.conclusion, au.display_name AS author, ap.display_name AS approver,
       v.published_at, v.updated_at,
       (SELECT count(*) FROM published_evidence e WHERE e.verdict_id = v.id) AS evidence_count,
       ({tags}) AS tags,
       'https://example.org/claims/' || c.id AS public_url, v.external_publisher AS rated_by,
       v.external_rating, v.external_url AS external_review_url
FROM claims c
JOIN verdicts v ON v.claim_id = c.id AND v.state = 'published'
JOIN published_snapshots s ON s.verdict_id = v.id
LEFT JOIN articles a ON a.id = s.article_id
LEFT JOIN rating_level_versions r ON r.id = s.rating_version_id
LEFT JOIN users au ON au.id = v.author_id
LEFT JOIN users ap ON ap.id = v.approver_id
ORDER BY c.id
"""
TAGS_SQL = {
    "sqlite": "SELECT group_concat(name, '; ') FROM (SELECT t.name FROM published_snapshot_tags st JOIN tags t"
    " ON t.id = st.tag_id WHERE st.verdict_id = v.id ORDER BY t.name)",
    "postgresql": "SELECT string_agg(t.name, '; ' ORDER BY t.name) FROM published_snapshot_tags st JOIN tags t"
    " ON t.id = st.tag_id WHERE st.verdict_id = v.id",
}
# Readers' evidence.csv: the evidence the published verdict was approved with.
EVIDENCE_SQL = """
SELECT v.claim_id, e.evidence_id, e.url, e.title, e.publisher, e.published_on, e.accessed_on,
       e.passage, e.stance, e.is_primary AS primary_source, e.reference_value, e.reference_unit,
       e.reference_year, e.added_at, NULL AS withdrawn_at, NULL AS withdrawn_reason
FROM published_evidence e
JOIN verdicts v ON v.id = e.verdict_id AND v.state = 'published'
ORDER BY e.evidence_id
"""


@dataclass(frozen=True)
class ExportResult:
    """One export through the app and the same rows through the database's CSV writer."""

    path: str
    rows: int
    expected_rows: int
    megabytes: float
    seconds: float
    peak_mb: float
    idle_mb: float
    tool_seconds: float
    error: str = ""

    @property
    def rows_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def tool_rows_per_s(self) -> float:
        return self.expected_rows / self.tool_seconds if self.tool_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Export throughput as a share of the tool's."""
        return self.rows_per_s / self.tool_rows_per_s if self.tool_rows_per_s else 0.0

    @property
    def valid(self) -> bool:
        return not self.error and self.rows == self.expected_rows

    def as_dict(self) -> dict[str, Any]:
        """Return the numbers as a JSON-ready mapping."""
        derived = {
            "rows_per_s": self.rows_per_s,
            "tool_rows_per_s": self.tool_rows_per_s,
            "ratio": self.ratio,
        }
        return {**asdict(self), **derived, "valid": self.valid}


def tool_sql(path: str, dialect: str) -> str:
    """Return the SELECT that yields the same rows as an export, for this dialect."""
    if path.endswith("claims.csv"):
        return CLAIMS_SQL.format(tags=TAGS_SQL[dialect])
    return EVIDENCE_SQL


def dialect_of(url: str) -> str:
    """Return "sqlite" or "postgresql" for a SQLAlchemy URL."""
    return "sqlite" if url.startswith("sqlite") else "postgresql"


def count_rows(url: str, sql: str) -> int:
    """Count the rows a SELECT returns."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            counted = text(f"SELECT count(*) FROM ({sql}) AS export_rows")  # noqa: S608  (our own constant SQL)
            return int(conn.execute(counted).scalar_one())
    finally:
        engine.dispose()


def run_tool(url: str, sql: str) -> float:
    """Write the SELECT's rows as CSV with sqlite3 or psql into /dev/null; return the seconds taken.

    :raises subprocess.CalledProcessError: the tool failed.
    """
    one_line = " ".join(sql.split())
    if dialect_of(url) == "sqlite":
        command = ["sqlite3", "-csv", "-header", url.removeprefix("sqlite:///"), one_line]
    else:
        copy = f"\\copy ({one_line}) TO STDOUT WITH CSV HEADER"
        command = ["psql", libpq_url(url), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", copy]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)  # noqa: S603  (fixed argv)
    return time.perf_counter() - started


def download(port: int, path: str, dest: Path) -> tuple[int, float]:
    """Stream a download into a file; return (bytes, seconds).

    :raises RuntimeError: the status was not 200.
    :raises http.client.HTTPException: the body ended early (a killed worker, for one).
    """
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    size = 0
    try:
        started = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}")
        # Only the bytes are handled while timing; parsing would compete with the server for the CPU.
        with open(dest, "wb") as out:
            while chunk := response.read(CHUNK):
                size += len(chunk)
                out.write(chunk)
        return size, time.perf_counter() - started
    finally:
        conn.close()


def csv_records(path: Path) -> int:
    """Count the data rows of a CSV file with the csv module (quoted cells may hold line breaks)."""
    with open(path, encoding="utf-8-sig", newline="") as src:
        return max(0, sum(1 for _ in csv.reader(src)) - 1)


def measure(path: str, url: str, env: dict[str, str], scratch: Path) -> ExportResult:
    """Export once through a fresh one-worker gunicorn, then run the tool on the same rows."""
    sql = tool_sql(path, dialect_of(url))
    expected = count_rows(url, sql)
    dest = scratch / "download.csv"
    size = rows = 0
    seconds = peak = idle = 0.0
    error = ""
    # A fresh server per export, so VmHWM is this download's peak and not an earlier one's.
    with Server("export", "app:app", env, scratch, workers=1) as server:
        (worker,) = server.worker_pids()
        idle = peak_rss_mb(worker)
        try:
            size, seconds = download(server.port, path, dest)
            rows = csv_records(dest)
        except (OSError, RuntimeError, http.client.HTTPException) as exc:
            error = f"{type(exc).__name__}: {exc}"
        if server.worker_pids() == [worker]:
            peak = peak_rss_mb(worker)
        else:
            error = error or "the worker was replaced during the download (timeout?)"
        if error:
            error += f"\n{server.log_tail(10)}"
    dest.unlink(missing_ok=True)
    tool_seconds = run_tool(url, sql)
    return ExportResult(
        path=path,
        rows=rows,
        expected_rows=expected,
        megabytes=size / 1e6,
        seconds=seconds,
        peak_mb=peak,
        idle_mb=idle,
        tool_seconds=tool_seconds,
        error=error,
    )
