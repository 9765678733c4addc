"""the chain's reviewers

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 02:05:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reviewers',
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('token_sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_reviewers')),
    sa.UniqueConstraint('token_sha256', name=op.f('uq_reviewers_token_sha256'))
    )


def downgrade() -> None:
    op.drop_table('reviewers')
