"""supply: demand forecasts, mapping corrections, major adjustments, talent reports and versions, events

Revision ID: 9bbde7499af6
Revises: 4248ee6d3c66
Create Date: 2026-12-02 01:45:29.674347

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9bbde7499af6'
down_revision = '4248ee6d3c66'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand: new tables of the supply package, member.industry_code, student.outcome_employer_id.
    op.create_table('talent_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_talent_report_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_report')),
    sa.UniqueConstraint('consortium_id', 'year', name=op.f('uq_talent_report_consortium_id_year'))
    )
    with op.batch_alter_table('talent_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_report_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('demand_forecast',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('occupation', sa.String(length=100), nullable=False),
    sa.Column('occupation_code', sa.String(length=20), nullable=True),
    sa.Column('occupation_input', sa.String(length=100), nullable=True),
    sa.Column('level', sa.String(length=30), nullable=False),
    sa.Column('majors', sa.JSON(), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('skills', sa.JSON(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=True),
    sa.Column('declared_date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('headcount > 0', name=op.f('ck_demand_forecast_headcount_positive')),
    sa.CheckConstraint('month IS NULL OR (month >= 1 AND month <= 12)', name=op.f('ck_demand_forecast_month_in_year')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_demand_forecast_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_demand_forecast_enterprise_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_forecast')),
    sa.UniqueConstraint('enterprise_id', 'year', 'occupation', 'level', name=op.f('uq_demand_forecast_enterprise_id_year_occupation_level'))
    )
    with op.batch_alter_table('demand_forecast', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demand_forecast_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demand_forecast_enterprise_id'), ['enterprise_id'], unique=False)

    op.create_table('major_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('major', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=10), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('cited', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_major_adjustment_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_major_adjustment_school_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_major_adjustment')),
    sa.UniqueConstraint('school_id', 'year', 'major', 'action', name=op.f('uq_major_adjustment_school_id_year_major_action'))
    )
    with op.batch_alter_table('major_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_major_adjustment_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_major_adjustment_school_id'), ['school_id'], unique=False)

    op.create_table('matchmaking_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('organizer_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('positions_offered', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_matchmaking_event_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organizer_id'], ['member.id'], name=op.f('fk_matchmaking_event_organizer_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matchmaking_event')),
    sa.UniqueConstraint('consortium_id', 'title', 'date', name=op.f('uq_matchmaking_event_consortium_id_title_date'))
    )
    with op.batch_alter_table('matchmaking_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matchmaking_event_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('event_attendee',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('checked_in_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_event_attendee_event_id_matchmaking_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_event_attendee_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_attendee')),
    sa.UniqueConstraint('event_id', 'student_id', name=op.f('uq_event_attendee_event_id_student_id'))
    )
    with op.batch_alter_table('event_attendee', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_attendee_event_id'), ['event_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_attendee_student_id'), ['student_id'], unique=False)

    op.create_table('event_enterprise',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_event_enterprise_event_id_matchmaking_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_event_enterprise_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'member_id', name=op.f('pk_event_enterprise'))
    )
    op.create_table('event_offer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_event_offer_enterprise_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_event_offer_event_id_matchmaking_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_event_offer_position_id_position'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_event_offer_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_offer')),
    sa.UniqueConstraint('event_id', 'enterprise_id', 'student_id', name=op.f('uq_event_offer_event_id_enterprise_id_student_id'))
    )
    with op.batch_alter_table('event_offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_offer_event_id'), ['event_id'], unique=False)

    op.create_table('event_position',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_event_position_event_id_matchmaking_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['position.id'], name=op.f('fk_event_position_position_id_position'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('event_id', 'position_id', name=op.f('pk_event_position'))
    )
    op.create_table('mapping_correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('class_name', sa.String(length=50), nullable=True),
    sa.Column('section', sa.String(length=1), nullable=True),
    sa.Column('division', sa.String(length=2), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_mapping_correction_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_mapping_correction_updated_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mapping_correction')),
    sa.UniqueConstraint('consortium_id', 'kind', 'key', name=op.f('uq_mapping_correction_consortium_id_kind_key'))
    )
    with op.batch_alter_table('mapping_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mapping_correction_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('talent_report_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('narrative', sa.Text(), nullable=False),
    sa.Column('published_date', sa.Date(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_talent_report_version_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['talent_report.id'], name=op.f('fk_talent_report_version_report_id_talent_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_report_version')),
    sa.UniqueConstraint('report_id', 'number', name=op.f('uq_talent_report_version_report_id_number'))
    )
    with op.batch_alter_table('talent_report_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_report_version_report_id'), ['report_id'], unique=False)

    op.create_table('placement_event',
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['matchmaking_event.id'], name=op.f('fk_placement_event_event_id_matchmaking_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_placement_event_placement_id_placement'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('placement_id', name=op.f('pk_placement_event'))
    )
    with op.batch_alter_table('placement_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_placement_event_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.add_column(sa.Column('industry_code', sa.String(length=5), nullable=True))

    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.add_column(sa.Column('outcome_employer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_student_outcome_employer_id_member'), 'member', ['outcome_employer_id'], ['id'], ondelete='SET NULL')




def downgrade():
    # Reviewed by hand: new tables of the supply package, member.industry_code, student.outcome_employer_id.
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_student_outcome_employer_id_member'), type_='foreignkey')
        batch_op.drop_column('outcome_employer_id')

    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_column('industry_code')

    with op.batch_alter_table('placement_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placement_event_event_id'))

    op.drop_table('placement_event')
    with op.batch_alter_table('talent_report_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_report_version_report_id'))

    op.drop_table('talent_report_version')
    with op.batch_alter_table('mapping_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mapping_correction_consortium_id'))

    op.drop_table('mapping_correction')
    op.drop_table('event_position')
    with op.batch_alter_table('event_offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_offer_event_id'))

    op.drop_table('event_offer')
    op.drop_table('event_enterprise')
    with op.batch_alter_table('event_attendee', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_attendee_student_id'))
        batch_op.drop_index(batch_op.f('ix_event_attendee_event_id'))

    op.drop_table('event_attendee')
    with op.batch_alter_table('matchmaking_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matchmaking_event_consortium_id'))

    op.drop_table('matchmaking_event')
    with op.batch_alter_table('major_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_major_adjustment_school_id'))
        batch_op.drop_index(batch_op.f('ix_major_adjustment_consortium_id'))

    op.drop_table('major_adjustment')
    with op.batch_alter_table('demand_forecast', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_forecast_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_demand_forecast_consortium_id'))

    op.drop_table('demand_forecast')
    with op.batch_alter_table('talent_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_talent_report_consortium_id'))

    op.drop_table('talent_report')

