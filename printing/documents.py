"""A sale's printed documents: the signed store and customer copies of the contract and the
down-payment receipt, as file name → PDF bytes (the caller writes them)."""

from __future__ import annotations

from app.domain.contract import ContractData, canonical, canonical_json
from app.domain.receipt import ReceiptData, receipt_document
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
        files[f"{receipt.number}-80mm.pdf"] = signed_receipt(receipt, identity)
    return files


def signed_receipt(receipt: ReceiptData, identity: Signer, *, paper: str = "80mm") -> bytes:
    """A payment's receipt on `paper`, signed by the store over what it prints (`fenqi
    verify` checks it as it checks a contract)."""
    return sign_pdf(
        render_receipt(receipt, paper=paper),
        canonical_json=canonical_json(receipt_document(receipt)),
        identity=identity,
        reason="收款凭证电子签章",
    )
