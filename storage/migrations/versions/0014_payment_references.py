"""payment references: one live payment per channel and transaction reference; channel codes

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 20:00:00
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# down payments were stored with the channel's Chinese name, repayments with its code
NAMES = {"微信支付": "wechat", "支付宝": "alipay", "银行卡": "card", "现金": "cash"}


def upgrade() -> None:
    op.create_table('payment_references',
    sa.Column('channel', sa.String(length=24), nullable=False),
    sa.Column('reference', sa.String(length=64), nullable=False),
    sa.Column('payment_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['payment_id'], ['payments.id'], name=op.f('fk_payment_references_payment_id_payments')),
    sa.PrimaryKeyConstraint('channel', 'reference', name=op.f('pk_payment_references')),
    sa.UniqueConstraint('payment_id', name=op.f('uq_payment_references_payment_id'))
    )
    for name, code in NAMES.items():
        op.execute(sa.text("UPDATE payments SET channel = :code WHERE channel = :name").bindparams(code=code, name=name))
    # each reference to its earliest payment not reversed (a reversal holds none)
    rows = op.get_bind().execute(sa.text(
        "SELECT channel, reference, id FROM payments WHERE reference IS NOT NULL "
        "AND kind != 'reversal' AND id NOT IN "
        "(SELECT reverses_id FROM payments WHERE reverses_id IS NOT NULL) "
        "ORDER BY received_at"
    )).all()
    held: dict[tuple[str, str], object] = {}
    for channel, reference, payment_id in rows:
        held.setdefault((channel, reference), payment_id)
    if held:
        table = sa.table('payment_references', sa.column('channel'), sa.column('reference'), sa.column('payment_id', sa.Uuid()))
        op.bulk_insert(table, [
            {"channel": c, "reference": r, "payment_id": uuid.UUID(str(p))} for (c, r), p in held.items()
        ])


def downgrade() -> None:
    op.drop_table('payment_references')
