"""contract balances for the book; indexes for the day's figures

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 02:50:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# What every live contract owes now, from its schedule less what was paid of it.
BACKFILL = """
INSERT INTO contract_balances (contract_id, outstanding_fen, principal_fen, oldest_unpaid_due)
SELECT i.contract_id,
       SUM(i.payment_fen - COALESCE(p.paid, 0)),
       SUM(i.principal_fen - COALESCE(p.paid_principal, 0)),
       MIN(CASE WHEN i.payment_fen - COALESCE(p.paid, 0) > 0 THEN i.due_date END)
FROM installments i
JOIN contracts c ON c.id = i.contract_id
LEFT JOIN (
    SELECT pay.contract_id AS contract_id, a.n AS n,
           SUM(CASE WHEN a.component IN ('interest_or_fee', 'principal') THEN a.amount_fen ELSE 0 END) AS paid,
           SUM(CASE WHEN a.component = 'principal' THEN a.amount_fen ELSE 0 END) AS paid_principal
    FROM payment_allocations a JOIN payments pay ON pay.id = a.payment_id
    GROUP BY pay.contract_id, a.n
) p ON p.contract_id = i.contract_id AND p.n = i.n
WHERE c.status IN ('signed', 'active')
GROUP BY i.contract_id
"""


def upgrade() -> None:
    op.create_table('contract_balances',
    sa.Column('contract_id', sa.Uuid(), nullable=False),
    sa.Column('outstanding_fen', storage.types.Fen(), nullable=False),
    sa.Column('principal_fen', storage.types.Fen(), nullable=False),
    sa.Column('oldest_unpaid_due', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_balances_contract_id_contracts')),
    sa.PrimaryKeyConstraint('contract_id', name=op.f('pk_contract_balances'))
    )
    with op.batch_alter_table('contract_balances') as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_balances_oldest_unpaid_due'), ['oldest_unpaid_due'], unique=False)
    with op.batch_alter_table('contracts') as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_signed_at'), ['signed_at'], unique=False)
    with op.batch_alter_table('applications') as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_decided_at'), ['decided_at'], unique=False)
    with op.batch_alter_table('payments') as batch_op:
        batch_op.create_index(batch_op.f('ix_payments_received_at'), ['received_at'], unique=False)
    op.execute(BACKFILL)


def downgrade() -> None:
    with op.batch_alter_table('payments') as batch_op:
        batch_op.drop_index(batch_op.f('ix_payments_received_at'))
    with op.batch_alter_table('applications') as batch_op:
        batch_op.drop_index(batch_op.f('ix_applications_decided_at'))
    with op.batch_alter_table('contracts') as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_signed_at'))
    op.drop_table('contract_balances')
