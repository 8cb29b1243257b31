"""email notifications: the mail outbox and per-user opt-outs

Revision ID: 0011_notifications
Revises: 0009_scale_indexes
Create Date: 2026-11-30 20:35:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0011_notifications'
down_revision = '0009_scale_indexes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_outbox',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('to_address', sa.String(length=254), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('body', sa.String(length=8000), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_error', sa.String(length=500), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('dedupe_key', sa.String(length=200), nullable=True),
        sa.CheckConstraint("status IN ('queued', 'sent', 'failed')", name=op.f('ck_mail_outbox_status_known')),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_mail_outbox_user_id_user_account'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
        sa.UniqueConstraint('dedupe_key', name=op.f('uq_mail_outbox_dedupe_key')),
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_status_next', ['status', 'next_attempt_at'], unique=False)

    op.create_table(
        'notification_opt_out',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_notification_opt_out_user_id_user_account'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notification_opt_out')),
        sa.UniqueConstraint('user_id', 'kind', name='uq_notification_opt_out_user_kind'),
    )
    with op.batch_alter_table('notification_opt_out', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_opt_out_user_id'), ['user_id'], unique=False)


def downgrade():
    op.drop_table('notification_opt_out')
    op.drop_table('mail_outbox')
