"""security: session version and sign-in lockout on user

Revision ID: c3a9d2e41f07
Revises: b1817cffb6e5
Create Date: 2026-12-02 02:10:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a9d2e41f07'
down_revision = 'b1817cffb6e5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('session_version')
