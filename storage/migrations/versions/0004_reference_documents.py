"""reference documents (risk rules, trade-in table) in the database

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 23:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('reference_documents',
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('doc_version', sa.String(length=40), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_documents')),
    sa.UniqueConstraint('kind', 'doc_version', name=op.f('uq_reference_documents_kind'))
    )


def downgrade() -> None:
    op.drop_table('reference_documents')
