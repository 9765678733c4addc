"""contract counters

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contract_counters',
    sa.Column('terminal_id', sa.Uuid(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminals.id'], name=op.f('fk_contract_counters_terminal_id_terminals')),
    sa.PrimaryKeyConstraint('terminal_id', 'day', name=op.f('pk_contract_counters'))
    )


def downgrade() -> None:
    op.drop_table('contract_counters')
