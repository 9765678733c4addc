"""held rows: the chain's reference rows a terminal could not apply, kept aside with why

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-08 01:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('held_rows',
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('row_id', sa.Uuid(), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('problem', sa.String(length=300), nullable=False),
    sa.Column('held_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'row_id', name=op.f('pk_held_rows'))
    )


def downgrade() -> None:
    op.drop_table('held_rows')
