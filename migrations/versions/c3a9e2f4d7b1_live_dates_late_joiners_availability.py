"""live dates: a position's late-joiner days, a student's availability (可实习时间)

Revision ID: c3a9e2f4d7b1
Revises: c3a9d2e41f07
Create Date: 2026-12-02 02:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3a9e2f4d7b1'
down_revision = 'c3a9d2e41f07'
branch_labels = None
depends_on = None


def upgrade():
    # Written by hand (batch mode for SQLite); existing positions take late joiners for 30 days.
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.add_column(sa.Column('late_join_days', sa.Integer(), server_default='30', nullable=False))
        batch_op.create_check_constraint('late_join_nonneg', 'late_join_days >= 0')
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('available_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('available_to', sa.Date(), nullable=True))
        batch_op.create_check_constraint(
            'available_in_order', 'available_to IS NULL OR available_from IS NULL OR available_to >= available_from')


def downgrade():
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_student_available_in_order'), type_='check')
        batch_op.drop_column('available_to')
        batch_op.drop_column('available_from')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_position_late_join_nonneg'), type_='check')
        batch_op.drop_column('late_join_days')
