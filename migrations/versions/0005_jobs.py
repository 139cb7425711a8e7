"""Background jobs: what was asked, how far it got, and its result, readable from every app server

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 05:40:00.000000

The queue (Huey) carries only a job's id; the row here is the truth. A worker claims a job by
moving it to "running" with a lease, writes its work in batches that also advance `done`, and
so a job whose worker died is picked up again where it stopped. Uploaded input and finished
export files are kept in `job_files`, so any server can serve them.
"""
from alembic import op
import sqlalchemy as sa

import claims.orm


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', claims.orm.UTCDateTime(), nullable=False),
    sa.Column('started_at', claims.orm.UTCDateTime(), nullable=True),
    sa.Column('finished_at', claims.orm.UTCDateTime(), nullable=True),
    sa.Column('lease_until', claims.orm.UTCDateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_jobs_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_state_lease', ['state', 'lease_until'], unique=False)
        batch_op.create_index('ix_jobs_created_by_id', ['created_by_id', 'id'], unique=False)

    op.create_table('job_files',
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=10), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_files_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('job_id', 'role', 'part', name=op.f('pk_job_files'))
    )


def downgrade():
    op.drop_table('job_files')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_created_by_id')
        batch_op.drop_index('ix_jobs_state_lease')
    op.drop_table('jobs')
