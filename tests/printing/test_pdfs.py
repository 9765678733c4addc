"""Printed contracts: every disclosed figure is in the PDF text (pypdf), the customer's copy
masks the ID, long schedules continue with their header, and alteration is detected."""

from __future__ import annotations

import dataclasses
import io
import re

import pytest
from pypdf import PdfReader, PdfWriter

from app.domain.contract import (
    canonical,
    contract_hash,
    mask_id,
    short_code,
)
from app.domain.errors import EnvironmentProblem
from app.domain.money import format_yuan
from app.domain.rates import Method
from printing.contract_pdf import render_contract
from printing.pdf_signatures import sign_pdf, verify_pdf
from printing.signature_image import signature_png
from storage.certificates import create_root
from tests.factories.samples import (
    CLAUSES,
    IDENTITY,
    TRUSTED,
    contract,
    forged_identity,
    receipt_data,
    signed,
    text_of,
)


@pytest.mark.parametrize(
    ("method", "term"),
    [
        (Method.EQUAL_INSTALLMENT, 24),
        (Method.EQUAL_PRINCIPAL, 12),
        (Method.FLAT_FEE, 6),
        (Method.INTEREST_FREE, 6),
    ],
)
def test_every_disclosed_figure_is_printed(method, term):
    data = contract(method, term)
    q = data.quote
    text = text_of(render_contract(data))
    assert f"年化利率（IRR 法）：{q.apr * 100:.2f}%" in text
    assert f"实际年利率：{q.effective_annual_rate * 100:.2f}%" in text
    for amount in (q.financed, q.total_payable, q.total_interest_or_fees, q.first_payment):
        assert format_yuan(amount) in text
    for row in q.schedule:  # every instalment, with its due date and payment
        assert re.search(rf"{row.n}\s*{row.due_date}\s*{format_yuan(row.principal)}", text)
    assert q.method.label in text and data.number in text
    assert f"条款模板版本：{CLAUSES.version}" in text
    assert "签名时间：2026-11-23 14:30:00" in text  # the store's local time


def test_each_clause_shows_when_it_was_acknowledged():
    text = text_of(render_contract(contract())).replace("\n", "")
    assert text.count("乙方已确认 2026-11-23 14:27:00") == len(CLAUSES.clauses)
    unconfirmed = text_of(render_contract(contract(acknowledged={}))).replace("\n", "")
    assert unconfirmed.count("（未确认）") == len(CLAUSES.clauses)


def test_a_24_month_schedule_continues_on_a_second_page_with_its_header():
    reader = PdfReader(io.BytesIO(render_contract(contract(term=24))))
    assert len(reader.pages) >= 2
    pages = [p.extract_text() for p in reader.pages]
    assert all(f"第 {i} 页 / 共 {len(pages)} 页" in t for i, t in enumerate(pages, 1))
    assert sum("当期应还" in t for t in pages) >= 2  # the header repeats


def test_the_customer_copy_masks_the_id_number_and_the_store_copy_does_not():
    data = contract()
    assert "310104199005201237" in text_of(render_contract(data, copy="store"))
    customer = text_of(render_contract(data, copy="customer"))
    assert "310104199005201237" not in customer and mask_id("310104199005201237") in customer


def test_the_worked_examples_use_the_engines_figures():
    text = text_of(render_contract(contract()))
    assert "提前结清示例" in text and "逾期示例" in text and "违约金为" in text


def test_the_integrity_code_is_the_hash_of_the_canonical_data():
    data = contract()
    digest = contract_hash(data)
    text = text_of(render_contract(data))
    assert f"防伪码 {short_code(digest)}" in text
    assert digest[:16] in text.replace("\n", "")
    assert contract_hash(contract(customer_phone="13900000000")) != digest
    assert b'"number":"SH001-T1-20261123-0001"' in canonical(data)


def test_a_signed_contract_verifies_with_its_number_and_hash():
    data = contract()
    result = verify_pdf(signed(data), trusted_roots=TRUSTED)
    assert (result.status, result.number, result.sha256) == (
        "valid",
        data.number,
        contract_hash(data),
    )


def test_one_changed_byte_is_detected():
    pdf = bytearray(signed())
    pdf[len(pdf) // 3] ^= 0x01
    assert verify_pdf(bytes(pdf), trusted_roots=TRUSTED).status == "altered"


def test_one_changed_byte_inside_the_compressed_attachment_is_altered_not_a_crash():
    pdf = bytearray(signed())
    start = pdf.index(b"stream", pdf.index(b"/EmbeddedFile")) + len(b"stream\r\n") + 8
    pdf[start] ^= 0x5A
    result = verify_pdf(bytes(pdf), trusted_roots=TRUSTED)
    assert result.status == "altered"


def test_the_customer_copy_carries_no_more_than_it_shows_and_seals_the_same():
    data = contract()
    store = sign_pdf(
        render_contract(data), canonical_json=canonical(data, copy="store"), identity=IDENTITY
    )
    customer = sign_pdf(
        render_contract(data, copy="customer"),
        canonical_json=canonical(data, copy="customer"),
        identity=IDENTITY,
    )
    attached = canonical(data, copy="customer").decode()
    assert data.customer_id_number not in attached and data.customer_phone not in attached
    assert data.customer_salt not in attached and mask_id(data.customer_id_number) in attached
    results = [verify_pdf(pdf, trusted_roots=TRUSTED) for pdf in (store, customer)]
    assert {(r.status, r.sha256) for r in results} == {("valid", contract_hash(data))}


def test_the_seal_of_a_masked_copy_changes_with_the_hidden_data():
    data = contract()
    other = dataclasses.replace(data, customer_phone="13900000000")
    assert contract_hash(other) != contract_hash(data)
    assert b"139****0000" in canonical(other, copy="customer")


def test_a_page_added_after_signing_is_detected():
    writer = PdfWriter(clone_from=io.BytesIO(signed()))
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    assert verify_pdf(out.getvalue(), trusted_roots=TRUSTED).status == "altered"


def test_an_unsigned_pdf_is_reported():
    assert verify_pdf(render_contract(contract()), trusted_roots=TRUSTED).status == "unsigned"


def test_other_terms_signed_by_a_self_made_certificate_with_the_stores_name_are_untrusted():
    data = contract(customer_phone="13900000000")  # different terms, the same number
    forged = sign_pdf(
        render_contract(data), canonical_json=canonical(data), identity=forged_identity()
    )
    result = verify_pdf(forged, trusted_roots=TRUSTED)
    assert result.status == "untrusted" and "no trusted root issued" in result.detail


def test_the_genuine_contract_re_signed_with_another_key_is_untrusted():
    data = contract()
    resigned = sign_pdf(
        render_contract(data), canonical_json=canonical(data), identity=forged_identity()
    )
    assert verify_pdf(resigned, trusted_roots=TRUSTED).status == "untrusted"


def test_without_a_trusted_root_even_a_genuine_contract_is_untrusted():
    result = verify_pdf(signed(), trusted_roots=[])
    assert result.status == "untrusted" and "--trust" in result.detail


def test_another_chains_root_does_not_vouch_for_this_store():
    other_chain = create_root("别家连锁")
    assert verify_pdf(signed(), trusted_roots=[other_chain.cert_pem]).status == "untrusted"


def test_not_a_pdf_is_bad_input():
    with pytest.raises(ValueError, match="not a PDF"):
        verify_pdf(b"hello", trusted_roots=TRUSTED)


def test_an_empty_signature_is_refused():
    with pytest.raises(ValueError, match="signature is empty"):
        signature_png([])


@pytest.mark.parametrize(("paper", "width_mm"), [("80mm", 80), ("58mm", 58), ("A4", 210)])
def test_receipts_fit_their_paper_and_mask_the_id(paper, width_mm):
    from printing.receipt_pdf import render_receipt

    page = PdfReader(io.BytesIO(render_receipt(receipt_data(), paper=paper))).pages[0]
    assert abs(float(page.mediabox.width) / 72 * 25.4 - width_mm) < 0.5
    text = page.extract_text()
    assert "¥343.10" in text and "分期还款（第 3 期）" in text and "310104********1237" in text
    assert "310104199005201237" not in text and "2026-11-23 14:30:00" in text


def test_an_unknown_paper_size_is_refused():
    from printing.receipt_pdf import render_receipt

    with pytest.raises(ValueError, match="paper is one of"):
        render_receipt(receipt_data(), paper="A5")


def test_a_rare_name_prints_in_a_fallback_font_or_refuses_to_print(monkeypatch):
    pdf = render_contract(contract(customer_name="刘䶮", customer_address="上海市徐汇区垚路1号"))
    assert "刘䶮" in text_of(pdf)  # 䶮 (CJK Extension A) from the fallback font, not a box
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for f in page["/Resources"]["/Font"].values()
    }
    # a fallback TrueType font fontconfig knows has 䶮 (HanaMin, or AR PL UKai where installed)
    assert any("WenQuanYi" not in f and f != "/Helvetica" for f in fonts), fonts
    from printing.receipt_pdf import render_receipt

    receipt = render_receipt(
        dataclasses.replace(receipt_data(), customer_name="刘䶮"), paper="58mm"
    )
    assert "客户：刘䶮" in text_of(receipt).replace("\n", "")  # pypdf breaks at the font change
    monkeypatch.setattr("printing.fonts._font_for", lambda ch: None)
    with pytest.raises(
        EnvironmentProblem, match="no installed font can print 䶮: install fonts-hanazono"
    ):
        render_contract(contract(customer_name="刘䶮"))
