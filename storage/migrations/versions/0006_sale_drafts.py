"""sale drafts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sale_drafts',
    sa.Column('staff_id', sa.Uuid(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.String(length=80), nullable=False),
    sa.Column('document_enc', sa.LargeBinary(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('terminal_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_sale_drafts_staff_id_staff')),
    sa.ForeignKeyConstraint(['terminal_id'], ['terminals.id'], name=op.f('fk_sale_drafts_terminal_id_terminals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sale_drafts'))
    )
    with op.batch_alter_table('sale_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sale_drafts_terminal_id'), ['terminal_id'], unique=False)


def downgrade() -> None:
    op.drop_table('sale_drafts')
