"""A sale's printed documents: the signed store and customer copies of the contract and the
down-payment receipt, as file name → PDF bytes (the caller writes them)."""

from __future__ import annotations

from app.domain.contract import ContractData, canonical
from app.domain.receipt import ReceiptData
from printing.contract_pdf import render_contract
from printing.pdf_signatures import Signer, sign_pdf
from printing.receipt_pdf import render_receipt


def sale_documents(
    data: ContractData, receipt: ReceiptData | None, identity: Signer
) -> dict[str, bytes]:
    """Both copies of the contract, each signed over its own canonical data, and the
    receipt on 80 mm paper when there is one."""
    files = {
        f"{data.number}-{copy}.pdf": sign_pdf(
            render_contract(data, copy=copy),
            canonical_json=canonical(data, copy=copy),
            identity=identity,
        )
        for copy in ("store", "customer")
    }
    if receipt is not None:
        files[f"{receipt.number}-80mm.pdf"] = render_receipt(receipt, paper="80mm")
    return files
