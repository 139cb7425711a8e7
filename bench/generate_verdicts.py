"""A claim's verdicts as its status implies: published (some corrected, some reopened), in progress, imported."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bench import generate_text as T
from bench.generate_base import COLUMNS, DAY, HOUR, Plan, stamp
from bench.generate_history import add_revision, iso

if TYPE_CHECKING:
    from bench.generate_rows import ChunkBuilder

REOPENED_SHARE, CORRECTED_SHARE = 0.03, 0.01
RESEARCHING_DRAFT, RESEARCHING_RETURNED = 0.5, 0.1
IMPORTED_LEVEL_SHARE = 0.6  # imported ratings that map onto our scale
VERDICT = {name: i for i, name in enumerate(COLUMNS["verdicts"])}


def add_verdicts(b: ChunkBuilder, plan: Plan) -> None:
    """Add the claim's verdicts, their history and any correction; record the moments on `plan`."""
    r = b.rng
    if plan.external:
        imported(b, plan)
    elif plan.status == "published":
        first = published(b, plan, plan.created)
        if r.random() < CORRECTED_SHARE:
            corrected(b, plan, first)
        elif r.random() < REOPENED_SHARE:
            reopened(b, plan, first)
    elif plan.status == "in_review":
        draft(b, plan, plan.created, "submitted")
    elif plan.status == "researching" and (roll := r.random()) < RESEARCHING_DRAFT + RESEARCHING_RETURNED:
        draft(b, plan, plan.created, "returned" if roll < RESEARCHING_RETURNED else "draft")
    else:
        plan.working_until = plan.created + r.randint(1, 96) * HOUR


def texts(b: ChunkBuilder, plan: Plan) -> tuple[str, str]:
    """Return a conclusion and a few sentences of explanation for the claim."""
    r = b.rng
    publisher = r.choice(T.PUBLISHERS)[0]
    values = {**plan.slots, "publisher": publisher}
    explanation = " ".join(line.format_map(values) for line in r.sample(T.EXPLANATIONS, r.randint(2, 5)))
    return r.choice(T.CONCLUSIONS).format_map(plan.slots), explanation


def row(
    b: ChunkBuilder,
    plan: Plan,
    state: str,
    level: int | None,
    texts: tuple[str, str],
    people: tuple[int | None, int | None],
    moments: tuple[int, int | None, int | None],
    external: tuple[str | None, str | None, str | None] = (None, None, None),
) -> int:
    """Append one verdict row; moments are (created, submitted, approved = published); return its id."""
    verdict_id = b.ids.take("verdicts")
    created, submitted, approved = moments
    updated = max(m for m in moments if m is not None)
    steps = {"draft": 1, "submitted": 2, "returned": 3, "published": 3, "superseded": 4}[state]
    when = None if approved is None else stamp(approved)
    b.rows["verdicts"].append(
        (verdict_id, plan.id, state, level, texts[0], texts[1], people[0], people[1],
         None if submitted is None else stamp(submitted), when, when, *external, stamp(created),
         stamp(updated), steps, when or stamp(created))
    )  # fmt: skip
    changes: dict[str, list[object]] = {"claim_id": [None, plan.id], "state": [None, "draft"],
                                        "conclusion": [None, texts[0]], "explanation": [None, texts[1]]}  # fmt: skip
    if level is not None:
        changes["rating_level_id"] = [None, level]
    if people[0] is not None:
        changes["author_id"] = [None, people[0]]
    if external[0] is not None:
        # Imports arrive published in one step, so their only revision is the creation.
        assert approved is not None
        changes["state"] = [None, "published"]
        names = ("external_publisher", "external_url", "external_rating", "approved_at", "published_at")
        changes.update(
            (name, [None, value])
            for name, value in zip(names, (*external, iso(approved), iso(approved)), strict=True)
        )
        add_revision(b, "verdicts", verdict_id, plan.id, "create", None, created, changes)
        return verdict_id
    add_revision(b, "verdicts", verdict_id, plan.id, "create", people[0], created, changes)
    if submitted is not None:
        moved = {"state": ["draft", "submitted"], "submitted_at": [None, iso(submitted)]}
        add_revision(b, "verdicts", verdict_id, plan.id, "update", people[0], submitted, moved)
    if approved is not None and state in ("published", "superseded"):
        moved = {"state": ["submitted", "published"], "approver_id": [None, people[1]],
                 "approved_at": [None, iso(approved)], "published_at": [None, iso(approved)]}  # fmt: skip
        add_revision(b, "verdicts", verdict_id, plan.id, "update", people[1], approved, moved)
    return verdict_id


def draft(b: ChunkBuilder, plan: Plan, since: int, state: str) -> tuple[int, int | None, str]:
    """Add an unpublished verdict (draft, submitted or returned); return (id, level, conclusion)."""
    r = b.rng
    created = since + r.randint(1, 72) * HOUR + r.randint(0, HOUR)
    submitted = created + r.randint(1, 20) * DAY + r.randint(0, DAY) if state != "draft" else None
    level = b.level() if state != "draft" or r.random() < 0.7 else None
    words = texts(b, plan)
    verdict_id = row(b, plan, state, level, words, (plan.author, None), (created, submitted, None))
    if state == "returned":
        # As return_verdict does: another editor sends it back with a comment, the claim is researched again.
        assert submitted is not None
        editor, submitted = b.other_editor(plan.author), submitted + r.randint(1, 72) * HOUR
        moved: dict[str, list[object]] = {"state": ["submitted", "returned"]}
        add_revision(b, "verdicts", verdict_id, plan.id, "update", editor, submitted, moved)
        b.comment(plan.id, verdict_id, r.choice(T.RETURN_NOTES), submitted, editor)
    plan.working_until = submitted or created
    return verdict_id, level, words[0]


def published(b: ChunkBuilder, plan: Plan, since: int) -> tuple[int, int, str]:
    """Add a verdict researched after `since` and published; return (id, level, conclusion)."""
    r = b.rng
    created = since + r.randint(1, 72) * HOUR + r.randint(0, HOUR)
    submitted = created + r.randint(1, 30) * DAY + r.randint(0, DAY)
    approved = submitted + r.randint(1, 72) * HOUR + r.randint(0, HOUR)
    level, words = b.level(), texts(b, plan)
    people = (plan.author, b.other_editor(plan.author))
    verdict_id = row(b, plan, "published", level, words, people, (created, submitted, approved))
    plan.published = approved
    return verdict_id, level, words[0]


def corrected(b: ChunkBuilder, plan: Plan, first: tuple[int, int, str]) -> None:
    """Supersede the first verdict with a later one and publish a correction note."""
    r = b.rng
    first_id, old_level, old_conclusion = first
    assert plan.published is not None
    plan.first_published = plan.published
    index = len(b.rows["verdicts"]) - 1  # the first verdict is the one just added
    new_id, new_level, new_conclusion = published(b, plan, plan.published + r.randint(20, 300) * DAY)
    assert plan.published is not None
    old = list(b.rows["verdicts"][index])
    old[VERDICT["state"]], old[VERDICT["updated_at"]], old[VERDICT["version"]] = (
        "superseded",
        stamp(plan.published),
        4,
    )
    b.rows["verdicts"][index] = tuple(old)
    add_revision(b, "verdicts", first_id, plan.id, "update", None, plan.published,
                 {"state": ["published", "superseded"]})  # fmt: skip
    editor = b.rows["verdicts"][-1][VERDICT["approver_id"]]
    b.rows["corrections"].append(
        (b.ids.take("corrections"), plan.id, first_id, new_id, old_level, new_level, old_conclusion,
         new_conclusion, r.choice(T.CORRECTION_NOTES), editor, stamp(plan.published), stamp(plan.published))
    )  # fmt: skip


def reopened(b: ChunkBuilder, plan: Plan, first: tuple[int, int, str]) -> None:
    """Reopen the published claim: its verdict stays public while a new draft starts from it."""
    r = b.rng
    assert plan.published is not None
    plan.reopened = plan.published + r.randint(10, 400) * DAY + r.randint(0, DAY)
    draft(b, plan, plan.reopened, "draft")


def imported(b: ChunkBuilder, plan: Plan) -> None:
    """Add another fact-checker's published verdict, shown as theirs (claims.services.imports)."""
    r = b.rng
    publisher, domain = r.choice(T.EXTERNAL_PUBLISHERS)
    rating = r.choice(T.EXTERNAL_RATINGS)
    level = b.level() if r.random() < IMPORTED_LEVEL_SHARE else None
    review_date = plan.created - r.randint(1, 30) * DAY - r.randint(0, DAY)
    url = f"https://{domain}/factchecks/{plan.id}-{plan.slots['sector']}"
    title = f"{rating}: {plan.slots['template'][0].format_map(plan.slots)}"[:300]  # type: ignore[index]
    row(b, plan, "published", level, (title, ""), (None, None), (plan.created, None, review_date),
        (publisher, url, rating))  # fmt: skip
    plan.published = review_date
