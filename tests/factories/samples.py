"""A sample contract of the demo store and a fictitious customer, for benches and tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from app.domain.contract import ClauseTemplate, ContractData
from app.domain.quote import Quote
from app.domain.rates import RateTable
from printing.signature import demo_strokes, signature_png


def sample_contract(
    quote: Quote,
    rates: RateTable,
    clauses: ClauseTemplate,
    signed_at: datetime,
    **changes: Any,
) -> ContractData:
    """The demo store's contract for `quote`, every clause acknowledged 3 minutes before
    signing; `changes` replace any field."""
    fields: dict[str, Any] = dict(
        number="SH001-T1-20261123-0001",
        store_name="分期通示例手机店（徐汇店）",
        store_address="上海市徐汇区漕溪北路 88 号 1 层",
        signed_at=signed_at,
        customer_name="陈思远",
        customer_id_number="310104199005201237",
        customer_phone="13812345678",
        customer_address="上海市徐汇区天钥桥路 100 弄 5 号 301 室",
        salesperson="李晓雯",
        device="Apple iPhone 17 Pro 256GB 宇宙橙色",
        imei="353918110000015",
        quote=quote,
        rates=rates,
        clauses=clauses,
        acknowledged={code: signed_at - timedelta(minutes=3) for code, _, _ in clauses.clauses},
    )
    if "signature_png" not in changes:
        fields["signature_png"] = signature_png(demo_strokes("陈思远"))
    return ContractData(**{**fields, **changes})
