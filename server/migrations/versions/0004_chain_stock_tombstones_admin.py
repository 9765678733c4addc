"""the chain's stock and checks: sold IMEIs, tombstones, the admin log, one cursor sequence

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 10:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sold_imeis',
    sa.Column('imei', sa.String(length=15), nullable=False),
    sa.Column('contract_id', sa.Uuid(), nullable=False),
    sa.Column('contract', sa.String(length=40), nullable=False),
    sa.Column('store_code', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('imei', name=op.f('pk_sold_imeis')),
    sa.UniqueConstraint('contract_id', name=op.f('uq_sold_imeis_contract_id'))
    )
    op.create_table('admin_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('by', sa.String(length=60), nullable=False),
    sa.Column('action', sa.String(length=12), nullable=False),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('cursor', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_log'))
    )
    with op.batch_alter_table('reference_rows') as batch:
        batch.add_column(
            sa.Column('deleted', sa.Boolean(), nullable=False, server_default=sa.false())
        )
    if op.get_bind().dialect.name == 'postgresql':
        # every change takes its cursor from one sequence, whichever server process makes it
        start = op.get_bind().scalar(sa.text('SELECT COALESCE(MAX("cursor"), 0) + 1 FROM reference_rows'))
        op.execute(f'CREATE SEQUENCE reference_cursor START WITH {int(start)}')
        op.execute(
            "CREATE INDEX ix_reference_rows_imei ON reference_rows ((\"values\"->>'imei'))"
            " WHERE table_name = 'device_units'"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX ix_reference_rows_imei')
        op.execute('DROP SEQUENCE reference_cursor')
    with op.batch_alter_table('reference_rows') as batch:
        batch.drop_column('deleted')
    op.drop_table('admin_log')
    op.drop_table('sold_imeis')
