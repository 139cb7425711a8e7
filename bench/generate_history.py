"""Evidence per claim, and the revisions the app's flush hook would have written for what we generate.

Revision `changes` follow claims.models.history: {field: [before, after]} without id, created_at,
updated_at and version; a creation lists every non-null field; enums as values, moments as ISO
text with the UTC offset (the models hold aware datetimes), tags as sorted names.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import TYPE_CHECKING

from bench import generate_text as T
from bench.generate_base import COLUMNS, DAY, HOUR, MINUTE, START, Plan, Row, day, stamp

if TYPE_CHECKING:
    from bench.generate_rows import ChunkBuilder

MAX_EVIDENCE = 6
STANCES, STANCE_WEIGHTS = ("supports", "refutes", "context"), (35, 40, 25)
PRIMARY_SHARE, WITHDRAWN_SHARE, REFERENCE_SHARE = 0.25, 0.05, 0.3
# On a reopened claim, this share of the evidence arrived after reopening (not public yet).
ADDED_SINCE_REOPENING = 0.3
_SKIPPED = frozenset({"id", "created_at", "updated_at", "version"})
_CLAIM_FIELDS = tuple((i, name) for i, name in enumerate(COLUMNS["claims"]) if name not in _SKIPPED)
_EVIDENCE_FIELDS = tuple((i, name) for i, name in enumerate(COLUMNS["evidence"]) if name not in _SKIPPED)
_dumps = json.JSONEncoder(ensure_ascii=True, separators=(", ", ": ")).encode


def iso(us: int) -> str:
    """Return the moment as the history hook writes an aware UTC datetime."""
    return (START + timedelta(microseconds=us)).isoformat() + "+00:00"


def add_revision(
    b: ChunkBuilder,
    entity_type: str,
    entity_id: int,
    claim_id: int | None,
    action: str,
    actor: int | None,
    when: int,
    changes: dict[str, list[object]],
) -> None:
    """Append one revision row."""
    b.rows["revisions"].append(
        (
            b.ids.take("revisions"),
            entity_type,
            entity_id,
            claim_id,
            action,
            actor,
            stamp(when),
            _dumps(changes),
        )
    )


def claim_created(b: ChunkBuilder, plan: Plan, row: Row, tags: list[str]) -> None:
    """Add the claim's creation revision (as "new", or "published" for imports) and its status moves."""
    changes: dict[str, list[object]] = {
        name: [None, row[i]] for i, name in _CLAIM_FIELDS if row[i] is not None
    }
    status = str(row[COLUMNS["claims"].index("status")])
    changes["status"] = [None, "published" if plan.external else "new"]
    changes.pop("not_checkable_reason", None)
    if tags:
        changes["tags"] = [[], tags]
    creator = row[COLUMNS["claims"].index("created_by_id")]
    add_revision(b, "claims", plan.id, plan.id, "create", creator, plan.created, changes)  # type: ignore[arg-type]
    if plan.external or status == "new":
        return
    moved: dict[str, list[object]] = {"status": ["new", "published" if plan.reopened else status]}
    if status == "not_checkable":
        moved["not_checkable_reason"] = [None, row[COLUMNS["claims"].index("not_checkable_reason")]]
    add_revision(b, "claims", plan.id, plan.id, "update", plan.author,
                 plan.published or plan.working_until or plan.created, moved)  # fmt: skip
    if plan.reopened:
        add_revision(b, "claims", plan.id, plan.id, "update", plan.author, plan.reopened,
                     {"status": ["published", "researching"]})  # fmt: skip


def window(b: ChunkBuilder, plan: Plan) -> tuple[int, int]:
    """Return when a piece of evidence may have been added: before the verdict readers see was published."""
    start = plan.created + 10 * MINUTE
    if plan.reopened is not None and b.rng.random() < ADDED_SINCE_REOPENING:
        return plan.reopened, plan.reopened + 20 * DAY
    end = plan.published or plan.working_until or plan.created + 10 * DAY
    return start, max(start + MINUTE, end - MINUTE)


def add_evidence(b: ChunkBuilder, plan: Plan) -> None:
    """Add 0-6 sources to one of our own claims (imported claims arrive without any)."""
    if plan.external:
        return
    r, slots = b.rng, plan.slots
    for _ in range(r.randint(0, MAX_EVIDENCE)):
        evidence_id = b.ids.take("evidence")
        publisher, domain = r.choice(T.PUBLISHERS)
        start, end = window(b, plan)
        created = r.randint(start, end)
        year = int(str(slots["year"])) + r.randint(-2, 2)
        title = f"{str(r.choice(T.MEASURES)).capitalize()} in {r.choice(T.PLACES)}, {year}"
        passage = r.choice(T.EXPLANATIONS).format_map({**slots, "publisher": publisher})
        reference = (
            (round(r.uniform(1, 1000), 1), r.choice(T.UNITS), year)
            if r.random() < REFERENCE_SHARE
            else (None,) * 3
        )
        withdrawn = created + r.randint(1, 120) * HOUR if r.random() < WITHDRAWN_SHARE else None
        reason = r.choice(T.WITHDRAWN_REASONS) if withdrawn else None
        author = b.staff()
        row: Row = (evidence_id, plan.id, f"https://{domain}/{slots['sector']}/{year}/{evidence_id}", title,
                    publisher, f"{min(year, 2026)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}", day(created),
                    passage, r.choices(STANCES, STANCE_WEIGHTS)[0], r.random() < PRIMARY_SHARE, *reference,
                    author, stamp(created), stamp(withdrawn or created), None if withdrawn is None else stamp(withdrawn),
                    reason, 2 if withdrawn else 1)  # fmt: skip
        b.rows["evidence"].append(row)
        changes = {name: [None, row[i]] for i, name in _EVIDENCE_FIELDS if row[i] is not None}
        changes.pop("withdrawn_at", None)
        changes.pop("withdrawn_reason", None)
        add_revision(b, "evidence", evidence_id, plan.id, "create", author, created, changes)
        if withdrawn is not None:
            moved: dict[str, list[object]] = {
                "withdrawn_at": [None, iso(withdrawn)],
                "withdrawn_reason": [None, reason],
            }
            add_revision(b, "evidence", evidence_id, plan.id, "update", author, withdrawn, moved)
