"""province scale: indexes of the list, filter and dashboard queries

Revision ID: e18a4c7b9d20
Revises: e7c41b9a2d5f
Create Date: 2026-12-02 06:50:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e18a4c7b9d20'
down_revision = 'e7c41b9a2d5f'
branch_labels = None
depends_on = None

# (index name, table, columns): the same as the models' __table_args__ / index=True.
INDEXES = (
    ('ix_position_consortium_start', 'position', ['consortium_id', 'start_date']),
    ('ix_position_consortium_status_start', 'position', ['consortium_id', 'status', 'start_date']),
    ('ix_placement_start_date', 'placement', ['start_date']),
    ('ix_student_school_graduation', 'student', ['school_id', 'graduation_year']),
    ('ix_member_consortium_type_name', 'member', ['consortium_id', 'type', 'name']),
    ('ix_audit_event_consortium_at', 'audit_event', ['consortium_id', 'at']),
    ('ix_user_consortium_id', 'user', ['consortium_id']),
    ('ix_training_session_consortium_start', 'training_session', ['consortium_id', 'start_date']),
    ('ix_training_certificate_consortium_issued', 'training_certificate', ['consortium_id', 'issued_date']),
    ('ix_engagement_consortium_start', 'engagement', ['consortium_id', 'start_date']),
)


def upgrade():
    # Indexes only: no table is rebuilt, so no batch mode is needed on SQLite.
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade():
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
