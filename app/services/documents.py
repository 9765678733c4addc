"""A signed sale's documents, made the one way every caller makes them (the window after
signing, 重打 on the home screen, `fenqi reprint`, `fenqi demo`): rebuilt from what was
stored (so they seal to the hash signed), signed with the store's identity, written
owner-only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.clock import business_day, day_bounds
from app.domain.contract import contract_hash, mask_name
from app.domain.receipt import ReceiptData
from app.services.bootstrap import Services
from app.services.repayments import payment_receipt
from app.services.signing import stored_sale
from storage.certificates import trusted_roots
from storage.private_files import private_folder, write_once, write_private

if TYPE_CHECKING:
    from printing.pdf_signatures import Signer, Verification


@dataclass(frozen=True)
class SaleDocuments:
    """A sale's signed PDFs (file name → bytes) and the folder they were written to."""

    number: str
    sha256: str
    files: dict[str, bytes]
    folder: Path

    def named(self, suffix: str) -> bytes | None:
        """The document whose name ends in `suffix` ("-store.pdf", "-customer.pdf",
        "-80mm.pdf"), if there is one."""
        return next((pdf for name, pdf in self.files.items() if name.endswith(suffix)), None)

    def contract_copies(self) -> dict[str, bytes]:
        """The store copy and the customer copy of the contract, store copy first."""
        return {
            name: pdf
            for name, pdf in self.files.items()
            if name.endswith(("-store.pdf", "-customer.pdf"))
        }


@dataclass(frozen=True)
class TodaysContract:
    """A line of the home screen's list of today's contracts (the name masked)."""

    number: str
    signed_at: datetime
    customer: str
    device: str


def load_printing() -> None:
    """Import the PDF and signing stack (~1 s) ahead of the first contract: the window does
    it while the customer reads the clauses, so the signed contract shows at once."""
    import printing.documents  # noqa: F401


def print_sale(
    services: Services,
    number: str,
    *,
    folder: Path | None = None,
    reprinted_by: str | None = None,
) -> SaleDocuments:
    """Contract `number`'s signed documents: the originals kept in the documents folder's
    `number/`, made (and kept, write-once) the first time; a copy written into `folder` too
    when one is given. A reprint names who asked for it (`reprinted_by`) and is audited in
    the same transaction that read the contract; it prints the originals, byte for byte.

    Raises:
        UserError: no such contract (see `stored_sale`), or an unknown staff member.
        EnvironmentProblem: the stored record no longer seals to the contract's hash.
    """
    with services.unit_of_work() as uow:
        sale = stored_sale(uow, number)
        if reprinted_by is not None:
            staff = uow.catalog.active_staff(reprinted_by)
            contract = uow.contracts.by_number(sale.contract.number)
            assert contract is not None
            uow.audit(
                "contract.reprinted",
                staff_id=staff.id,
                entity="contracts",
                entity_id=contract.id,
                number=contract.number,
            )
    number = sale.contract.number
    kept = private_folder(private_folder(services.settings.documents) / number)
    files = _originals(kept, number)
    if files is None:
        from printing.documents import sale_documents  # the PDF and signing stack: ~1 s

        identity = _identity(services, sale.contract.store_name)
        files = {}
        for name, pdf in sale_documents(sale.contract, sale.receipt, identity).items():
            try:
                write_once(kept / name, pdf)
                files[name] = pdf
            except FileExistsError:  # made meanwhile by another print: that one is the original
                files[name] = (kept / name).read_bytes()
    if folder is not None and folder.resolve() != kept.resolve():
        out = private_folder(folder)
        for name, pdf in files.items():
            write_private(out / name, pdf)
    return SaleDocuments(number, contract_hash(sale.contract), files, folder or kept)


def payment_receipt_pdf(services: Services, payment_id: uuid.UUID, *, paper: str = "80mm") -> bytes:
    """A repayment's (or reversal's) receipt on `paper`, signed with the store's identity.

    Raises:
        UserError: no such payment.
    """
    return _signed_payment_receipt(services, payment_id, paper)[1]


def save_payment_receipt(
    services: Services, payment_id: uuid.UUID, folder: Path, *, paper: str = "80mm"
) -> tuple[Path, ReceiptData]:
    """Write a payment's signed receipt into `folder` (named by its receipt number): the
    file and what it states.

    Raises:
        UserError: no such payment.
    """
    receipt, pdf = _signed_payment_receipt(services, payment_id, paper)
    return write_private(folder / f"{receipt.number}.pdf", pdf), receipt


def _signed_payment_receipt(
    services: Services, payment_id: uuid.UUID, paper: str
) -> tuple[ReceiptData, bytes]:
    from printing.documents import signed_receipt

    with services.unit_of_work() as uow:
        receipt = payment_receipt(uow, payment_id)
    return receipt, signed_receipt(receipt, _identity(services, receipt.store_name), paper=paper)


def _identity(services: Services, store_name: str) -> Signer:
    from storage.certificates import load_or_create_identity

    return load_or_create_identity(services.settings.key_file.parent, store_name)


def _originals(kept: Path, number: str) -> dict[str, bytes] | None:
    """The originals kept for contract `number` (None until both copies of it are there)."""
    files = {path.name: path.read_bytes() for path in sorted(kept.glob("*.pdf"))}
    copies = {f"{number}-store.pdf", f"{number}-customer.pdf"}
    return files if copies <= files.keys() else None


def todays_contracts(services: Services, *, now: datetime | None = None) -> list[TodaysContract]:
    """The contracts this terminal signed today (the store's day), newest first, each
    customer's name masked."""
    now = now or datetime.now(UTC)
    start, end = day_bounds(business_day(now))
    with services.unit_of_work() as uow:
        terminal = uow.catalog.terminal()
        rows = uow.contracts.signed_between(start, end, terminal_id=terminal.id)
        return [
            TodaysContract(
                number=contract.number,
                signed_at=contract.signed_at,
                customer=mask_name(uow.customers.read(customer).name),
                device=device,
            )
            for contract, customer, device in rows
        ]


def verify_document(pdf: bytes, *, key_file: Path, trust: list[Path] | None = None) -> Verification:
    """Whether `pdf` is a contract a trusted chain signed, unaltered: its signer may chain to
    the shipped roots, the chain root kept beside this installation's `key_file`, or `trust`.

    Raises:
        UserError: a `trust` file cannot be read or holds no certificate.
        ValueError: `pdf` is not a PDF.
    """
    from printing.pdf_signatures import verify_pdf  # the signing stack: ~1 s

    return verify_pdf(pdf, trusted_roots=trusted_roots(key_file.parent, trust))
