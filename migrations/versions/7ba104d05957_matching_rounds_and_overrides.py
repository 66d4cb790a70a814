"""matching: rounds and overrides

Revision ID: 7ba104d05957
Revises: efbe28054f60
Create Date: 2026-11-28 22:27:39.923056

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7ba104d05957'
down_revision = 'efbe28054f60'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    op.create_table('match_round',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('consortium_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=True),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('proposals_created', sa.Integer(), nullable=False),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'], name=op.f('fk_match_round_consortium_id_consortium'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_match_round_created_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_round')),
    sa.UniqueConstraint('consortium_id', 'number', name=op.f('uq_match_round_consortium_id_number'))
    )
    with op.batch_alter_table('match_round', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_round_consortium_id'), ['consortium_id'], unique=False)

    op.create_table('match_override',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_match_override_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['placement_id'], ['placement.id'], name=op.f('fk_match_override_placement_id_placement'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['match_round.id'], name=op.f('fk_match_override_round_id_match_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_override'))
    )
    with op.batch_alter_table('match_override', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_override_round_id'), ['round_id'], unique=False)




def downgrade():
    # Reviewed by hand against the models (batch mode for SQLite).
    with op.batch_alter_table('match_override', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_override_round_id'))

    op.drop_table('match_override')
    with op.batch_alter_table('match_round', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_match_round_consortium_id'))

    op.drop_table('match_round')

