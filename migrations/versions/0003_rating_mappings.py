"""Rating mappings for imported ClaimReview verdicts

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 12:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import claims.orm


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rating_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('external_rating', sa.String(length=200), nullable=False),
    sa.Column('level_label', sa.String(length=60), nullable=True),
    sa.Column('updated_at', claims.orm.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rating_mappings')),
    sa.UniqueConstraint('external_rating', name=op.f('uq_rating_mappings_external_rating'))
    )


def downgrade():
    op.drop_table('rating_mappings')
