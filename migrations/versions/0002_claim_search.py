"""Full-text search over claims: restated claim, quote and the published conclusion

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 10:30:00.000000

The index lives in its own table, `claims_fts` (SQLite: an FTS5 virtual table keyed by the
claim id as rowid; PostgreSQL: claim_id plus a GIN-indexed tsvector). Database triggers on
`claims` and `verdicts` rebuild a claim's row whenever its text or any of its verdicts change,
so every write path (ORM, imports, the demo loader, a psql session) keeps it in step without
the application having to remember. Only the *published* verdict's conclusion is indexed: a
draft conclusion must never make a published claim match a search. Unpublished claims are
indexed too, but public search joins through published_claims(), so they are never returned.
The table name contains `_fts`, which migrations/env.py keeps out of autogenerate.
"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

PUBLISHED_CONCLUSION = (
    "(SELECT v.conclusion FROM verdicts v WHERE v.claim_id = c.id AND v.state = 'published' "
    "ORDER BY v.published_at DESC LIMIT 1)"
)

SQLITE_REFRESH = (
    "DELETE FROM claims_fts WHERE rowid = {id}; "
    "INSERT INTO claims_fts (rowid, restated, quote, conclusion) "
    "SELECT c.id, c.restated, coalesce(c.quote, ''), coalesce(" + PUBLISHED_CONCLUSION + ", '') "
    "FROM claims c WHERE c.id = {id};"
)

SQLITE_TRIGGERS = {
    "claims_fts_claim_insert": "AFTER INSERT ON claims BEGIN " + SQLITE_REFRESH.format(id="NEW.id") + " END",
    "claims_fts_claim_update": "AFTER UPDATE OF restated, quote ON claims BEGIN "
    + SQLITE_REFRESH.format(id="NEW.id")
    + " END",
    "claims_fts_claim_delete": "AFTER DELETE ON claims BEGIN DELETE FROM claims_fts WHERE rowid = OLD.id; END",
    "claims_fts_verdict_insert": "AFTER INSERT ON verdicts BEGIN "
    + SQLITE_REFRESH.format(id="NEW.claim_id")
    + " END",
    "claims_fts_verdict_update": "AFTER UPDATE ON verdicts BEGIN "
    + SQLITE_REFRESH.format(id="OLD.claim_id")
    + " "
    + SQLITE_REFRESH.format(id="NEW.claim_id")
    + " END",
    "claims_fts_verdict_delete": "AFTER DELETE ON verdicts BEGIN "
    + SQLITE_REFRESH.format(id="OLD.claim_id")
    + " END",
}

PG_DOCUMENT = (
    "setweight(to_tsvector('english', c.restated), 'A') || "
    "setweight(to_tsvector('english', coalesce(c.quote, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(" + PUBLISHED_CONCLUSION + ", '')), 'B')"
)


def upgrade():
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE claims_fts USING fts5(restated, quote, conclusion, tokenize = 'porter unicode61')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
        op.execute(
            "INSERT INTO claims_fts (rowid, restated, quote, conclusion) "
            "SELECT c.id, c.restated, coalesce(c.quote, ''), coalesce(" + PUBLISHED_CONCLUSION + ", '') FROM claims c"
        )
        return
    op.execute(
        "CREATE TABLE claims_fts (claim_id integer PRIMARY KEY REFERENCES claims (id) ON DELETE CASCADE, "
        "document tsvector NOT NULL)"
    )
    op.execute("CREATE INDEX ix_claims_fts_document ON claims_fts USING gin (document)")
    op.execute(
        "CREATE FUNCTION claims_fts_refresh(target integer) RETURNS void LANGUAGE sql AS $$ "
        "INSERT INTO claims_fts (claim_id, document) SELECT c.id, " + PG_DOCUMENT + " FROM claims c "
        "WHERE c.id = target ON CONFLICT (claim_id) DO UPDATE SET document = EXCLUDED.document $$"
    )
    op.execute(
        "CREATE FUNCTION claims_fts_claim_changed() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN PERFORM claims_fts_refresh(NEW.id); RETURN NULL; END $$"
    )
    op.execute(
        "CREATE FUNCTION claims_fts_verdict_changed() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "IF TG_OP <> 'INSERT' THEN PERFORM claims_fts_refresh(OLD.claim_id); END IF; "
        "IF TG_OP <> 'DELETE' THEN PERFORM claims_fts_refresh(NEW.claim_id); END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_claim AFTER INSERT OR UPDATE OF restated, quote ON claims "
        "FOR EACH ROW EXECUTE FUNCTION claims_fts_claim_changed()"
    )
    op.execute(
        "CREATE TRIGGER claims_fts_verdict AFTER INSERT OR UPDATE OR DELETE ON verdicts "
        "FOR EACH ROW EXECUTE FUNCTION claims_fts_verdict_changed()"
    )
    op.execute("SELECT claims_fts_refresh(id) FROM claims")


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS claims_fts")
        return
    op.execute("DROP TRIGGER IF EXISTS claims_fts_verdict ON verdicts")
    op.execute("DROP TRIGGER IF EXISTS claims_fts_claim ON claims")
    op.execute("DROP FUNCTION IF EXISTS claims_fts_verdict_changed()")
    op.execute("DROP FUNCTION IF EXISTS claims_fts_claim_changed()")
    op.execute("DROP FUNCTION IF EXISTS claims_fts_refresh(integer)")
    op.execute("DROP TABLE IF EXISTS claims_fts")
