"""blocklist, used units, application results

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:49:09.948061
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # applications gains NOT NULL columns without defaults: revision 0001 had no code that
    # wrote applications, so the table is empty wherever this runs.
    op.create_table('blocklist',
    sa.Column('kind', sa.Enum('imei', 'id_number', name='blockkind', native_enum=False, length=24), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('source', sa.String(length=60), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_blocklist')),
    sa.UniqueConstraint('kind', 'key', name=op.f('uq_blocklist_kind'))
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('result_enc', sa.LargeBinary(), nullable=False))
        batch_op.add_column(sa.Column('tier', sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column('overridden_at', storage.types.UTCDateTime(), nullable=True))

    with op.batch_alter_table('device_units', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description', sa.String(length=120), nullable=True))
        batch_op.alter_column('product_id',
               existing_type=sa.Uuid(),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('device_units', schema=None) as batch_op:
        batch_op.alter_column('product_id',
               existing_type=sa.Uuid(),
               nullable=False)
        batch_op.drop_column('description')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('overridden_at')
        batch_op.drop_column('score')
        batch_op.drop_column('tier')
        batch_op.drop_column('result_enc')

    op.drop_table('blocklist')
