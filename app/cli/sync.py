"""`fenqi enrol URL CODE` and `fenqi sync`: this terminal and the chain's central server."""

from __future__ import annotations

import argparse
import json

from app.domain.errors import UserError
from app.services.bootstrap import open_services
from app.services.signing import check_clock
from app.services.sync import SyncReport, enrol, sync_once


def run_enrol(args: argparse.Namespace) -> int:
    """Join the chain with a one-time code, then sync once."""
    services = open_services(args.db, create=True)
    try:
        report = enrol(services, args.url, args.code, ca=args.ca)
    finally:
        services.close()
    print(f"enrolled with {args.url}")
    _print(report, as_json=False)
    return 0


def run_sync(args: argparse.Namespace) -> int:
    """One round: push the queue, pull the chain's data. Exit 1 when anything was refused
    or held back."""
    services = open_services(args.db)
    try:
        report = sync_once(services, args.server)
    finally:
        services.close()
    _print(report, as_json=args.json)
    return 1 if report.refused or report.held else 0


def _print(report: SyncReport, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return
    print(f"server: {report.server}")
    print(f"pushed: {report.pushed} acknowledged, {len(report.refused)} refused")
    for refusal in report.refused:
        print(f"  refused {refusal['entity']} {refusal['event_id']}: {refusal['reason']}")
    print(f"pulled: {report.pulled} reference rows")
    for row in report.held:
        print(f"  held back (this terminal cannot apply it; ask the back office): {row}")
    print(f"pending: {report.pending}")
    if report.clock_offset_s is not None:
        try:
            check_clock(report.clock_offset_s)
        except UserError as exc:
            print(f"clock: {exc}")
