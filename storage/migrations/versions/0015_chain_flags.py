"""chain flags: what the chain's server found wrong with this store's records

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 10:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('chain_flags',
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('raised_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chain_flags'))
    )


def downgrade() -> None:
    op.drop_table('chain_flags')
