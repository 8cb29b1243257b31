"""indexes that keep pages bounded at sector scale

Revision ID: 0009_scale_indexes
Revises: 0008_sign_in_security
Create Date: 2026-11-30 20:40:00

- audit_event (assessment_id, at): the sign-off page's timeline reads one year's cycle events; without it
  the query scanned the whole audit trail (every provider's), so the page grew with the database.
- provider (name), user_account (name): the administration lists are ordered by name and paginated.

Plain CREATE INDEX (no batch mode): SQLite's batch mode copies a table and would drop the lock triggers.
"""
from alembic import op

revision = '0009_scale_indexes'
down_revision = '0008_sign_in_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_audit_event_assessment_at', 'audit_event', ['assessment_id', 'at'], unique=False)
    op.create_index('ix_provider_name', 'provider', ['name'], unique=False)
    op.create_index('ix_user_account_name', 'user_account', ['name'], unique=False)


def downgrade():
    op.drop_index('ix_user_account_name', table_name='user_account')
    op.drop_index('ix_provider_name', table_name='provider')
    op.drop_index('ix_audit_event_assessment_at', table_name='audit_event')
