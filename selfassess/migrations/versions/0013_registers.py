"""registers: events, concerns, training, incidents, evidence (with citations), purges; data-return sources

Revision ID: 0013_registers
Revises: 0012_board_paper
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

from selfassess import db_locks

revision = '0013_registers'
# The brief names 0005_lock_submitted; this branch already holds 0007_signoff_checks (another head from
# 0005), so it follows that one to keep a single head here. The lead re-chains on merge.
down_revision = '0012_board_paper'
branch_labels = None
depends_on = None


def _year_fk(table):
    return sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                                   name=op.f(f'fk_{table}_assessment_id_assessment'), ondelete='CASCADE')


def upgrade():
    dialect = op.get_bind().dialect.name
    db_locks.drop(op.execute, dialect)  # batch mode on assessment loses triggers on SQLite
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.add_column(sa.Column('data_return_sources', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('data_return_overrides', sa.JSON(), nullable=True))
    op.create_table(
        'register_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('event_date', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('organiser_type', sa.String(length=30), nullable=False),
        sa.Column('mode', sa.String(length=20), nullable=False),
        sa.Column('triage', sa.String(length=30), nullable=False),
        sa.Column('decision', sa.String(length=40), nullable=False),
        sa.Column('rejection_reason', sa.String(length=2500), nullable=False),
        sa.Column('conditions', sa.JSON(), nullable=False),
        sa.Column('escalated', sa.Boolean(), nullable=False),
        sa.Column('appealed', sa.Boolean(), nullable=False),
        sa.Column('days_to_decision', sa.Integer(), nullable=True),
        sa.Column('booking_reference', sa.String(length=100), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        _year_fk('register_event'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_event')),
    )
    op.create_index('ix_register_event_assessment_date', 'register_event', ['assessment_id', 'event_date'])
    op.create_index('ix_register_event_assessment_decision', 'register_event',
                    ['assessment_id', 'decision', 'escalated'])
    op.create_table(
        'register_concern',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=40), nullable=False),
        sa.Column('opened_month', sa.String(length=7), nullable=False),
        sa.Column('stage', sa.String(length=30), nullable=False),
        sa.Column('concern_type', sa.String(length=40), nullable=False),
        sa.Column('feedback_sought', sa.Boolean(), nullable=False),
        sa.Column('closed', sa.Boolean(), nullable=False),
        sa.Column('notes', sa.String(length=2000), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        _year_fk('register_concern'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_concern')),
    )
    op.create_index('ix_register_concern_assessment_month', 'register_concern',
                    ['assessment_id', 'opened_month'])
    op.create_index('ix_register_concern_assessment_stage', 'register_concern',
                    ['assessment_id', 'stage', 'concern_type'])
    op.create_table(
        'register_training',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('session_date', sa.String(length=10), nullable=False),
        sa.Column('tier', sa.String(length=30), nullable=False),
        sa.Column('audience', sa.String(length=200), nullable=False),
        sa.Column('attended', sa.Integer(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        _year_fk('register_training'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_training')),
    )
    op.create_index('ix_register_training_assessment_date', 'register_training',
                    ['assessment_id', 'session_date'])
    op.create_table(
        'register_incident',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('incident_date', sa.String(length=10), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('summary', sa.String(length=1000), nullable=False),
        sa.Column('ofs_told', sa.Boolean(), nullable=False),
        sa.Column('ofs_told_on', sa.String(length=10), nullable=True),
        sa.Column('ofs_reference', sa.String(length=100), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        _year_fk('register_incident'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_incident')),
    )
    op.create_index('ix_register_incident_assessment_date', 'register_incident',
                    ['assessment_id', 'incident_date'])
    op.create_table(
        'register_evidence',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('provider_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('kind', sa.String(length=30), nullable=False),
        sa.Column('owner_role', sa.String(length=200), nullable=False),
        sa.Column('approved_by', sa.String(length=200), nullable=False),
        sa.Column('approved_on', sa.String(length=10), nullable=True),
        sa.Column('review_by', sa.String(length=10), nullable=False),
        sa.Column('link', sa.String(length=500), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['provider_id'], ['provider.id'],
                                name=op.f('fk_register_evidence_provider_id_provider'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_evidence')),
    )
    op.create_index('ix_register_evidence_provider_review', 'register_evidence', ['provider_id', 'review_by'])
    op.create_table(
        'evidence_citation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('question_key', sa.String(length=64), nullable=False),
        sa.Column('evidence_id', sa.Integer(), nullable=False),
        _year_fk('evidence_citation'),
        sa.ForeignKeyConstraint(['evidence_id'], ['register_evidence.id'],
                                name=op.f('fk_evidence_citation_evidence_id_register_evidence'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_citation')),
        sa.UniqueConstraint('assessment_id', 'question_key', 'evidence_id', name='uq_evidence_citation'),
    )
    op.create_index(op.f('ix_evidence_citation_assessment_id'), 'evidence_citation', ['assessment_id'])
    op.create_index(op.f('ix_evidence_citation_evidence_id'), 'evidence_citation', ['evidence_id'])
    op.create_table(
        'register_purge',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('cutoff_month', sa.String(length=7), nullable=False),
        sa.Column('removed', sa.Integer(), nullable=False),
        sa.Column('counts', sa.JSON(), nullable=False),
        _year_fk('register_purge'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_register_purge')),
    )
    op.create_index(op.f('ix_register_purge_assessment_id'), 'register_purge', ['assessment_id'])
    db_locks.install(op.execute, dialect)  # includes the registers' locks now their tables exist


def downgrade():
    dialect = op.get_bind().dialect.name
    db_locks.drop_registers(op.execute, dialect)
    db_locks.drop(op.execute, dialect)
    for table in ('register_purge', 'evidence_citation', 'register_evidence', 'register_incident',
                  'register_training', 'register_concern', 'register_event'):
        op.drop_table(table)
    with op.batch_alter_table('assessment', schema=None) as batch_op:
        batch_op.drop_column('data_return_overrides')
        batch_op.drop_column('data_return_sources')
    db_locks.install(op.execute, dialect)
