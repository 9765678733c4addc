"""Payment receipts (down payment, instalments) for 80 mm and 58 mm thermal paper, and A4."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from app.domain.clock import local
from app.domain.contract import mask_id, seal
from app.domain.money import format_yuan
from app.domain.receipt import ReceiptData, receipt_document
from printing.fonts import draw_text

# Thermal printers take a page as wide as the roll (72/48 mm printable on 80/58 mm paper).
PAPER_WIDTH = {"80mm": 80 * mm, "58mm": 58 * mm, "A4": A4[0]}
KIND_LABELS = {
    "down_payment": "首付款",
    "instalment": "分期还款",
    "late_fee": "逾期违约金",
    "early_payoff": "提前结清",
    "reversal": "冲正（撤销收款）",
}


def render_receipt(data: ReceiptData, *, paper: str = "80mm") -> bytes:
    """The receipt PDF on `paper` ("80mm", "58mm" or "A4"); the ID number is masked. Its
    keywords hold the seal of `receipt_document`, which `signed_receipt` attaches."""
    if paper not in PAPER_WIDTH:
        raise ValueError(f"paper is one of {', '.join(PAPER_WIDTH)}")
    width = PAPER_WIDTH[paper]
    narrow = paper == "58mm"
    size = 7.5 if narrow else 9
    margin = 3 * mm if paper != "A4" else 25 * mm
    what = KIND_LABELS[data.kind] + (
        f"（第 {data.installment_n} 期）" if data.installment_n else ""
    )
    lines = [
        ("title", data.store_name),
        ("title", "收款凭证"),
        ("rule", ""),
        ("text", f"凭证号：{data.number}"),
        ("text", f"合同号：{data.contract_number}"),
        ("text", f"客户：{data.customer_name}"),
        ("text", f"证件：{mask_id(data.customer_id_number)}"),
        ("text", f"项目：{what}"),
        ("big", f"金额：¥{format_yuan(data.amount)}"),
        *(("text", f"  {part.text}") for part in data.parts),
        ("text", f"方式：{data.channel}"),
        ("text", f"剩余本金：¥{format_yuan(data.remaining)}"),
        ("text", f"收款人：{data.received_by}"),
        ("text", f"时间：{local(data.received_at):%Y-%m-%d %H:%M:%S}"),
        ("rule", ""),
        ("text", "请妥善保管本凭证。"),
    ]
    step = size * 1.6
    height = (len(lines) + 3) * step + 2 * margin if paper != "A4" else A4[1]
    buffer = io.BytesIO()
    page = pdfcanvas.Canvas(buffer, pagesize=(width, height))
    page.setTitle(f"收款凭证 {data.number}")
    page.setKeywords(seal(receipt_document(data)))
    y = height - margin - step
    for kind, text in lines:
        if kind == "rule":
            page.setDash(2, 2)
            page.line(margin, y + step / 2, width - margin, y + step / 2)
            page.setDash()
        elif kind == "title":
            draw_text(page, width / 2, y, text, size + 2, centre=True)
        else:
            draw_text(page, margin, y, text, size + (3 if kind == "big" else 0))
        y -= step * (1.3 if kind == "big" else 1)
    page.showPage()
    page.save()
    return buffer.getvalue()
