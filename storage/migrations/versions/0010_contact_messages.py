"""contact logs keep what was said and any promise to pay

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 02:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact_logs') as batch_op:
        batch_op.add_column(sa.Column('message', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('promise_date', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contact_logs') as batch_op:
        batch_op.drop_column('promise_date')
        batch_op.drop_column('message')
