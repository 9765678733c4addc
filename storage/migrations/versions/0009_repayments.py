"""repayments: payment references, reversals, allocations

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 02:10:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('payments') as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reverses_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            op.f('fk_payments_reverses_id_payments'), 'payments', ['reverses_id'], ['id']
        )
        batch_op.create_unique_constraint(op.f('uq_payments_reverses_id'), ['reverses_id'])
    op.create_table('payment_allocations',
    sa.Column('payment_id', sa.Uuid(), nullable=False),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.Column('component', sa.String(length=20), nullable=False),
    sa.Column('amount_fen', storage.types.Fen(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_allocations_payment_id_payments')),
    sa.PrimaryKeyConstraint('payment_id', 'n', 'component', name=op.f('pk_payment_allocations'))
    )


def downgrade() -> None:
    op.drop_table('payment_allocations')
    with op.batch_alter_table('payments') as batch_op:
        batch_op.drop_constraint(op.f('uq_payments_reverses_id'), type_='unique')
        batch_op.drop_constraint(op.f('fk_payments_reverses_id_payments'), type_='foreignkey')
        batch_op.drop_column('reason')
        batch_op.drop_column('reverses_id')
        batch_op.drop_column('reference')
