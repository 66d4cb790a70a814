"""stats: co-built resources, R&D projects, research outputs, demand reports

Revision ID: b1817cffb6e5
Revises: 7ba104d05957
Create Date: 2026-11-28 22:32:36.157403

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b1817cffb6e5'
down_revision = '7ba104d05957'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.create_table('demand_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('published_date', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_demand_report_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_report'))
    )
    with op.batch_alter_table('demand_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demand_report_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('research_output',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_research_output_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_output')),
    sa.UniqueConstraint('consortium_id', 'title', 'kind', name=op.f('uq_research_output_consortium_id_title_kind'))
    )
    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_research_output_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('established_date', sa.Date(), nullable=False),
    sa.Column('closed_date', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('closed_date IS NULL OR closed_date >= established_date', name=op.f('ck_resource_closed_after_established')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_resource_consortium_id_consortium'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
    sa.UniqueConstraint('consortium_id', 'name', 'kind', name=op.f('uq_resource_consortium_id_name_kind'))
    )
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('output_member',
    sa.Column('output_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_output_member_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['output_id'], ['research_output.id'], name=op.f('fk_output_member_output_id_research_output'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('output_id', 'member_id', name=op.f('pk_output_member'))
    )
    op.create_table('rd_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=True),
    sa.Column('enterprise_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('completed_date', sa.Date(), nullable=True),
    sa.Column('converted', sa.Boolean(), nullable=False),
    sa.Column('funds_received', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('funds_year', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('funds_received IS NULL OR funds_received >= 0', name=op.f('ck_rd_project_funds_nonneg')),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_rd_project_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['enterprise_id'], ['member.id'], name=op.f('fk_rd_project_enterprise_id_member'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['school_id'], ['member.id'], name=op.f('fk_rd_project_school_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rd_project')),
    sa.UniqueConstraint('consortium_id', 'code', name=op.f('uq_rd_project_consortium_id_code'))
    )
    with op.batch_alter_table('rd_project', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rd_project_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('resource_partner',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_resource_partner_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['resource.id'], name=op.f('fk_resource_partner_resource_id_resource'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('resource_id', 'member_id', name=op.f('pk_resource_partner'))
    )



def downgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.drop_table('resource_partner')
    with op.batch_alter_table('rd_project', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rd_project_consortium_id'))

    op.drop_table('rd_project')
    op.drop_table('output_member')
    with op.batch_alter_table('resource', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_resource_consortium_id'))

    op.drop_table('resource')
    with op.batch_alter_table('research_output', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_research_output_consortium_id'))

    op.drop_table('research_output')
    with op.batch_alter_table('demand_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_demand_report_consortium_id'))

    op.drop_table('demand_report')

