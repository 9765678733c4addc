"""contract terms: the late fee, allocation order and collection steps a contract was signed
under, kept with it (filled for older contracts from their signed record when the program
opens the database: the record is encrypted, the migration has no key)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 00:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('terms', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_column('terms')
