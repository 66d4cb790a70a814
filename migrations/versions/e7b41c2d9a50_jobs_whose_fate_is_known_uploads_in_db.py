"""jobs whose fate is known (start time, timeout, failure hook) and uploads kept in the database

Revision ID: e7b41c2d9a50
Revises: d5b15c0a7e21
Create Date: 2026-12-02 06:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7b41c2d9a50'
down_revision = 'd5b15c0a7e21'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('timeout', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('on_failure', sa.String(length=200), nullable=True))
    op.create_table(
        'import_upload',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('type_name', sa.String(length=40), nullable=False),
        sa.Column('filename', sa.String(length=200), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('consortium_id', sa.Integer(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('job_id', sa.String(length=36), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['consortium_id'], ['consortium.id'],
                                name=op.f('fk_import_upload_consortium_id_consortium'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_import_upload_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_upload')),
    )
    with op.batch_alter_table('import_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_upload_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_upload_job_id'), ['job_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_upload_user_id'), ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('import_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_upload_user_id'))
        batch_op.drop_index(batch_op.f('ix_import_upload_job_id'))
        batch_op.drop_index(batch_op.f('ix_import_upload_created_at'))
    op.drop_table('import_upload')
    with op.batch_alter_table('job_run', schema=None) as batch_op:
        batch_op.drop_column('on_failure')
        batch_op.drop_column('timeout')
        batch_op.drop_column('started_at')
