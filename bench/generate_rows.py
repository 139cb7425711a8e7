"""Rows of one chunk of the archive: articles with the claims quoted in them, and everything per claim."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import suppress
from queue import Empty, Queue
from threading import Event, Thread

from argon2 import PasswordHasher

from bench import generate_text as T
from bench.generate_base import COLUMNS, DAY, HOUR, SPAN_DAYS, Context, Counters, Plan, Row, Rows, day, stamp
from bench.generate_history import add_evidence, claim_created
from bench.generate_verdicts import add_verdicts

CLAIMS_PER_ARTICLE = 10
# Shares of claims: imported with another fact-checker's verdict, and our own seen off-article.
EXTERNAL_SHARE, OFF_ARTICLE_SHARE = 0.05, 0.05
# Our own claims by status, chosen so that about 70% of all claims have a published verdict.
OWN_STATUSES = ("published", "new", "researching", "in_review", "not_checkable")
OWN_WEIGHTS = (0.684, 0.08, 0.10, 0.07, 0.066)
CLAIM_VERSIONS = {"new": 1, "researching": 2, "in_review": 3, "not_checkable": 2, "published": 4}
COMMENT_SHARE, SAME_AS_SHARE = 0.04, 0.01
BENCH_PASSWORD = "bench-password"  # noqa: S105  (a throwaway benchmark archive's staff password)
STAFF = (("reviewer", 12), ("editor", 5), ("admin", 1))

Quoted = tuple[int, str, dict[str, object], str]  # claim id, claimant, template slots, quote


def article_count(claims: int) -> int:
    """Return how many articles an archive of `claims` claims has."""
    return max(1, -(-claims // CLAIMS_PER_ARTICLE))


def chunks(ctx: Context, chunk_claims: int) -> Iterator[Rows]:
    """Yield the archive's rows chunk by chunk, in id order."""
    counters, per_chunk, articles = (
        Counters(),
        max(1, chunk_claims // CLAIMS_PER_ARTICLE),
        article_count(ctx.claims),
    )
    for index, first in enumerate(range(1, articles + 1, per_chunk)):
        yield ChunkBuilder(ctx, counters, index).build(first, min(first + per_chunk - 1, articles))


def generated_ahead(items: Iterator[Rows]) -> Iterator[Rows]:
    """Yield from `items`, generating the next chunk in a thread while the database takes this one.

    The driver releases the GIL while the database works (sqlite3 steps, libpq waits), so the
    two overlap; at most one chunk waits, which keeps memory flat.
    """
    queue: Queue[tuple[Rows | None, BaseException | None]] = Queue(maxsize=1)
    stop = Event()

    def produce() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                queue.put((item, None))
        except BaseException as error:  # handed to the consumer, which re-raises it
            queue.put((None, error))
            return
        queue.put((None, None))

    thread = Thread(target=produce, name="generate-chunks", daemon=True)
    thread.start()
    try:
        while True:
            item, error = queue.get()
            if error is not None:
                raise error
            if item is None:
                return
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting to hand over a chunk nobody will take
            with suppress(Empty):
                queue.get(timeout=0.1)
        thread.join()


def staff_rows(seed: int) -> tuple[Rows, tuple[int, ...], tuple[int, ...]]:
    """Return the users rows and the ids of reviewers and of editors (admins approve too)."""
    salt = hashlib.sha256(f"bench-{seed}".encode()).digest()[:16]
    password_hash = PasswordHasher().hash(BENCH_PASSWORD, salt=salt)
    users, reviewers, editors, user_id = [], [], [], 0
    for role, count in STAFF:
        for n in range(1, count + 1):
            user_id += 1
            name = f"{T.FIRST_NAMES[user_id * 7 % len(T.FIRST_NAMES)]} {T.LAST_NAMES[user_id * 11 % len(T.LAST_NAMES)]}"
            token = hashlib.sha256(f"{seed}-{user_id}".encode()).hexdigest()[:32]
            users.append((user_id, f"{role}{n:02d}@bench.example", name, role, password_hash, True, token,
                          stamp(-30 * DAY), stamp(-30 * DAY)))  # fmt: skip
            (reviewers if role == "reviewer" else editors).append(user_id)
    return {"users": users}, tuple(reviewers), tuple(editors)


class ChunkBuilder:
    """Generates the rows for a range of articles and the claims numbered in their slots."""

    def __init__(self, ctx: Context, counters: Counters, chunk_index: int) -> None:
        self.ctx, self.ids = ctx, counters
        # Seeded per chunk: a chunk's rows depend only on the seed, its index and the ids before it.
        self.rng = random.Random(ctx.seed * 1_000_003 + chunk_index)
        self.rows: Rows = {table: [] for table in COLUMNS}
        self.level_ids = [level_id for level_id, _label in ctx.levels]
        self.level_weights = [T.LEVEL_WEIGHTS.get(label, 10) for _id, label in ctx.levels]
        self.tag_list = list(ctx.tag_ids.values())
        self.tag_names = {tag_id: name for name, tag_id in ctx.tag_ids.items()}
        self.articles = article_count(ctx.claims)

    def staff(self, editor: bool = False) -> int:
        """Return a random reviewer (or editor) id."""
        return self.rng.choice(self.ctx.editors if editor else self.ctx.reviewers)

    def other_editor(self, not_this: int | None) -> int:
        """Return an editor other than `not_this` (the second pair of eyes)."""
        choices = [e for e in self.ctx.editors if e != not_this]
        return self.rng.choice(choices)

    def level(self) -> int:
        """Return a rating level id, weighted like a real archive (more False than True)."""
        return self.rng.choices(self.level_ids, self.level_weights)[0]

    def slots(self, search: bool = False) -> dict[str, object]:
        """Return fresh template values: places, numbers, years, people, and the template itself."""
        r = self.rng
        year = r.randint(1990, 2025)
        return {"place": r.choice(T.PLACES), "place2": r.choice(T.PLACES), "n": r.randint(2, 950),
                "n2": r.randint(2, 950), "pct": r.randint(1, 99), "year": year, "year2": year + r.randint(1, 9),
                "people": r.choice(T.PEOPLE), "sector": r.choice(T.SECTORS), "trend": r.choice(T.TRENDS),
                "org": r.choice(T.ORGS), "commodity": r.choice(T.COMMODITIES), "age": r.randint(48, 86),
                "measure": r.choice(T.MEASURES), "region": r.choice(T.REGIONS), "thing": r.choice(T.THINGS),
                "template": r.choice(T.SEARCH_TEMPLATES if search else T.TEMPLATES)}  # fmt: skip

    def claimant(self) -> str:
        """Return a claimant; a few names far more often than most, as in real archives."""
        names = self.ctx.claimants
        return names[int(len(names) * self.rng.random() ** 2.5)]

    def build(self, first_article: int, last_article: int) -> Rows:
        """Return the rows of articles first..last and of every claim in their slots."""
        for article_id in range(first_article, last_article + 1):
            self.article(article_id)
        return self.rows

    def article(self, article_id: int) -> None:
        """Add one article, the claims quoted in it, and its slots' claims seen elsewhere."""
        r = self.rng
        # Ids follow time, as in a real archive, with a day of jitter.
        moment = max(0, int((article_id - 0.5) / self.articles * SPAN_DAYS * DAY + r.uniform(-1, 1) * DAY))
        first = (article_id - 1) * CLAIMS_PER_ARTICLE + 1
        quoted: list[Quoted] = []
        for claim_id in range(first, min(first + CLAIMS_PER_ARTICLE, self.ctx.claims + 1)):
            slots, who = self.slots(r.random() < T.SEARCH_SHARE), self.claimant()
            kind = r.random()
            if kind < EXTERNAL_SHARE + OFF_ARTICLE_SHARE:
                self.claim(claim_id, None, moment, slots, who, external=kind < EXTERNAL_SHARE)
            else:
                quoted.append((claim_id, who, slots, slots["template"][1].format_map(slots)))  # type: ignore[index]
        body, starts = self.body(quoted)
        outlet = r.choice(T.OUTLETS)
        headline = f"{quoted[0][1]} on {quoted[0][2]['sector']}" if quoted else f"{outlet} weekly round-up"
        created = stamp(moment + r.randint(1, 12) * HOUR)
        url = f"https://{T.slug(outlet)}.example/{day(moment)[:7]}/{T.slug(headline)}-{article_id}"
        byline = f"{r.choice(T.FIRST_NAMES)} {r.choice(T.LAST_NAMES)}" if r.random() < 0.8 else None
        self.rows["articles"].append(
            (article_id, headline, outlet, byline, url, day(moment), body, self.staff(), created, created)
        )
        for (claim_id, who, slots, quote), start in zip(quoted, starts, strict=True):
            self.claim(claim_id, (article_id, quote, start), moment, slots, who)

    def body(self, quoted: list[Quoted]) -> tuple[str, list[int]]:
        """Return an article body quoting each claim once, and where each quote starts."""
        r = self.rng
        parts = [r.choice(T.FILLERS).format_map(self.slots())]
        length, starts = len(parts[0]), []
        for _claim_id, who, slots, quote in quoted:
            for _ in range(r.randint(0, 2)):
                parts.append(r.choice(T.FILLERS).format_map(slots))
                length += 1 + len(parts[-1])
            lead = r.choice(T.LEADS).format(who=who)
            starts.append(length + 1 + len(lead) + 1)
            parts.append(f"{lead} {quote}.")
            length += 1 + len(parts[-1])
        parts.append(r.choice(T.FILLERS).format_map(self.slots()))
        return " ".join(parts), starts

    def claim(
        self,
        claim_id: int,
        anchor: tuple[int, str, int] | None,
        moment: int,
        slots: dict[str, object],
        who: str,
        external: bool = False,
    ) -> None:
        """Add one claim with its tags, verdicts, evidence, comments and history."""
        r = self.rng
        restated_tpl, quote_tpl, topic = slots["template"]  # type: ignore[misc]
        status = "published" if external else r.choices(OWN_STATUSES, OWN_WEIGHTS)[0]
        created = moment + r.randint(1, 72) * HOUR + r.randint(0, HOUR)
        plan = Plan(claim_id, status, created, slots, self.staff(), external=external)
        if anchor is None:
            article_id, quote, start, end = None, quote_tpl.format_map(slots), None, None
            appearance: str | None = f"https://social.example/{T.slug(who)}/status/{claim_id}"
        else:
            article_id, quote, start = anchor
            end, appearance = start + len(quote), None
        reason = r.choice(T.NOT_CHECKABLE_REASONS) if status == "not_checkable" else None
        tags = self.tags(claim_id, topic)
        add_verdicts(self, plan)
        status = "researching" if plan.reopened else status
        assignee = None if external or (status == "new" and r.random() < 0.5) else plan.author
        created_by = None if external else self.staff(editor=r.random() < 0.3)
        same_as = r.randint(1, claim_id - 1) if claim_id > 1 and r.random() < SAME_AS_SHARE else None
        updated = plan.reopened or plan.published or plan.working_until or plan.created
        version = CLAIM_VERSIONS[status] + (2 if plan.reopened else 0)
        row: Row = (claim_id, article_id, quote, start, end, restated_tpl.format_map(slots), who,
                    day(moment - r.randint(0, 2) * DAY), appearance, status, reason, assignee, created_by,
                    same_as, stamp(plan.created), stamp(updated), version)  # fmt: skip
        self.rows["claims"].append(row)
        claim_created(self, plan, row, tags)
        add_evidence(self, plan)
        if r.random() < COMMENT_SHARE:
            self.comment(plan.id, None, r.choice(T.COMMENTS), plan.created + r.randint(1, 48) * HOUR)

    def tags(self, claim_id: int, topic: str) -> list[str]:
        """Tag the claim with 0-3 tags, popular ones more often, its topic first; return their names."""
        r, ids = self.rng, self.tag_list
        chosen = {ids[int(len(ids) * r.random() ** 2)] for _ in range(r.randint(0, 3))}
        if chosen and topic in self.ctx.tag_ids:
            chosen.pop()
            chosen.add(self.ctx.tag_ids[topic])
        self.rows["claim_tags"].extend((claim_id, tag_id) for tag_id in sorted(chosen))
        return sorted(self.tag_names[tag_id] for tag_id in chosen)

    def comment(self, claim_id: int, verdict_id: int | None, body: str, when: int, author: int = 0) -> None:
        """Add an internal comment on the claim (by `author`, or a random member of staff)."""
        author = author or self.staff(editor=self.rng.random() < 0.5)
        self.rows["comments"].append(
            (self.ids.take("comments"), claim_id, verdict_id, author, body, stamp(when))
        )
