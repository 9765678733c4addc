"""keys out of the database, reviewer tokens that expire, refused requests, contract numbers

The chain's keys leave `chain_settings` with `fenqi server init` (it needs the key file's
passphrase), not here; a server refuses to start while the database still holds them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 15:20:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('reviewers') as batch:
        batch.add_column(sa.Column('expires_at', storage.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column('revoked_at', storage.types.UTCDateTime(), nullable=True))
    op.create_table('refused_requests',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', storage.types.UTCDateTime(), nullable=False),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('route', sa.String(length=80), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_refused_requests'))
    )
    op.create_index(op.f('ix_refused_requests_at'), 'refused_requests', ['at'])
    op.create_index(op.f('ix_refused_requests_client'), 'refused_requests', ['client'])
    if op.get_bind().dialect.name == 'postgresql':  # a payment's contract, found by number
        op.execute(
            "CREATE INDEX ix_synced_records_contract_number ON synced_records "
            "((payload->>'number')) WHERE entity = 'contracts'"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP INDEX ix_synced_records_contract_number')
    op.drop_index(op.f('ix_refused_requests_client'), table_name='refused_requests')
    op.drop_index(op.f('ix_refused_requests_at'), table_name='refused_requests')
    op.drop_table('refused_requests')
    with op.batch_alter_table('reviewers') as batch:
        batch.drop_column('revoked_at')
        batch.drop_column('expires_at')
