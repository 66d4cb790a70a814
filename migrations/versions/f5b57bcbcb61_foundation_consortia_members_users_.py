"""foundation: consortia, members, users, tokens, jobs

Revision ID: f5b57bcbcb61
Revises: 
Create Date: 2026-11-28 21:59:59.454672

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5b57bcbcb61'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.create_table('consortium',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=False),
    sa.Column('established_date', sa.Date(), nullable=True),
    sa.Column('park_name', sa.String(length=200), nullable=True),
    sa.Column('leading_industries', sa.String(length=500), nullable=True),
    sa.Column('leader_name', sa.String(length=50), nullable=True),
    sa.Column('leader_title', sa.String(length=100), nullable=True),
    sa.Column('leader_contact', sa.String(length=100), nullable=True),
    sa.Column('secretariat_host', sa.String(length=200), nullable=True),
    sa.Column('secretariat_head', sa.String(length=50), nullable=True),
    sa.Column('office_area', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('secretariat_phone', sa.String(length=50), nullable=True),
    sa.Column('staff_total', sa.Integer(), nullable=True),
    sa.Column('staff_full_time', sa.Integer(), nullable=True),
    sa.Column('staff_part_time', sa.Integer(), nullable=True),
    sa.Column('staff_names', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('staff_total IS NULL OR staff_total >= 0', name=op.f('ck_consortium_staff_total_nonneg')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortium')),
    sa.UniqueConstraint('name', name=op.f('uq_consortium_name'))
    )
    op.create_table('consortium_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('planned_funds', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('source_lead_unit', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('source_government', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('source_other_members', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('source_other', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('park_output_value', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_consortium_year_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consortium_year')),
    sa.UniqueConstraint('consortium_id', 'year', name=op.f('uq_consortium_year_consortium_id_year'))
    )
    op.create_table('member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=True),
    sa.Column('students', sa.Integer(), nullable=True),
    sa.Column('sector', sa.String(length=20), nullable=True),
    sa.Column('joined_date', sa.Date(), nullable=False),
    sa.Column('left_date', sa.Date(), nullable=True),
    sa.Column('contact_name', sa.String(length=50), nullable=True),
    sa.Column('contact_phone', sa.String(length=50), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('left_date IS NULL OR left_date >= joined_date', name=op.f('ck_member_left_after_joined')),
    sa.CheckConstraint('students IS NULL OR students >= 0', name=op.f('ck_member_students_nonneg')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_member_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_member')),
    sa.UniqueConstraint('consortium_id', 'name', name=op.f('uq_member_consortium_id_name'))
    )
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_member_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('narrative',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_narrative_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_narrative')),
    sa.UniqueConstraint('consortium_id', 'year', 'key', name=op.f('uq_narrative_consortium_id_year_key'))
    )
    op.create_table('enterprise_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('employees', sa.Integer(), nullable=True),
    sa.Column('assets', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('sales', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('main_revenue', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('coop_benefit', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.CheckConstraint('employees IS NULL OR employees >= 0', name=op.f('ck_enterprise_year_employees_nonneg')),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_enterprise_year_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enterprise_year')),
    sa.UniqueConstraint('member_id', 'year', name=op.f('uq_enterprise_year_member_id_year'))
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=True),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_user_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_user_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('username', name=op.f('uq_user_username'))
    )
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_member_id'), ['member_id'], unique=False)

    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_api_token_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)

    op.create_table('job_run',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('message', sa.String(length=500), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('consortium_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_job_run_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_job_run_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_run'))
    )



def downgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.drop_table('job_run')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))

    op.drop_table('api_token')
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_member_id'))

    op.drop_table('user')
    op.drop_table('enterprise_year')
    op.drop_table('narrative')
    with op.batch_alter_table('member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_member_consortium_id'))

    op.drop_table('member')
    op.drop_table('consortium_year')
    op.drop_table('consortium')

