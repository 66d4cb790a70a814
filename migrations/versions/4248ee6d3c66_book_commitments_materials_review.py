"""Book: settings (base and committed years, recommending unit), commitments, incident register, clean-record
declaration, supporting materials, annex-1 self-assessment, governance records (board, meetings, charter versions,
coordination tasks, incentive policies), recommending units, submissions and review events; external partners of
co-built resources and research outputs (kept by name).

Revision ID: 4248ee6d3c66
Revises: b1817cffb6e5
Create Date: 2026-12-02 02:14:01.693248

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4248ee6d3c66'
down_revision = 'b1817cffb6e5'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('book_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('point', sa.String(length=5), nullable=False),
    sa.Column('rating', sa.String(length=1), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_assessment_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_assessment')),
    sa.UniqueConstraint('consortium_id', 'point', name=op.f('uq_book_assessment_consortium_id_point'))
    )
    with op.batch_alter_table('book_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_assessment_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_board_meeting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('attendees', sa.Text(), nullable=False),
    sa.Column('resolutions', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_board_meeting_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_board_meeting'))
    )
    with op.batch_alter_table('book_board_meeting', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_board_meeting_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_board_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('organization', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=30), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_board_member_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_board_member'))
    )
    with op.batch_alter_table('book_board_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_board_member_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_charter_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('adopted_on', sa.Date(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_charter_version_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_charter_version')),
    sa.UniqueConstraint('consortium_id', 'title', 'version', name=op.f('uq_book_charter_version_consortium_id_title_version'))
    )
    with op.batch_alter_table('book_charter_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_charter_version_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_coordination_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=100), nullable=False),
    sa.Column('duty', sa.String(length=300), nullable=False),
    sa.Column('task', sa.String(length=300), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_coordination_task_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_coordination_task'))
    )
    with op.batch_alter_table('book_coordination_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_coordination_task_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_incentive_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('issuer', sa.String(length=200), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('implemented', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_incentive_policy_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_incentive_policy'))
    )
    with op.batch_alter_table('book_incentive_policy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_incentive_policy_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('base_year', sa.Integer(), nullable=False),
    sa.Column('first_committed_year', sa.Integer(), nullable=False),
    sa.Column('last_committed_year', sa.Integer(), nullable=False),
    sa.Column('recommending_unit', sa.String(length=200), nullable=True),
    sa.Column('filler_name', sa.String(length=50), nullable=True),
    sa.Column('filler_contact', sa.String(length=100), nullable=True),
    sa.CheckConstraint('first_committed_year > base_year', name=op.f('ck_book_settings_committed_after_base')),
    sa.CheckConstraint('last_committed_year >= first_committed_year', name=op.f('ck_book_settings_committed_span')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_settings_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_settings')),
    sa.UniqueConstraint('consortium_id', name=op.f('uq_book_settings_consortium_id'))
    )
    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('value', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('value >= 0', name=op.f('ck_commitment_value_nonneg')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_commitment_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment')),
    sa.UniqueConstraint('consortium_id', 'year', 'key', name=op.f('uq_commitment_consortium_id_year_key'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_bureau',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('city', sa.String(length=50), nullable=False),
    sa.Column('unit_name', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_book_bureau_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_bureau')),
    sa.UniqueConstraint('user_id', name=op.f('uq_book_bureau_user_id'))
    )
    op.create_table('book_declaration',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('signed_by', sa.String(length=50), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_declaration_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_book_declaration_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_declaration'))
    )
    with op.batch_alter_table('book_declaration', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_declaration_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=20), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('serious', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_incident_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_book_incident_recorded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_incident'))
    )
    with op.batch_alter_table('book_incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_incident_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('ext', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_key', sa.String(length=80), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_material_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_book_material_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_material')),
    sa.UniqueConstraint('consortium_id', 'number', name=op.f('uq_book_material_consortium_id_number')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_book_material_stored_name'))
    )
    with op.batch_alter_table('book_material', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_material_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('snapshot', sa.Text(), nullable=False),
    sa.Column('docx', sa.LargeBinary(), nullable=False),
    sa.Column('opinion', sa.Text(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_book_submission_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_book_submission_submitted_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_submission')),
    sa.UniqueConstraint('consortium_id', 'version', name=op.f('uq_book_submission_consortium_id_version'))
    )
    with op.batch_alter_table('book_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_submission_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('book_review_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_book_review_event_actor_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['book_submission.id'], name=op.f('fk_book_review_event_submission_id_book_submission'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_book_review_event'))
    )
    with op.batch_alter_table('book_review_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_book_review_event_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_partners', sa.Text(), nullable=True))

    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_partners', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_column('external_partners')

    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.drop_column('external_partners')

    with op.batch_alter_table('book_review_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_review_event_submission_id'))

    op.drop_table('book_review_event')
    with op.batch_alter_table('book_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_submission_consortium_id'))

    op.drop_table('book_submission')
    with op.batch_alter_table('book_material', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_material_consortium_id'))

    op.drop_table('book_material')
    with op.batch_alter_table('book_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_incident_consortium_id'))

    op.drop_table('book_incident')
    with op.batch_alter_table('book_declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_declaration_consortium_id'))

    op.drop_table('book_declaration')
    op.drop_table('book_bureau')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_consortium_id'))

    op.drop_table('commitment')
    op.drop_table('book_settings')
    with op.batch_alter_table('book_incentive_policy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_incentive_policy_consortium_id'))

    op.drop_table('book_incentive_policy')
    with op.batch_alter_table('book_coordination_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_coordination_task_consortium_id'))

    op.drop_table('book_coordination_task')
    with op.batch_alter_table('book_charter_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_charter_version_consortium_id'))

    op.drop_table('book_charter_version')
    with op.batch_alter_table('book_board_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_board_member_consortium_id'))

    op.drop_table('book_board_member')
    with op.batch_alter_table('book_board_meeting', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_board_meeting_consortium_id'))

    op.drop_table('book_board_meeting')
    with op.batch_alter_table('book_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_assessment_consortium_id'))

    op.drop_table('book_assessment')
