"""user search: name and email case-folded into one column for the administrators' search

Revision ID: 0014_user_search
Revises: 0013_registers
Create Date: 2026-12-01 03:20:00

The administration's user search was lower(name) LIKE … OR lower(email) LIKE … (ILIKE on PostgreSQL): two
case foldings per user per search, the slowest part of the page with 2,000 users. The folding now happens
once, in Python, when a user is saved (models.user_search_text); existing rows are filled here the same way,
so the search behaves identically on SQLite and PostgreSQL, accented letters included.
"""
import sqlalchemy as sa
from alembic import op

from selfassess.models import user_search_text

revision = '0014_user_search'
down_revision = '0013_registers'
branch_labels = None
depends_on = None


def upgrade():
    # Plain ADD COLUMN, not batch mode: batch mode copies the table.
    op.add_column('user_account', sa.Column('search_text', sa.String(length=1000), nullable=False,
                                            server_default=''))
    users = sa.table('user_account', sa.column('id', sa.Integer), sa.column('name', sa.String),
                     sa.column('email', sa.String), sa.column('search_text', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(users.c.id, users.c.name, users.c.email)).all()
    if rows:  # one executemany, not a round trip per user
        connection.execute(
            users.update().where(users.c.id == sa.bindparam('user_id'))
            .values(search_text=sa.bindparam('folded')),
            [{'user_id': user_id, 'folded': user_search_text(name, email)} for user_id, name, email in rows])


def downgrade():
    # Plain DROP COLUMN (SQLite 3.35 and later): batch mode would drop and re-create the table, and with
    # foreign keys on, dropping it deletes every membership (ON DELETE CASCADE).
    op.drop_column('user_account', 'search_text')
