"""Bounded public pages: the publication counter, running tallies and the public list's index

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 03:00:00.000000

`site_state.public_version` moves with every commit that changes public content; public
responses are cached under it. `tallies` keeps claims per status and published claims per
rating, so the home page's counts are a lookup instead of a count over the archive.
`verdicts.listed_at` (publication time, or the storage time of an import without one) with
`ix_verdicts_public_order` lets every page of the public list, however deep, read only its rows.
"""
from alembic import op
import sqlalchemy as sa

import claims.orm


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TALLY_SQL = (
    "INSERT INTO tallies (kind, key, count) "
    "SELECT 'status', status, count(*) FROM claims GROUP BY status",
    "INSERT INTO tallies (kind, key, count) "
    "SELECT 'rating', CAST(rating_level_id AS VARCHAR(40)), count(*) FROM verdicts "
    "WHERE state = 'published' AND rating_level_id IS NOT NULL GROUP BY rating_level_id",
)


def upgrade():
    op.create_table('site_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_version', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_state'))
    )
    op.execute("INSERT INTO site_state (id, public_version) VALUES (1, 1)")
    op.create_table('tallies',
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'key', name=op.f('pk_tallies'))
    )
    for statement in TALLY_SQL:
        op.execute(statement)
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('listed_at', claims.orm.UTCDateTime(), nullable=True))
    op.execute("UPDATE verdicts SET listed_at = coalesce(published_at, created_at)")
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.create_index('ix_verdicts_public_order', ['state', 'listed_at', 'id'], unique=False)
        batch_op.create_index('ix_verdicts_rating_order', ['rating_level_id', 'state', 'listed_at', 'id'], unique=False)
        batch_op.create_index('ix_verdicts_claim_state', ['claim_id', 'state'], unique=False)
        # Each of these is the leading column of one of the indexes above.
        batch_op.drop_index('ix_verdicts_claim_id')
        batch_op.drop_index('ix_verdicts_rating_level_id')
        batch_op.drop_index('ix_verdicts_state')
    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claim_tags_tag_id'), ['tag_id'], unique=False)
    # SQLite plans without statistics take `verdicts.state = ?` for a selective filter.
    op.execute("ANALYZE")


def downgrade():
    with op.batch_alter_table('claim_tags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claim_tags_tag_id'))
    with op.batch_alter_table('verdicts', schema=None) as batch_op:
        batch_op.create_index('ix_verdicts_state', ['state'], unique=False)
        batch_op.create_index('ix_verdicts_rating_level_id', ['rating_level_id'], unique=False)
        batch_op.create_index('ix_verdicts_claim_id', ['claim_id'], unique=False)
        batch_op.drop_index('ix_verdicts_claim_state')
        batch_op.drop_index('ix_verdicts_rating_order')
        batch_op.drop_index('ix_verdicts_public_order')
        batch_op.drop_column('listed_at')
    op.drop_table('tallies')
    op.drop_table('site_state')
