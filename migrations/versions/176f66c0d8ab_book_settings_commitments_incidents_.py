"""Book: settings (base and committed years, recommending unit), commitments, incident register,
clean-record declaration; external partners of co-built resources and research outputs (kept by name).

Revision ID: 176f66c0d8ab
Revises: b1817cffb6e5
Create Date: 2026-12-02 01:46:37.199248

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '176f66c0d8ab'
down_revision = 'b1817cffb6e5'
branch_labels = None
depends_on = None


def upgrade():
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

    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_partners', sa.Text(), nullable=True))

    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.add_column(sa.Column('external_partners', sa.Text(), nullable=True))



def downgrade():
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_column('external_partners')

    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.drop_column('external_partners')

    with op.batch_alter_table('book_incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_incident_consortium_id'))

    op.drop_table('book_incident')
    with op.batch_alter_table('book_declaration', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_book_declaration_consortium_id'))

    op.drop_table('book_declaration')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_consortium_id'))

    op.drop_table('commitment')
    op.drop_table('book_settings')
