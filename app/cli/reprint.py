"""`fenqi reprint NUMBER`: print a signed sale's documents again, from what was stored."""

from __future__ import annotations

import argparse

from app.cli.text import output_folder
from app.services.bootstrap import open_services
from app.services.documents import print_sale


def run(args: argparse.Namespace) -> int:
    """Rebuild the contract (same content hash), sign both copies and the receipt again."""
    out = output_folder(args.out)
    services = open_services(args.db)
    try:
        documents = print_sale(services, args.number, folder=out)
    finally:
        services.close()
    print(f"contract: {documents.number} sha256={documents.sha256}")
    for name in documents.files:
        print(f"wrote: {documents.folder / name}")
    return 0
