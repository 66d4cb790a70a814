"""Supervision: supervisors, mentors, work sites, logs and their history, check-ins, absences, rubrics, evaluations, incidents, messages; training attendance by day.

Revision ID: d5488f774ef6
Revises: 9bbde7499af6
Create Date: 2026-12-02 01:45:10.981787

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5488f774ef6'
down_revision = '9bbde7499af6'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand: new tables only, nothing existing changes.
    op.create_table('training_roster_day',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roster_entry_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['roster_entry_id'], ['training_roster_entry.id'], name=op.f('fk_training_roster_day_roster_entry_id_training_roster_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_roster_day')),
    sa.UniqueConstraint('roster_entry_id', 'day', name=op.f('uq_training_roster_day_roster_entry_id_day'))
    )
    with op.batch_alter_table('training_roster_day', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_roster_day_roster_entry_id'), ['roster_entry_id'], unique=False)

    op.create_table('evaluation_rubric',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_evaluation_rubric_school_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_rubric')),
    sa.UniqueConstraint('school_id', name=op.f('uq_evaluation_rubric_school_id'))
    )
    op.create_table('work_site',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('lat', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('lng', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('radius_m', sa.Integer(), nullable=False),
    sa.CheckConstraint('radius_m > 0', name=op.f('ck_work_site_radius_positive')),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_work_site_position_id_position'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_site')),
    sa.UniqueConstraint('position_id', name=op.f('uq_work_site_position_id'))
    )
    op.create_table('absence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=15), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_absence_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_absence_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_absence')),
    sa.UniqueConstraint('placement_id', 'day', name=op.f('uq_absence_placement_id_day'))
    )
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_absence_placement_id'), ['placement_id'], unique=False)

    op.create_table('checkin',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=3), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('lat', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('lng', sa.Numeric(precision=9, scale=6), nullable=True),
    sa.Column('distance_m', sa.Integer(), nullable=True),
    sa.Column('device', sa.String(length=64), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("kind IN ('in', 'out')", name=op.f('ck_checkin_checkin_kind')),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_checkin_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_checkin_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkin')),
    sa.UniqueConstraint('placement_id', 'day', 'kind', name=op.f('uq_checkin_placement_id_day_kind'))
    )
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checkin_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_device'), ['device'], unique=False)
        batch_op.create_index(batch_op.f('ix_checkin_placement_id'), ['placement_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('scores', sa.JSON(), nullable=True),
    sa.Column('score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('mentor', 'supervisor', 'self')", name=op.f('ck_evaluation_evaluation_kind')),
    sa.CheckConstraint('satisfaction IS NULL OR (satisfaction >= 1 AND satisfaction <= 5)', name=op.f('ck_evaluation_satisfaction_range')),
    sa.CheckConstraint('score IS NULL OR (score >= 0 AND score <= 100)', name=op.f('ck_evaluation_score_range')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_evaluation_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_evaluation_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('placement_id', 'kind', name=op.f('uq_evaluation_placement_id_kind'))
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_placement_id'), ['placement_id'], unique=False)

    op.create_table('incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('handling', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_incident_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['user.id'], name=op.f('fk_incident_reported_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_placement_id'), ['placement_id'], unique=False)

    op.create_table('log_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('mentor_comment', sa.String(length=1000), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('supervisor_comment', sa.String(length=1000), nullable=True),
    sa.Column('supervisor_commented_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('submitted', 'returned', 'approved')", name=op.f('ck_log_entry_log_status')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_log_entry_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['mentor_id'], ['user.id'], name=op.f('fk_log_entry_mentor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_log_entry_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_entry')),
    sa.UniqueConstraint('placement_id', 'cadence', 'period_start', name=op.f('uq_log_entry_placement_id_cadence_period_start'))
    )
    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_entry_placement_id'), ['placement_id'], unique=False)

    op.create_table('placement_mentor',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_placement_mentor_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_placement_mentor_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_mentor')),
    sa.UniqueConstraint('placement_id', 'user_id', name=op.f('uq_placement_mentor_placement_id_user_id'))
    )
    with op.batch_alter_table('placement_mentor', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_mentor_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_mentor_user_id'), ['user_id'], unique=False)

    op.create_table('placement_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_placement_message_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_placement_message_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement_message'))
    )
    with op.batch_alter_table('placement_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_message_placement_id'), ['placement_id'], unique=False)

    op.create_table('supervision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('supervisor_id', sa.Integer(), nullable=True),
    sa.Column('cadence', sa.String(length=10), nullable=False),
    sa.Column('evaluation_waived', sa.Boolean(), nullable=False),
    sa.Column('waiver_reason', sa.String(length=500), nullable=True),
    sa.Column('waiver_by_id', sa.Integer(), nullable=True),
    sa.Column('waiver_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_supervision_placement_id_placement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supervisor_id'], ['user.id'], name=op.f('fk_supervision_supervisor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['waiver_by_id'], ['user.id'], name=op.f('fk_supervision_waiver_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supervision')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_supervision_placement_id'))
    )
    with op.batch_alter_table('supervision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supervision_supervisor_id'), ['supervisor_id'], unique=False)

    op.create_table('log_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=60), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['log_id'], ['log_entry.id'], name=op.f('fk_log_attachment_log_id_log_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_attachment'))
    )
    with op.batch_alter_table('log_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_attachment_log_id'), ['log_id'], unique=False)

    op.create_table('log_revision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('log_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('note', sa.String(length=1000), nullable=True),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['by_id'], ['user.id'], name=op.f('fk_log_revision_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['log_id'], ['log_entry.id'], name=op.f('fk_log_revision_log_id_log_entry'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_log_revision'))
    )
    with op.batch_alter_table('log_revision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_log_revision_log_id'), ['log_id'], unique=False)




def downgrade():
    # Reviewed by hand: drops only the tables this revision made.
    with op.batch_alter_table('training_roster_day', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_roster_day_roster_entry_id'))

    op.drop_table('training_roster_day')
    with op.batch_alter_table('log_revision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_log_revision_log_id'))

    op.drop_table('log_revision')
    with op.batch_alter_table('log_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_log_attachment_log_id'))

    op.drop_table('log_attachment')
    with op.batch_alter_table('supervision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supervision_supervisor_id'))

    op.drop_table('supervision')
    with op.batch_alter_table('placement_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_message_placement_id'))

    op.drop_table('placement_message')
    with op.batch_alter_table('placement_mentor', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_mentor_user_id'))
        batch_op.drop_index(batch_op.f('ix_placement_mentor_placement_id'))

    op.drop_table('placement_mentor')
    with op.batch_alter_table('log_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_log_entry_placement_id'))

    op.drop_table('log_entry')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_placement_id'))

    op.drop_table('incident')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_placement_id'))

    op.drop_table('evaluation')
    with op.batch_alter_table('checkin', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checkin_placement_id'))
        batch_op.drop_index(batch_op.f('ix_checkin_device'))
        batch_op.drop_index(batch_op.f('ix_checkin_day'))

    op.drop_table('checkin')
    with op.batch_alter_table('absence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_absence_placement_id'))

    op.drop_table('absence')
    op.drop_table('work_site')
    op.drop_table('evaluation_rubric')

