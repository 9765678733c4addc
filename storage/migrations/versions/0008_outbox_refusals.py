"""outbox refusals: an event the server answered but did not take

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 01:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sync_outbox') as batch_op:
        batch_op.add_column(sa.Column('refused_at', storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('sync_outbox') as batch_op:
        batch_op.drop_column('refused_at')
