"""sign-off checks: acknowledged exceptions, one-person sign-off, reopen records and the status trail

Revision ID: 0007_signoff_checks
Revises: 0005_lock_submitted
Create Date: 2026-11-30 20:30:00

"""
import sqlalchemy as sa
from alembic import op

from selfassess import db_locks

revision = '0007_signoff_checks'
down_revision = '0005_lock_submitted'
branch_labels = None
depends_on = None


def upgrade():
    dialect = op.get_bind().dialect.name
    # Batch mode rebuilds tables on SQLite and loses their triggers: drop them first, install them after.
    db_locks.drop(op.execute, dialect)
    op.create_table(
        'reopen_record',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=2000), nullable=False),
        sa.Column('used', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('txid', sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                                name=op.f('fk_reopen_record_assessment_id_assessment'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_reopen_record_user_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reopen_record')),
    )
    with op.batch_alter_table('reopen_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reopen_record_assessment_id'), ['assessment_id'], unique=False)
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.add_column(sa.Column('one_person_signoff', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signoff_exceptions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('signed_off_by_sender', sa.Boolean(), server_default='0', nullable=False))
    db_locks.install(op.execute, dialect)


def downgrade():
    dialect = op.get_bind().dialect.name
    db_locks.drop(op.execute, dialect)
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('signed_off_by_sender')
        batch_op.drop_column('signoff_exceptions')
    with op.batch_alter_table('provider', schema=None) as batch_op:
        batch_op.drop_column('one_person_signoff')
    with op.batch_alter_table('reopen_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reopen_record_assessment_id'))
    op.drop_table('reopen_record')
    db_locks.install_locks_only(op.execute, dialect)
