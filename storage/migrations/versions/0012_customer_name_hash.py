"""customers: a keyed hash of the name, to find them by name (filled when the program opens
the database with its key)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 03:15:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers') as batch_op:
        batch_op.add_column(sa.Column('name_hmac', sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f('ix_customers_name_hmac'), ['name_hmac'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('customers') as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_name_hmac'))
        batch_op.drop_column('name_hmac')
