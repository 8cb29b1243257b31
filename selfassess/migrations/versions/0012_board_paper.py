"""board paper: per-year report settings and narrative, and the risk register summary

Revision ID: 0012_board_paper
Revises: 0011_notifications
Create Date: 2026-11-30 21:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0012_board_paper'
down_revision = '0011_notifications'  # the brief said 0005; this branch already has 0007 (the lead re-chains)
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('meeting', sa.String(length=200), nullable=False),
        sa.Column('meeting_date', sa.String(length=10), nullable=True),
        sa.Column('route', sa.JSON(), nullable=False),
        sa.Column('author', sa.String(length=200), nullable=False),
        sa.Column('sponsor', sa.String(length=200), nullable=False),
        sa.Column('recommendation', sa.String(length=2000), nullable=False),
        sa.Column('confidentiality', sa.String(length=200), nullable=False),
        sa.Column('lead_summary', sa.String(length=5000), nullable=False),
        sa.Column('developments', sa.String(length=5000), nullable=False),
        sa.Column('themes', sa.String(length=5000), nullable=False),
        sa.Column('events_commentary', sa.String(length=5000), nullable=False),
        sa.Column('horizon', sa.String(length=5000), nullable=False),
        sa.Column('section_commentary', sa.JSON(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                                name=op.f('fk_report_settings_assessment_id_assessment'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_report_settings_updated_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_settings')),
        sa.UniqueConstraint('assessment_id', name=op.f('uq_report_settings_assessment_id')),
    )
    op.create_table(
        'risk_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('assessment_id', sa.Integer(), nullable=False),
        sa.Column('risk', sa.String(length=500), nullable=False),
        sa.Column('inherent_likelihood', sa.Integer(), nullable=False),
        sa.Column('inherent_impact', sa.Integer(), nullable=False),
        sa.Column('residual_likelihood', sa.Integer(), nullable=False),
        sa.Column('residual_impact', sa.Integer(), nullable=False),
        sa.Column('owner', sa.String(length=200), nullable=False),
        sa.Column('trend', sa.String(length=20), nullable=False),
        sa.Column('carried_forward', sa.Boolean(), server_default='0', nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.CheckConstraint('inherent_likelihood BETWEEN 1 AND 5 AND inherent_impact BETWEEN 1 AND 5 AND '
                           'residual_likelihood BETWEEN 1 AND 5 AND residual_impact BETWEEN 1 AND 5',
                           name=op.f('ck_risk_entry_ratings_1_to_5')),
        sa.ForeignKeyConstraint(['assessment_id'], ['assessment.id'],
                                name=op.f('fk_risk_entry_assessment_id_assessment'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'],
                                name=op.f('fk_risk_entry_updated_by_id_user_account'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_entry')),
    )
    with op.batch_alter_table('risk_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_entry_assessment_id'), ['assessment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('risk_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_risk_entry_assessment_id'))
    op.drop_table('risk_entry')
    op.drop_table('report_settings')
