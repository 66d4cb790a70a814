"""people and jobs: students, teachers, positions, applications, placements, programmes, notifications

Revision ID: 8adb00f953b1
Revises: f5b57bcbcb61
Create Date: 2026-11-28 22:08:22.505323

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8adb00f953b1'
down_revision = 'f5b57bcbcb61'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.create_table('position',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('majors', sa.JSON(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('slots', sa.Integer(), nullable=False),
    sa.Column('filled', sa.Integer(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_position_end_after_start')),
    sa.CheckConstraint('filled >= 0 AND filled <= slots', name=op.f('ck_position_filled_within_slots')),
    sa.CheckConstraint('slots >= 0', name=op.f('ck_position_slots_nonneg')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_position_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_position_enterprise_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_position')),
    sa.UniqueConstraint('consortium_id', 'code', name=op.f('uq_position_consortium_id_code'))
    )
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_position_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_position_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_programme_end_after_start')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_programme_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_programme_enterprise_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_programme_school_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programme')),
    sa.UniqueConstraint('consortium_id', 'name', name=op.f('uq_programme_consortium_id_name'))
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('student_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('id_number', sa.String(length=18), nullable=True),
    sa.Column('gender', sa.String(length=10), nullable=True),
    sa.Column('phone', sa.String(length=20), nullable=True),
    sa.Column('major', sa.String(length=100), nullable=False),
    sa.Column('major_code', sa.String(length=12), nullable=True),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('enrol_year', sa.Integer(), nullable=True),
    sa.Column('graduation_year', sa.Integer(), nullable=True),
    sa.Column('pathway', sa.String(length=30), nullable=False),
    sa.Column('admission_route', sa.String(length=30), nullable=False),
    sa.Column('outcome', sa.String(length=30), nullable=True),
    sa.Column('outcome_city', sa.String(length=50), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('graduation_year IS NULL OR enrol_year IS NULL OR graduation_year >= enrol_year', name=op.f('ck_student_graduation_after_enrol')),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_student_school_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student')),
    sa.UniqueConstraint('school_id', 'student_no', name=op.f('uq_student_school_id_student_no'))
    )
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_school_id'), ['school_id'], unique=False)

    op.create_table('teacher',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('staff_no', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('dual_qualified', sa.Boolean(), nullable=False),
    sa.Column('dual_evidence', sa.String(length=500), nullable=True),
    sa.Column('post', sa.String(length=20), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('serves_school_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['member.id'], name=op.f('fk_teacher_employer_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['serves_school_id'], ['member.id'], name=op.f('fk_teacher_serves_school_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher')),
    sa.UniqueConstraint('employer_id', 'staff_no', name=op.f('uq_teacher_employer_id_staff_no'))
    )
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_employer_id'), ['employer_id'], unique=False)

    op.create_table('programme_student',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name=op.f('fk_programme_student_programme_id_programme'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_programme_student_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'student_id', name=op.f('pk_programme_student'))
    )
    op.create_table('application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('(student_id IS NULL) <> (teacher_id IS NULL)', name=op.f('ck_application_one_candidate')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_application_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_application_position_id_position'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_application_student_id_student'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_application_teacher_id_teacher'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application')),
    sa.UniqueConstraint('position_id', 'student_id', name=op.f('uq_application_position_id_student_id')),
    sa.UniqueConstraint('position_id', 'teacher_id', name=op.f('uq_application_position_id_teacher_id'))
    )
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_position_id'), ['position_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_notification_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_user_id'), ['user_id'], unique=False)

    op.create_table('placement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=True),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('match_round', sa.Integer(), nullable=True),
    sa.Column('match_score', sa.Numeric(precision=5, scale=1), nullable=True),
    sa.Column('match_reasons', sa.JSON(), nullable=True),
    sa.Column('agreement_signed_date', sa.Date(), nullable=True),
    sa.Column('agreement_file', sa.String(length=100), nullable=True),
    sa.Column('insurer', sa.String(length=100), nullable=True),
    sa.Column('policy_no', sa.String(length=60), nullable=True),
    sa.Column('insurance_start', sa.Date(), nullable=True),
    sa.Column('insurance_end', sa.Date(), nullable=True),
    sa.Column('compliance_override', sa.Boolean(), nullable=False),
    sa.Column('override_reason', sa.String(length=500), nullable=True),
    sa.Column('override_by_id', sa.Integer(), nullable=True),
    sa.Column('override_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(student_id IS NULL) <> (teacher_id IS NULL)', name=op.f('ck_placement_one_candidate')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_placement_end_after_start')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_placement_application_id_application'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['override_by_id'], ['user.id'], name=op.f('fk_placement_override_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_placement_position_id_position'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_placement_student_id_student'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_placement_teacher_id_teacher'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placement')),
    sa.UniqueConstraint('position_id', 'student_id', name=op.f('uq_placement_position_id_student_id')),
    sa.UniqueConstraint('position_id', 'teacher_id', name=op.f('uq_placement_position_id_teacher_id'))
    )
    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_position_id'), ['position_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placement_teacher_id'), ['teacher_id'], unique=False)

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('student_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('teacher_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_user_student_id'), ['student_id'])
        batch_op.create_unique_constraint(batch_op.f('uq_user_teacher_id'), ['teacher_id'])
        batch_op.create_foreign_key(batch_op.f('fk_user_student_id_student'), 'student', ['student_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_user_teacher_id_teacher'), 'teacher', ['teacher_id'], ['id'], ondelete='SET NULL')




def downgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_user_teacher_id_teacher'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_user_student_id_student'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_user_teacher_id'), type_='unique')
        batch_op.drop_constraint(batch_op.f('uq_user_student_id'), type_='unique')
        batch_op.drop_column('teacher_id')
        batch_op.drop_column('student_id')

    with op.batch_alter_table('placement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_placement_student_id'))
        batch_op.drop_index(batch_op.f('ix_placement_position_id'))

    op.drop_table('placement')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_user_id'))

    op.drop_table('notification')
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_application_student_id'))
        batch_op.drop_index(batch_op.f('ix_application_position_id'))

    op.drop_table('application')
    op.drop_table('programme_student')
    with op.batch_alter_table('teacher', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_employer_id'))

    op.drop_table('teacher')
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_school_id'))

    op.drop_table('student')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_consortium_id'))

    op.drop_table('programme')
    with op.batch_alter_table('position', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_position_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_position_consortium_id'))

    op.drop_table('position')

