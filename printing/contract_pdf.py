"""The installment contract as an A4 PDF (reportlab): data in, bytes out.

Everything the customer agrees to is printed: parties, device, amounts, the disclosure box
(nominal rate beside the IRR-method annual rate), the full schedule, early-payoff and late-fee
terms with worked examples, the clauses (versioned template) with their acknowledgement times,
the signature, and an integrity code (QR + short code) carrying the contract number and the
SHA-256 of the contract's canonical data.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    Image,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.domain.clock import local
from app.domain.contract import (
    ContractData,
    clause_text,
    contract_hash,
    mask_id,
    percent,
    short_code,
)
from app.domain.money import format_yuan
from app.domain.payoff import early_payoff, late_fee
from app.domain.plan_row import plan_row
from printing.fonts import markup, register_cjk_font


class _NumberedCanvas(pdfcanvas.Canvas):
    """Draws 第 x 页 / 共 y 页 once the page count is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont(register_cjk_font(), 8)
            self.setFillColor(colors.grey)
            self.drawCentredString(A4[0] / 2, 10 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
            super().showPage()
        super().save()


def _styles() -> dict[str, ParagraphStyle]:
    font = register_cjk_font()
    base = ParagraphStyle("base", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "title": ParagraphStyle("title", parent=base, fontSize=17, leading=24, alignment=1),
        "h": ParagraphStyle(
            "h",
            parent=base,
            fontSize=11,
            leading=16,
            spaceBefore=8,
            spaceAfter=3,
            textColor=colors.HexColor("#1d3b6b"),
        ),
        "box": ParagraphStyle("box", parent=base, fontSize=10.5, leading=16),
    }


def _grid(rows: list[list[Any]], widths: list[float], *, header: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), register_cjk_font()),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa7b8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6edf6")),
            ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ]
    table.setStyle(TableStyle(style))
    return table


def render_contract(data: ContractData, *, copy: str = "store") -> bytes:
    """The contract PDF. `copy` is "store" (ID number in full) or "customer" (masked)."""
    if copy not in ("store", "customer"):
        raise ValueError("copy is 'store' or 'customer'")
    s = _styles()
    q, cart = data.quote, data.quote.cart
    digest = contract_hash(data)
    width = A4[0] - 36 * mm
    story: list[Any] = [
        Paragraph(data.clauses.title, s["title"]),
        Paragraph(
            f"合同编号：{data.number}　　{'门店联' if copy == 'store' else '客户联'}"
            f"　　签订时间：{local(data.signed_at):%Y-%m-%d %H:%M}　　签订地点：{data.store_address}",
            s["small"],
        ),
        Spacer(1, 4 * mm),
        Paragraph("一、当事人", s["h"]),
    ]
    id_text = data.customer_id_number if copy == "store" else mask_id(data.customer_id_number)
    story.append(
        _grid(
            [
                ["甲方（销售方）", data.store_name, "经办人", data.salesperson],
                [
                    "乙方（购买方）",
                    Paragraph(markup(data.customer_name), s["base"]),
                    "身份证号",
                    id_text,
                ],
                [
                    "联系电话",
                    data.customer_phone,
                    "住址",
                    Paragraph(markup(data.customer_address), s["small"]),
                ],
            ],
            [26 * mm, 52 * mm, 20 * mm, width - 98 * mm],
        )
    )
    story += [
        Paragraph("二、商品与价款", s["h"]),
        _grid(
            [
                ["商品", Paragraph(data.device, s["small"]), "IMEI", data.imei],
                [
                    "售价",
                    f"{format_yuan(cart.price)} 元",
                    "以旧换新抵扣",
                    f"{format_yuan(cart.trade_in_credit)} 元",
                ],
                [
                    "首付",
                    f"{format_yuan(cart.down_payment)} 元",
                    "分期金额",
                    f"{format_yuan(q.financed)} 元",
                ],
            ],
            [26 * mm, 52 * mm, 26 * mm, width - 104 * mm],
        ),
    ]
    if data.trade_in:
        rows = [
            [
                f"旧机 {data.trade_in['model']} {data.trade_in['storage_gb']}GB",
                f"基础回收价 {data.trade_in['base_price']} 元",
            ]
        ]
        rows += [[f"  − {d['label']}", f"{d['amount']} 元"] for d in data.trade_in["deductions"]]
        rows.append(["抵扣金额", f"{data.trade_in['credit']} 元"])
        story += [Spacer(1, 2 * mm), _grid(rows, [width / 2, width / 2])]
    plan = plan_row(q)  # the figures the customer compared at the counter, worded the same
    disclosure = [
        Paragraph(
            f"<b>还款方式</b>：{plan.method}　<b>期数</b>：{plan.term} 期　"
            f"<b>首期月供</b>：{plan.first_payment} 元",
            s["box"],
        ),
        Paragraph(f"<b>名义利率</b>：{plan.nominal}", s["box"]),
        Paragraph(
            f"<font size=13><b>年化利率（IRR 法）：{plan.apr}</b></font>　"
            f"实际年利率：{percent(q.effective_annual_rate)}",
            s["box"],
        ),
        Paragraph(
            f"<b>利息/手续费合计</b>：{plan.charges} 元（约每天 {plan.charges_per_day} 元）　"
            f"<b>应还总额</b>：{plan.total_payable} 元　除此之外无任何其他费用。",
            s["box"],
        ),
    ]
    box = Table([[d] for d in disclosure], colWidths=[width])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.4, colors.HexColor("#c0392b")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff6e5")),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    story += [Paragraph("三、费用与利率披露", s["h"]), box, Paragraph("四、还款计划", s["h"])]
    schedule = [["期次", "到期日", "本金", "利息/手续费", "当期应还", "剩余本金"]]
    schedule += [
        [
            str(r.n),
            r.due_date.isoformat(),
            format_yuan(r.principal),
            format_yuan(r.interest_or_fee),
            format_yuan(r.payment),
            format_yuan(r.remaining),
        ]
        for r in q.schedule
    ]
    schedule.append(
        [
            "合计",
            "",
            format_yuan(q.financed),
            format_yuan(q.total_interest_or_fees),
            format_yuan(q.total_payable),
            "",
        ]
    )
    story.append(_grid(schedule, [14 * mm, 28 * mm] + [(width - 42 * mm) / 4] * 4, header=True))
    story.append(
        Paragraph("（表头在续页重复；各期本金之和等于分期金额，末期吸收分位舍入差。）", s["small"])
    )
    story += [Paragraph("五、提前结清与逾期", s["h"]), *_examples(data, s)]
    story.append(Paragraph("六、主要条款（已逐条讲解）", s["h"]))
    for code, title, text in data.clauses.clauses:
        seen = data.acknowledged.get(code)
        mark = f"（乙方已确认 {local(seen):%Y-%m-%d %H:%M:%S}）" if seen else "（未确认）"
        story.append(
            Paragraph(
                f"<b>{title}</b>：{clause_text(text, data.quote, data.rates)} <font color='#1d6b3b'>{mark}</font>",
                s["base"],
            )
        )
    story.append(
        Paragraph(
            f"条款模板版本：{data.clauses.version}　费率表版本：{q.rate_table_version}", s["small"]
        )
    )
    if data.consent_screen:
        story.append(
            Paragraph(f"乙方在以下屏幕上逐条确认条款并签名：{data.consent_screen}", s["small"])
        )
    story.append(KeepTogether(_signature_block(data, digest, s, width)))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=f"{data.clauses.title} {data.number}",
        author=data.store_name,
        subject=data.number,
        keywords=digest,
    )
    doc.build(story, canvasmaker=_NumberedCanvas)
    return buffer.getvalue()


def _examples(data: ContractData, s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    """Worked examples computed by the same engine that will charge them."""
    q = data.quote
    paragraphs = []
    if len(q.schedule) >= 2:
        first = q.schedule[0]
        payoff = early_payoff(
            q.schedule,
            paid_through=1,
            on=first.due_date,
            start=q.cart.start,
            fee_rate=q.early_payoff_fee_rate,
        )
        paragraphs.append(
            Paragraph(
                f"提前结清示例：若已还第 1 期，于 {first.due_date} 申请结清，应付剩余本金 "
                f"{format_yuan(payoff.remaining_principal)} 元 + 当期利息/手续费 "
                f"{format_yuan(payoff.current_interest_or_fee)} 元 + 提前结清手续费 "
                f"{format_yuan(payoff.fee)} 元（{percent(payoff.fee_rate, 1)}）＝ {format_yuan(payoff.total)} 元。",
                s["base"],
            )
        )
    first = q.schedule[0]
    late_on = first.due_date.toordinal() + data.rates.late_fee_grace_days + 7
    fee = late_fee(
        instalment=first.payment,
        due=first.due_date,
        on=date.fromordinal(late_on),
        terms=data.rates,
    )
    paragraphs.append(
        Paragraph(
            f"逾期示例：第 1 期 {format_yuan(first.payment)} 元于 {first.due_date} 到期，若逾期 "
            f"{fee.days_late} 天还款，违约金为 {format_yuan(first.payment)} × {percent(fee.daily_rate)} × "
            f"{fee.days_late} ＝ {format_yuan(fee.fee)} 元（宽限期 {data.rates.late_fee_grace_days} 天内不收取）。",
            s["base"],
        )
    )
    return paragraphs


def _signature_block(
    data: ContractData, digest: str, s: dict[str, ParagraphStyle], width: float
) -> list[Any]:
    qr = QrCodeWidget(f"FENQI|{data.number}|{digest}")
    x0, y0, x1, y1 = qr.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(qr)
    signature: Any = Paragraph("（未签名）", s["base"])
    if data.signature_png:
        signature = Image(
            io.BytesIO(data.signature_png), width=50 * mm, height=20 * mm, kind="proportional"
        )
    left = [
        Paragraph("乙方签名：", s["base"]),
        signature,
        Paragraph(f"签名时间：{local(data.signed_at):%Y-%m-%d %H:%M:%S}", s["small"]),
        Paragraph(f"甲方：{data.store_name}（电子签章）", s["small"]),
    ]
    right = [
        drawing,
        Paragraph(f"防伪码 {short_code(digest)}", s["small"]),
        Paragraph(
            "SHA-256<br/>" + "<br/>".join(digest[i : i + 16] for i in range(0, 64, 16)), s["small"]
        ),
    ]
    table = Table([[left, right]], colWidths=[width - 62 * mm, 62 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [Spacer(1, 6 * mm), table]
