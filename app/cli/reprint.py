"""`fenqi reprint NUMBER`: print a signed sale's documents again, from what was stored."""

from __future__ import annotations

import argparse

from app.cli.text import output_folder
from app.config import key_file_path
from app.domain.contract import contract_hash
from app.services.bootstrap import open_services
from app.services.signing import stored_sale
from printing.documents import sale_documents
from storage.files import write_private
from storage.keys import load_or_create_identity


def run(args: argparse.Namespace) -> int:
    """Rebuild the contract (same content hash), sign both copies and the receipt again."""
    out = output_folder(args.out)
    services = open_services(args.db)
    try:
        with services.unit_of_work() as uow:
            sale = stored_sale(uow, args.number)
    finally:
        services.close()
    identity = load_or_create_identity(key_file_path().parent, sale.contract.store_name)
    documents = sale_documents(sale.contract, sale.receipt, identity)
    print(f"contract: {sale.contract.number} sha256={contract_hash(sale.contract)}")
    for name, pdf in documents.items():
        print(f"wrote: {write_private(out / name, pdf)}")
    return 0
