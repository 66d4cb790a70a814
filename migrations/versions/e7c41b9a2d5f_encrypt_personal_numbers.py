"""personal data at rest: ID numbers and phones encrypted (AES-GCM), keyed hashes beside them

Revision ID: e7c41b9a2d5f
Revises: e7b41c2d9a50
Create Date: 2026-12-02 06:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7c41b9a2d5f'
down_revision = 'e7b41c2d9a50'
branch_labels = None
depends_on = None

# (table, encrypted column, hash column, plaintext length before this revision)
COLUMNS = [
    ('student', 'id_number', 'id_number_hash', 18),
    ('student', 'phone', 'phone_hash', 20),
    ('training_certificate', 'holder_id_number', 'holder_id_number_hash', 18),
]
STORED_LENGTH = 120


def _key():
    """The key the application uses: DATA_KEY from its configuration (environment, or instance/data_key,
    created on first run). `flask db upgrade` runs inside the application, so this is the same key."""
    from flask import current_app

    from consortium.crypto import DataKey

    return DataKey(current_app.config['DATA_KEY'])


def _rewrite(table, column, hash_column, encrypt):
    key = _key()
    bind = op.get_bind()
    t = sa.table(table, sa.column('id', sa.Integer), sa.column(column, sa.String), sa.column(hash_column, sa.String))
    rows = bind.execute(sa.select(t.c.id, t.c[column]).where(t.c[column].isnot(None))).all()
    context = f'{table}.{column}'
    for row_id, value in rows:
        if encrypt:
            if value.startswith('v1:'):
                plain = key.decrypt(value, context)
            else:
                plain = value.strip()
            values = {column: key.encrypt(plain, context) if plain else None,
                      hash_column: key.blind_index(plain) if plain else None}
        else:
            values = {column: key.decrypt(value, context) if value.startswith('v1:') else value}
        bind.execute(sa.update(t).where(t.c.id == row_id).values(**values))


def upgrade():
    for table in ('student', 'training_certificate'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, column, hash_column, _length in COLUMNS:
                if t != table:
                    continue
                batch_op.alter_column(column, existing_type=sa.String(length=_length),
                                      type_=sa.String(length=STORED_LENGTH), existing_nullable=True)
                batch_op.add_column(sa.Column(hash_column, sa.String(length=64), nullable=True))
                batch_op.create_index(batch_op.f(f'ix_{table}_{hash_column}'), [hash_column], unique=False)
    for table, column, hash_column, _length in COLUMNS:
        _rewrite(table, column, hash_column, encrypt=True)


def downgrade():
    for table, column, hash_column, _length in COLUMNS:
        _rewrite(table, column, hash_column, encrypt=False)
    for table in ('training_certificate', 'student'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for t, column, hash_column, length in COLUMNS:
                if t != table:
                    continue
                batch_op.drop_index(batch_op.f(f'ix_{table}_{hash_column}'))
                batch_op.drop_column(hash_column)
                batch_op.alter_column(column, existing_type=sa.String(length=STORED_LENGTH),
                                      type_=sa.String(length=length), existing_nullable=True)
