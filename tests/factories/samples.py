"""A sample contract of the demo store and a fictitious customer, for benches and tests."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal as D
from typing import Any

from pypdf import PdfReader

from app.demo.assets import demo_rate_table
from app.domain.contract import (
    ClauseTemplate,
    ContractData,
    canonical,
    load_clauses,
)
from app.domain.quote import Cart, Quote, quote_plans
from app.domain.rates import Method, RateTable
from app.domain.receipt import ReceiptData
from printing.contract_pdf import render_contract
from printing.pdf_signatures import sign_pdf
from printing.signature_image import demo_strokes, signature_png
from storage.certificates import create_root, issue_store_identity


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


RATES = demo_rate_table()


CLAUSES = load_clauses()


SIGNED_AT = datetime(2026, 11, 23, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai


ROOT = create_root("分期通测试连锁")


IDENTITY = issue_store_identity(ROOT, "分期通示例手机店（徐汇店）")


TRUSTED = [ROOT.cert_pem]


def contract(method=Method.EQUAL_INSTALLMENT, term=24, **changes) -> ContractData:
    cart = Cart(D("8999"), D("0"), D("500"), date(2026, 11, 23), "iPhone 17 Pro")
    (quote,) = quote_plans(cart, RATES, method=method, term=term)
    return sample_contract(quote, RATES, CLAUSES, SIGNED_AT, **changes)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def signed(data=None) -> bytes:
    data = data or contract()
    return sign_pdf(render_contract(data), canonical_json=canonical(data), identity=IDENTITY)


def forged_identity(name: str = "分期通示例手机店（徐汇店）"):
    """A forger's own root and a certificate that carries the store's name."""
    return issue_store_identity(create_root("分期通测试连锁"), name)


def receipt_data():

    return ReceiptData(
        "R-SH001-T1-20261123-0001",
        "分期通示例手机店（徐汇店）",
        "SH001-T1-20261123-0001",
        "陈思远",
        "310104199005201237",
        "instalment",
        3,
        D("343.10"),
        "微信支付",
        "李晓雯",
        SIGNED_AT,
        D("6357.68"),
    )
