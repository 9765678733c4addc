"""day closes: the till's sales without installments, for the penetration

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 03:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('day_closes',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('other_sales', sa.Integer(), nullable=False),
    sa.Column('closed_by', sa.Uuid(), nullable=False),
    sa.Column('closed_at', storage.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['closed_by'], ['staff.id'], name=op.f('fk_day_closes_closed_by_staff')),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_day_closes'))
    )


def downgrade() -> None:
    op.drop_table('day_closes')
