"""lock submitted years in the database itself

Revision ID: 0005_lock_submitted
Revises: 0004_signoff
Create Date: 2026-11-29 06:20:00

"""
from alembic import op

from selfassess import db_locks

revision = '0005_lock_submitted'
down_revision = '0004_signoff'
branch_labels = None
depends_on = None


def upgrade():
    db_locks.install(op.execute, op.get_bind().dialect.name)


def downgrade():
    db_locks.drop(op.execute, op.get_bind().dialect.name)
