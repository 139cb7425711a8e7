"""Judging a soak run: every acknowledged save stored exactly once, no server error outside a fault, latencies."""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench.soak_client import Hit
from bench.soak_faults import ImportOutcome, Window, import_marker
from bench.soak_load import Write

# While PostgreSQL restarts a request may find no database: the app answers 503 with Retry-After
# (500 when the connection drops inside a response hook, after the error handlers), a proxy
# 502/504, or the connection is cut. Those are excused only for
# requests under way between the restart command and /healthz answering again, plus this grace
# for requests that started just before /healthz was polled.
RESTART_GRACE_S = 2.0
RESTART_EXCUSED = frozenset({0, 500, 502, 503, 504})
EXPECTED = {
    "read": {200},
    "form": {200},
    "save": {302, 303},
    "login": {200, 302},
    "import": {200, 303},
}
SHOWN = 5  # problems of one sort listed in full; the rest are counted


def percentile(values: Iterable[float], fraction: float) -> float:
    """Return the nearest-rank percentile (0 for no values)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class Report:
    """One database's figures and everything that went wrong."""

    kind: str
    seconds: float = 0.0
    reads: int = 0
    read_p50: float = 0.0
    read_p99: float = 0.0
    write_p50: float = 0.0
    write_p99: float = 0.0
    import_requests: int = 0
    import_p50: float = 0.0
    import_p99: float = 0.0
    attempted: int = 0
    acknowledged: int = 0
    found: int = 0
    duplicates: int = 0
    unacknowledged_present: int = 0
    server_errors: int = 0
    excused: int = 0
    kills: int = 0
    killed_acknowledged: int = 0  # of the saves whose worker was killed: answered anyway
    killed_stored: int = 0  # and stored (the kill came after the commit)
    imported: ImportOutcome | None = None
    imported_found: int = 0
    by_label: dict[str, tuple[int, float]] = field(default_factory=dict)  # requests and p99, per page or step
    problems: list[str] = field(default_factory=list)
    logged: list[str] = field(default_factory=list)  # exceptions in the logs (faults cause some)
    windows: list[Window] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def stored_markers(url: str, run: str) -> Counter[str]:
    """Count every soak marker of this run in claims, evidence and comments."""
    from claims.models import Claim, Comment, Evidence

    prefix = f"soak-{run}-%"
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            found: Counter[str] = Counter(
                session.scalars(select(Claim.restated).where(Claim.restated.like(prefix)))
            )
            found.update(session.scalars(select(Evidence.title).where(Evidence.title.like(prefix))))
            found.update(
                b.split()[0] for b in session.scalars(select(Comment.body).where(Comment.body.like(prefix)))
            )
    finally:
        engine.dispose()
    return found


def _excused(hit: Hit, windows: list[Window], kill_times: list[float]) -> bool:
    """Whether a failed request met a fault: a restart under way, or its worker killed under it."""
    if hit.status == 0 and any(hit.started <= moment <= hit.ended for moment in kill_times):
        return True
    return hit.status in RESTART_EXCUSED and any(
        w.name == "restart" and hit.started <= w.ended + RESTART_GRACE_S and hit.ended >= w.started
        for w in windows
    )


def judge_hits(report: Report, hits: list[Hit], windows: list[Window], kill_times: list[float]) -> None:
    """Find 5xx answers, cut connections and unexpected statuses that no fault explains."""
    unexplained: list[str] = []
    for hit in hits:
        if hit.kind == "health":
            continue
        if hit.locked:
            report.problems.append(f"'database is locked' in the answer to {hit.actor} {hit.label}")
        if hit.status >= 500:
            report.server_errors += 1
        if hit.status in EXPECTED[hit.kind]:
            continue
        if _excused(hit, windows, kill_times):
            report.excused += 1
            continue
        unexplained.append(f"{hit.actor} {hit.kind} {hit.label}: {hit.status or hit.error}")
    for line in unexplained[:SHOWN]:
        report.problems.append(f"unexplained answer: {line}")
    if len(unexplained) > SHOWN:
        report.problems.append(f"... and {len(unexplained) - SHOWN} more unexplained answers")


def judge_writes(report: Report, writes: list[Write], stored: Counter[str]) -> None:
    """Acknowledged saves exactly once; unacknowledged ones at most once; nothing nobody sent."""
    sent = {w.marker for w in writes}
    report.attempted = len(writes)
    for write in writes:
        count = stored[write.marker]
        if count > 1:
            report.duplicates += 1
            report.problems.append(f"{write.marker} is stored {count} times")
        if write.acknowledged:
            report.acknowledged += 1
            if count == 1:
                report.found += 1
            elif count == 0:
                report.problems.append(f"acknowledged {write.kind} {write.marker} is missing")
        elif count == 1:
            report.unacknowledged_present += 1
    phantoms = [m for m in stored if m not in sent and "-import-" not in m]
    if phantoms:
        report.problems.append(f"{len(phantoms)} stored markers were never sent: {phantoms[:3]}")


def judge_import(report: Report, outcome: ImportOutcome | None, stored: Counter[str], run: str) -> None:
    """A finished import wrote each of its rows exactly once."""
    report.imported = outcome
    rows = [import_marker(run, n) for n in range(1, outcome.rows + 1)] if outcome else []
    report.imported_found = sum(1 for m in rows if stored[m] == 1)
    twice = sum(1 for m in rows if stored[m] > 1)
    if twice:
        report.duplicates += twice
        report.problems.append(f"{twice} imported rows are stored more than once")
    if outcome is not None and outcome.state == "done" and report.imported_found != outcome.rows:
        report.problems.append(
            f"the import is done but {report.imported_found:,} of {outcome.rows:,} rows are stored"
        )


def judge_latency(
    report: Report,
    hits: list[Hit],
    windows: list[Window],
    importer: str,
    seconds: float,
    import_limit_s: float,
) -> None:
    """Reads/s, save latencies, and the p99 of everyone else's requests while the import ran."""
    report.seconds = seconds
    reads = [h.seconds for h in hits if h.kind == "read" and h.status == 200]
    report.reads = len(reads)
    report.read_p50, report.read_p99 = percentile(reads, 0.5), percentile(reads, 0.99)
    for label in sorted({h.label for h in hits if h.kind in ("read", "save", "form")}):
        times = [h.seconds for h in hits if h.label == label and h.kind in ("read", "save", "form")]
        report.by_label[label] = (len(times), percentile(times, 0.99))
    saves = [h.seconds for h in hits if h.kind == "save" and 200 <= h.status < 400]
    report.write_p50, report.write_p99 = percentile(saves, 0.5), percentile(saves, 0.99)
    for window in (w for w in windows if w.name == "import"):
        during = [h for h in hits if h.actor != importer and window.started <= h.started <= window.ended]
        report.import_requests = len(during)
        report.import_p50 = percentile((h.seconds for h in during), 0.5)
        report.import_p99 = percentile((h.seconds for h in during), 0.99)
        if report.import_p99 > import_limit_s:
            slowest = sorted(during, key=lambda h: h.seconds)[-3:]
            shown = ", ".join(
                f"{h.label} {h.seconds:.1f} s at +{h.started - window.started:.1f} s" for h in slowest
            )
            report.problems.append(
                f"p99 of other requests during the import is {report.import_p99 * 1000:.0f} ms "
                f"(limit {import_limit_s * 1000:.0f} ms); slowest: {shown}"
            )


def write_trace(path: Path, hits: list[Hit], started: float) -> None:
    """Write every request as a CSV line (seconds from the start), to see when things were slow."""
    with path.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["actor", "kind", "label", "start_s", "seconds", "status", "error"])
        for h in sorted(hits, key=lambda h: h.started):
            writer.writerow(
                [
                    h.actor,
                    h.kind,
                    h.label,
                    f"{h.started - started:.3f}",
                    f"{h.seconds:.3f}",
                    h.status,
                    h.error,
                ]
            )


# The last line of a logged traceback: the exception's name and message.
EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(?:Error|Exception|Exit)\b.*$", re.M)


def judge_logs(report: Report, logs: dict[str, str]) -> None:
    """No 'database is locked' in any server or worker log; name the exceptions logged, for the reader."""
    for name, text in logs.items():
        if "database is locked" in text:
            report.problems.append(f"'database is locked' in the {name} log")
        raised = Counter(line[:200] for line in EXCEPTION_LINE.findall(text))
        report.logged += [f"{name}: {count} x {line}" for line, count in raised.most_common(SHOWN)]


def render(reports: list[Report]) -> str:
    """Return the summary table and, below it, every problem."""
    lines = [
        "| database | s | reads/s | read p50/p99 ms | writes/s | save p50/p99 ms | import p99 ms (requests) "
        "| acknowledged | found | duplicates | unack. stored | 5xx (excused) | imported |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in reports:
        imported = f"{r.imported_found:,}/{r.imported.rows:,} {r.imported.state}" if r.imported else "-"
        lines.append(
            f"| {r.kind} | {r.seconds:.0f} | {r.reads / max(r.seconds, 1e-9):,.0f} "
            f"| {r.read_p50 * 1000:.0f}/{r.read_p99 * 1000:.0f} | {r.acknowledged / max(r.seconds, 1e-9):.1f} "
            f"| {r.write_p50 * 1000:.0f}/{r.write_p99 * 1000:.0f} | {r.import_p99 * 1000:.0f} ({r.import_requests:,}) "
            f"| {r.acknowledged:,} | {r.found:,} | {r.duplicates} | {r.unacknowledged_present} "
            f"| {r.server_errors} ({r.excused}) | {imported} |"
        )
    for r in reports:
        extra = f"; dry run {r.imported.check_s:.1f} s, job {r.imported.run_s:.1f} s" if r.imported else ""
        faults = ", ".join(f"{w.name} {w.ended - w.started:.1f} s" for w in r.windows)
        lines.append(
            f"\n{r.kind}: {r.attempted:,} saves sent; {r.kills} workers killed mid-save, their saves "
            f"{r.killed_acknowledged} acknowledged and {r.killed_stored} stored{extra}."
        )
        lines.append(f"  fault windows: {faults or 'none'}")
        lines.append(
            "  p99 ms (requests): "
            + ", ".join(f"{k} {p * 1000:.0f} ({n:,})" for k, (n, p) in r.by_label.items())
        )
        lines += [f"  logged {line}" for line in r.logged]
        lines += [f"  FAIL {p}" for p in r.problems] or ["  pass"]
    return "\n".join(lines)
