"""Approved snapshots: readers see a verdict as approved, with versioned rating levels

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 05:40:00.000000

`published_snapshots` (with `published_evidence` and `published_snapshot_tags`) holds, per
published verdict, the claim's wording, tags, same-claim link, evidence and rating as the
approving editor saw them; every public route reads these rows, and triggers refuse UPDATEs of
them. `rating_level_versions` keeps each level's label, definition, value and colour as verdicts
were published with them; corrections name the version before and after. `published_fts` is the
public full-text index over the snapshots' text (restated claim, quote, conclusion), filled by a
trigger on `published_snapshots`; `claims_fts` (0002) stays the staff search over live text.

Existing data: every level gets version 1 from its current fields. Every published verdict gets
a snapshot of its claim as it is now (its wording and tags), and of the evidence that was public
under the old rule: not withdrawn, and added before the verdict's publication. Readers were
already seeing exactly that, so nothing they see changes. Corrections point at version 1 of
their old and new levels.
"""
from alembic import op
import sqlalchemy as sa

import claims.orm
from claims.orm import utcnow


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO rating_level_versions (level_id, number, label, definition, value, colour, created_at) "
    "SELECT id, 1, label, definition, value, colour, :now FROM rating_levels",
    "INSERT INTO published_snapshots (verdict_id, restated, claimant, claimed_on, quote, span_start, span_end, "
    "article_id, appearance_url, same_as_id, conclusion, explanation, rating_version_id, best_rating, "
    "worst_rating, taken_at) "
    "SELECT v.id, c.restated, c.claimant, c.claimed_on, c.quote, c.span_start, c.span_end, c.article_id, "
    "c.appearance_url, c.same_as_id, v.conclusion, v.explanation, rv.id, "
    "(SELECT max(o.value) FROM rating_levels o WHERE o.scale_id = l.scale_id), "
    "(SELECT min(o.value) FROM rating_levels o WHERE o.scale_id = l.scale_id), :now "
    "FROM verdicts v JOIN claims c ON c.id = v.claim_id "
    "LEFT JOIN rating_levels l ON l.id = v.rating_level_id "
    "LEFT JOIN rating_level_versions rv ON rv.level_id = l.id AND rv.number = 1 "
    "WHERE v.state = 'published'",
    "INSERT INTO published_snapshot_tags (verdict_id, tag_id) "
    "SELECT v.id, ct.tag_id FROM verdicts v JOIN claim_tags ct ON ct.claim_id = v.claim_id "
    "WHERE v.state = 'published'",
    "INSERT INTO published_evidence (verdict_id, evidence_id, position, url, title, publisher, published_on, "
    "accessed_on, passage, stance, is_primary, reference_value, reference_unit, reference_year, added_at) "
    "SELECT v.id, e.id, row_number() OVER (PARTITION BY v.id ORDER BY CASE WHEN e.is_primary THEN 0 ELSE 1 END, e.id), "
    "e.url, e.title, e.publisher, e.published_on, e.accessed_on, e.passage, e.stance, e.is_primary, "
    "e.reference_value, e.reference_unit, e.reference_year, e.created_at "
    "FROM verdicts v JOIN evidence e ON e.claim_id = v.claim_id "
    "WHERE v.state = 'published' AND e.withdrawn_at IS NULL AND e.created_at <= v.published_at",
    "UPDATE corrections SET "
    "old_rating_version_id = (SELECT id FROM rating_level_versions WHERE level_id = old_rating_level_id AND number = 1), "
    "new_rating_version_id = (SELECT id FROM rating_level_versions WHERE level_id = new_rating_level_id AND number = 1)",
)

SQLITE_FTS = (
    "CREATE VIRTUAL TABLE published_fts USING fts5(restated, quote, conclusion, tokenize = 'porter unicode61')",
    "CREATE TRIGGER published_fts_insert AFTER INSERT ON published_snapshots BEGIN "
    "INSERT INTO published_fts (rowid, restated, quote, conclusion) "
    "VALUES (NEW.verdict_id, NEW.restated, coalesce(NEW.quote, ''), NEW.conclusion); END",
    "CREATE TRIGGER published_fts_delete AFTER DELETE ON published_snapshots BEGIN "
    "DELETE FROM published_fts WHERE rowid = OLD.verdict_id; END",
)

PG_DOCUMENT = (
    "setweight(to_tsvector('english', NEW.restated), 'A') || "
    "setweight(to_tsvector('english', coalesce(NEW.quote, '')), 'B') || "
    "setweight(to_tsvector('english', NEW.conclusion), 'B')"
)
PG_FTS = (
    "CREATE TABLE published_fts (verdict_id integer PRIMARY KEY "
    "REFERENCES published_snapshots (verdict_id) ON DELETE CASCADE, document tsvector NOT NULL)",
    "CREATE INDEX ix_published_fts_document ON published_fts USING gin (document)",
    "CREATE FUNCTION published_fts_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO published_fts (verdict_id, document) VALUES (NEW.verdict_id, " + PG_DOCUMENT + "); "
    "RETURN NULL; END $$",
    "CREATE TRIGGER published_fts_snapshot AFTER INSERT ON published_snapshots "
    "FOR EACH ROW EXECUTE FUNCTION published_fts_add()",
)

# What readers were shown is kept as it was: a snapshot is written once, or deleted with its claim.
FROZEN = ("published_snapshots", "published_evidence")


def _frozen_rows():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION published_rows_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'published snapshots never change'; END $$"
        )
        for table in FROZEN:
            op.execute(
                f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION published_rows_frozen()"
            )
        return
    for table in FROZEN:
        op.execute(
            f"CREATE TRIGGER {table}_frozen BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'published snapshots never change'); END"
        )


def upgrade():
    op.create_table('rating_level_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=60), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('value', sa.Integer(), nullable=True),
    sa.Column('colour', sa.String(length=7), nullable=False),
    sa.Column('created_at', claims.orm.UTCDateTime(), nullable=False),
    sa.CheckConstraint('value IS NULL OR value >= 1', name=op.f('ck_rating_level_versions_value_positive')),
    sa.ForeignKeyConstraint(['level_id'], ['rating_levels.id'], name=op.f('fk_rating_level_versions_level_id_rating_levels')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_level_versions')),
    sa.UniqueConstraint('level_id', 'number', name='uq_rating_level_versions_level_number')
    )
    op.create_table('published_snapshots',
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('restated', sa.String(length=300), nullable=False),
    sa.Column('claimant', sa.String(length=200), nullable=False),
    sa.Column('claimed_on', sa.Date(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('appearance_url', sa.String(length=2000), nullable=True),
    sa.Column('same_as_id', sa.Integer(), nullable=True),
    sa.Column('conclusion', sa.String(length=300), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('rating_version_id', sa.Integer(), nullable=True),
    sa.Column('best_rating', sa.Integer(), nullable=True),
    sa.Column('worst_rating', sa.Integer(), nullable=True),
    sa.Column('taken_at', claims.orm.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_published_snapshots_article_id_articles')),
    sa.ForeignKeyConstraint(['rating_version_id'], ['rating_level_versions.id'], name=op.f('fk_published_snapshots_rating_version_id_rating_level_versions')),
    sa.ForeignKeyConstraint(['same_as_id'], ['claims.id'], name=op.f('fk_published_snapshots_same_as_id_claims')),
    sa.ForeignKeyConstraint(['verdict_id'], ['verdicts.id'], name=op.f('fk_published_snapshots_verdict_id_verdicts')),
    sa.PrimaryKeyConstraint('verdict_id', name=op.f('pk_published_snapshots'))
    )
    op.create_index(op.f('ix_published_snapshots_article_id'), 'published_snapshots', ['article_id'], unique=False)
    op.create_index(op.f('ix_published_snapshots_rating_version_id'), 'published_snapshots', ['rating_version_id'], unique=False)
    op.create_table('published_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('published_on', sa.Date(), nullable=True),
    sa.Column('accessed_on', sa.Date(), nullable=True),
    sa.Column('passage', sa.Text(), nullable=True),
    sa.Column('stance', sa.Enum('supports', 'refutes', 'context', name='stance', native_enum=False, length=20), nullable=False),
    sa.Column('is_primary', sa.Boolean(), nullable=False),
    sa.Column('reference_value', sa.Float(), nullable=True),
    sa.Column('reference_unit', sa.String(length=80), nullable=True),
    sa.Column('reference_year', sa.Integer(), nullable=True),
    sa.Column('added_at', claims.orm.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence.id'], name=op.f('fk_published_evidence_evidence_id_evidence')),
    sa.ForeignKeyConstraint(['verdict_id'], ['published_snapshots.verdict_id'], name=op.f('fk_published_evidence_verdict_id_published_snapshots')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_published_evidence'))
    )
    op.create_index(op.f('ix_published_evidence_verdict_id'), 'published_evidence', ['verdict_id'], unique=False)
    op.create_table('published_snapshot_tags',
    sa.Column('verdict_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_published_snapshot_tags_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verdict_id'], ['published_snapshots.verdict_id'], name=op.f('fk_published_snapshot_tags_verdict_id_published_snapshots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('verdict_id', 'tag_id', name=op.f('pk_published_snapshot_tags'))
    )
    op.create_index(op.f('ix_published_snapshot_tags_tag_id'), 'published_snapshot_tags', ['tag_id'], unique=False)
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('old_rating_version_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('new_rating_version_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_corrections_old_rating_version_id_rating_level_versions'), 'rating_level_versions', ['old_rating_version_id'], ['id'])
        batch_op.create_foreign_key(batch_op.f('fk_corrections_new_rating_version_id_rating_level_versions'), 'rating_level_versions', ['new_rating_version_id'], ['id'])

    # The index first, so the snapshots written below are indexed by its trigger as they arrive.
    for statement in SQLITE_FTS if op.get_bind().dialect.name == "sqlite" else PG_FTS:
        op.execute(statement)
    now = sa.bindparam("now", utcnow(), type_=claims.orm.UTCDateTime())
    for statement in BACKFILL:
        text = sa.text(statement)
        op.execute(text.bindparams(now) if ":now" in statement else text)
    _frozen_rows()
    op.execute("ANALYZE")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for table in FROZEN:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_frozen ON {table}")
        op.execute("DROP FUNCTION IF EXISTS published_rows_frozen()")
        op.execute("DROP TRIGGER IF EXISTS published_fts_snapshot ON published_snapshots")
        op.execute("DROP FUNCTION IF EXISTS published_fts_add()")
    else:
        for table in FROZEN:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_frozen")
        op.execute("DROP TRIGGER IF EXISTS published_fts_insert")
        op.execute("DROP TRIGGER IF EXISTS published_fts_delete")
    op.execute("DROP TABLE IF EXISTS published_fts")
    with op.batch_alter_table('corrections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_corrections_new_rating_version_id_rating_level_versions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_corrections_old_rating_version_id_rating_level_versions'), type_='foreignkey')
        batch_op.drop_column('new_rating_version_id')
        batch_op.drop_column('old_rating_version_id')
    op.drop_index(op.f('ix_published_snapshot_tags_tag_id'), table_name='published_snapshot_tags')
    op.drop_table('published_snapshot_tags')
    op.drop_index(op.f('ix_published_evidence_verdict_id'), table_name='published_evidence')
    op.drop_table('published_evidence')
    op.drop_index(op.f('ix_published_snapshots_rating_version_id'), table_name='published_snapshots')
    op.drop_index(op.f('ix_published_snapshots_article_id'), table_name='published_snapshots')
    op.drop_table('published_snapshots')
    op.drop_table('rating_level_versions')
