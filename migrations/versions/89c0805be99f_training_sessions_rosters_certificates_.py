"""training: sessions, rosters, certificates, requests

Tables of consortium/training: training_request, training_session (unique code per consortium, one session
per request), training_roster_entry (masked ID numbers only) and training_certificate.

Revision ID: 89c0805be99f
Revises: 8adb00f953b1
Create Date: 2026-11-28 22:09:16.075943

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '89c0805be99f'
down_revision = '8adb00f953b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('training_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('enterprise_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=True),
    sa.Column('audience', sa.String(length=30), nullable=False),
    sa.Column('headcount', sa.Integer(), nullable=False),
    sa.Column('preferred_start', sa.Date(), nullable=True),
    sa.Column('preferred_end', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('headcount > 0', name=op.f('ck_training_request_headcount_positive')),
    sa.CheckConstraint('preferred_end IS NULL OR preferred_start IS NULL OR preferred_end >= preferred_start', name=op.f('ck_training_request_preferred_dates_ordered')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_training_request_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_training_request_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_training_request_enterprise_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['provider_id'], ['member.id'], name=op.f('fk_training_request_provider_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_request'))
    )
    with op.batch_alter_table('training_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_request_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_request_enterprise_id'), ['enterprise_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_request_provider_id'), ['provider_id'], unique=False)

    op.create_table('training_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('audience', sa.String(length=30), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=True),
    sa.Column('provider_name', sa.String(length=200), nullable=True),
    sa.Column('host_id', sa.Integer(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('days', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('hours', sa.Numeric(precision=7, scale=1), nullable=True),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('plan_year', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('days IS NULL OR days > 0', name=op.f('ck_training_session_days_positive')),
    sa.CheckConstraint('end_date >= start_date', name=op.f('ck_training_session_dates_ordered')),
    sa.CheckConstraint('hours IS NULL OR hours >= 0', name=op.f('ck_training_session_hours_nonneg')),
    sa.CheckConstraint('participants IS NULL OR participants >= 0', name=op.f('ck_training_session_participants_nonneg')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_training_session_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['host_id'], ['member.id'], name=op.f('fk_training_session_host_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['provider_id'], ['member.id'], name=op.f('fk_training_session_provider_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['request_id'], ['training_request.id'], name=op.f('fk_training_session_request_id_training_request'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_session')),
    sa.UniqueConstraint('consortium_id', 'code', name=op.f('uq_training_session_consortium_id_code')),
    sa.UniqueConstraint('request_id', name=op.f('uq_training_session_request_id'))
    )
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_session_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_host_id'), ['host_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_plan_year'), ['plan_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_session_provider_id'), ['provider_id'], unique=False)

    op.create_table('training_certificate',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('certificate_no', sa.String(length=50), nullable=False),
    sa.Column('holder_name', sa.String(length=100), nullable=False),
    sa.Column('holder_id_number', sa.String(length=18), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('issued_date', sa.Date(), nullable=False),
    sa.Column('issuer_id', sa.Integer(), nullable=True),
    sa.Column('issuer_name', sa.String(length=200), nullable=True),
    sa.Column('session_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_training_certificate_level_range')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_training_certificate_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['issuer_id'], ['member.id'], name=op.f('fk_training_certificate_issuer_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_certificate_session_id_training_session'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_certificate')),
    sa.UniqueConstraint('consortium_id', 'certificate_no', name=op.f('uq_training_certificate_consortium_id_certificate_no'))
    )
    with op.batch_alter_table('training_certificate', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_certificate_consortium_id'), ['consortium_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_certificate_issuer_id'), ['issuer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_certificate_session_id'), ['session_id'], unique=False)

    op.create_table('training_roster_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('id_number_masked', sa.String(length=18), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['member.id'], name=op.f('fk_training_roster_entry_employer_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['training_session.id'], name=op.f('fk_training_roster_entry_session_id_training_session'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_roster_entry'))
    )
    with op.batch_alter_table('training_roster_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_roster_entry_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_training_roster_entry_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('training_roster_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_roster_entry_session_id'))
        batch_op.drop_index(batch_op.f('ix_training_roster_entry_employer_id'))

    op.drop_table('training_roster_entry')
    with op.batch_alter_table('training_certificate', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_certificate_session_id'))
        batch_op.drop_index(batch_op.f('ix_training_certificate_issuer_id'))
        batch_op.drop_index(batch_op.f('ix_training_certificate_consortium_id'))

    op.drop_table('training_certificate')
    with op.batch_alter_table('training_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_session_provider_id'))
        batch_op.drop_index(batch_op.f('ix_training_session_plan_year'))
        batch_op.drop_index(batch_op.f('ix_training_session_host_id'))
        batch_op.drop_index(batch_op.f('ix_training_session_consortium_id'))

    op.drop_table('training_session')
    with op.batch_alter_table('training_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_request_provider_id'))
        batch_op.drop_index(batch_op.f('ix_training_request_enterprise_id'))
        batch_op.drop_index(batch_op.f('ix_training_request_consortium_id'))

    op.drop_table('training_request')
