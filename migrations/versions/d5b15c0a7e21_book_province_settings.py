"""book: the province's settings of the review (the per-city cap and its exceptions)

Revision ID: d5b15c0a7e21
Revises: c3a9e2f4d7b1
Create Date: 2026-12-02 06:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5b15c0a7e21'
down_revision = 'c3a9e2f4d7b1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'book_province_settings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('city_cap', sa.Integer(), nullable=False),
        sa.Column('city_caps', sa.JSON(), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('city_cap >= 1', name=op.f('ck_book_province_settings_city_cap_positive')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_book_province_settings_updated_by_id_user'),
                                ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_book_province_settings')),
    )


def downgrade():
    op.drop_table('book_province_settings')
