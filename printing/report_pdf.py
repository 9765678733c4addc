"""The day close (日结) on A4: the day's figures beside the day before and the same weekday
last week, each salesperson's day, the term mix and every override with who and why."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as pdfcanvas

from app.domain.repayment import till_rows
from printing.fonts import draw_text

FIGURES = {
    "contracts": "分期合同数",
    "revenue": "销售额（元）",
    "financed": "分期金额（元）",
    "average_ticket": "客单价（元）",
    "interest_free_subsidy": "免息贴息成本（元）",
    "trade_ins": "以旧换新台数",
    "trade_in_credit": "以旧换新抵扣（元）",
    "collected": "当日收回还款（元）",
    "approved": "预审通过",
    "reviewed": "店长复核",
    "central": "总部审批",
    "declined": "预审拒绝",
    "overrides": "人工改判",
    "installment_penetration": "分期渗透率（日结后）",
}
MARGIN = 20 * mm
STEP = 6.5 * mm


def render_day_close(report: dict[str, Any], store_name: str) -> bytes:
    """The `fenqi report daily` document as a PDF for the store's file."""
    buffer = io.BytesIO()
    page = pdfcanvas.Canvas(buffer, pagesize=A4)
    page.setTitle(f"日结 {report['day']}")
    width, height = A4
    y = height - MARGIN
    draw_text(page, width / 2, y, f"{store_name} 日结报表", 16, centre=True)
    y -= STEP * 1.5
    draw_text(page, width / 2, y, f"营业日 {report['day']}", 11, centre=True)
    y -= STEP * 2
    columns = (MARGIN, MARGIN + 70 * mm, MARGIN + 105 * mm, MARGIN + 140 * mm)
    for x, text in zip(columns, ("指标", "当日", "前一日", "上周同日"), strict=True):
        draw_text(page, x, y, text, 10)
    page.line(MARGIN, y - 2 * mm, width - MARGIN, y - 2 * mm)
    y -= STEP
    for name, values in report["figures"].items():
        cells = (
            FIGURES[name],
            values["day"],
            values["previous_day"],
            values["same_weekday_last_week"],
        )
        for x, text in zip(columns, cells, strict=True):
            draw_text(page, x, y, "—" if text is None else str(text), 10)
        y -= STEP
    y -= STEP / 2
    rate = report.get("installment_penetration")
    told = f"{float(rate):.1%}" if rate is not None else "未录入收银台数据"
    draw_text(page, MARGIN, y, f"分期渗透率：{told}", 10)
    y -= STEP
    terms = "，".join(f"{k} 期 {v} 笔" for k, v in report["term_mix"].items()) or "无"
    draw_text(page, MARGIN, y, f"期数分布：{terms}", 10)
    y -= STEP * 1.5
    draw_text(page, MARGIN, y, "销售人员", 11)
    y -= STEP
    staff = [
        f"{name}：合同 {row['contracts']} 份，申请 {row['applications']} 笔，"
        f"销售额 {row['revenue']} 元，分期金额 {row['financed']} 元"
        for name, row in report["by_staff"].items()
    ]
    for text in staff or ["无"]:
        draw_text(page, MARGIN + 5 * mm, y, text, 10)
        y -= STEP
    y -= STEP / 2
    draw_text(page, MARGIN, y, "收款对账（按收款方式）", 11)
    y -= STEP
    for x, text in zip(columns, ("收款方式", "首付", "还款", "合计"), strict=True):
        draw_text(page, x, y, text, 10)
    y -= STEP
    for row in till_rows(report["till"]):
        for x, text in zip(columns, row, strict=True):
            draw_text(page, x, y, text, 10)
        y -= STEP
    y -= STEP / 2
    draw_text(page, MARGIN, y, "人工改判", 11)
    y -= STEP
    overrides = [
        f"{o['by']} 将 {o['staff']} 的申请改判为 {o['decision']}：{o['why']}"
        for o in report["overrides"]
    ]
    for text in overrides or ["无"]:
        draw_text(page, MARGIN + 5 * mm, y, text, 10)
        y -= STEP
    draw_text(page, MARGIN, MARGIN, "店长签字：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", 10)
    page.showPage()
    page.save()
    return buffer.getvalue()
