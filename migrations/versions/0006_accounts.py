"""Accounts: when each password was last changed, and history that refuses TRUNCATE

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 05:40:00.000000

`users.password_changed_at` starts at `created_at`: until now a password could only be set when
its account was made. On PostgreSQL the row triggers of 0001 stop UPDATE and DELETE on
`revisions`, but TRUNCATE fires no row triggers, so one statement could still wipe the history;
a statement trigger refuses it too. SQLite has no TRUNCATE.
"""
from alembic import op
import sqlalchemy as sa

import claims.orm


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('password_changed_at', claims.orm.UTCDateTime(), nullable=True))
    op.execute("UPDATE users SET password_changed_at = created_at")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('password_changed_at', existing_type=claims.orm.UTCDateTime(), nullable=False)
    if op.get_bind().dialect.name == "postgresql":
        # revisions_append_only() (from 0001) only raises, so it serves a statement trigger as well.
        op.execute(
            "CREATE TRIGGER revisions_no_truncate BEFORE TRUNCATE ON revisions "
            "FOR EACH STATEMENT EXECUTE FUNCTION revisions_append_only()"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS revisions_no_truncate ON revisions")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('password_changed_at')
