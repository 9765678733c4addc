"""held transaction references: one live payment per channel and reference, chain-wide

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 20:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('held_references',
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('payment_id', sa.Uuid(), nullable=False),
    sa.Column('store_code', sa.String(length=16), nullable=False),
    sa.Column('contract', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('channel', 'reference', name=op.f('pk_held_references')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_held_references_payment_id'))
    )


def downgrade() -> None:
    op.drop_table('held_references')
