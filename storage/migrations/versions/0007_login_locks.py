"""login locks

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 23:45:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('login_locks',
    sa.Column('staff_id', sa.Uuid(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', storage.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_login_locks_staff_id_staff')),
    sa.PrimaryKeyConstraint('staff_id', name=op.f('pk_login_locks'))
    )


def downgrade() -> None:
    op.drop_table('login_locks')
