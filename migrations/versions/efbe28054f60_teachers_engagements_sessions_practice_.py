"""teachers: engagements, sessions, 双师型 evidence, practice targets

Revision ID: efbe28054f60
Revises: 89c0805be99f
Create Date: 2026-11-28 22:11:38.757289

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'efbe28054f60'
down_revision = '89c0805be99f'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.create_table('practice_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('months_per_teacher', sa.Numeric(precision=4, scale=1), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('months_per_teacher >= 0', name=op.f('ck_practice_target_months_nonneg')),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_practice_target_school_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_target')),
    sa.UniqueConstraint('school_id', 'year', name=op.f('uq_practice_target_school_id_year'))
    )
    with op.batch_alter_table('practice_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_target_school_id'), ['school_id'], unique=False)

    op.create_table('teacher_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=True),
    sa.Column('issued_date', sa.Date(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_teacher_evidence_teacher_id_teacher'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_teacher_evidence'))
    )
    with op.batch_alter_table('teacher_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_teacher_evidence_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('engagement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('teacher_id', sa.Integer(), nullable=False),
    sa.Column('host_id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('class_hours', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('confirmed_by_host', sa.Boolean(), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('class_hours IS NULL OR class_hours >= 0', name=op.f('ck_engagement_class_hours_nonneg')),
    sa.CheckConstraint('end_date IS NULL OR end_date >= start_date', name=op.f('ck_engagement_end_after_start')),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['user.id'], name=op.f('fk_engagement_confirmed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_engagement_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_id'], ['member.id'], name=op.f('fk_engagement_host_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['teacher.id'], name=op.f('fk_engagement_teacher_id_teacher'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement')),
    sa.UniqueConstraint('teacher_id', 'host_id', 'start_date', name=op.f('uq_engagement_teacher_id_host_id_start_date'))
    )
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_teacher_id'), ['teacher_id'], unique=False)

    op.create_table('engagement_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('hours', sa.Numeric(precision=7, scale=1), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('hours > 0', name=op.f('ck_engagement_session_hours_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_engagement_session_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagement.id'], name=op.f('fk_engagement_session_engagement_id_engagement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_session'))
    )
    with op.batch_alter_table('engagement_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_session_engagement_id'), ['engagement_id'], unique=False)




def downgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    with op.batch_alter_table('engagement_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_session_engagement_id'))

    op.drop_table('engagement_session')
    with op.batch_alter_table('engagement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_host_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_consortium_id'))

    op.drop_table('engagement')
    with op.batch_alter_table('teacher_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_teacher_evidence_teacher_id'))

    op.drop_table('teacher_evidence')
    with op.batch_alter_table('practice_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_target_school_id'))

    op.drop_table('practice_target')

