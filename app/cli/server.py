"""`fenqi server`: the chain's central server; `fenqi server init` and `fenqi server enrol`
prepare it and its terminals."""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import server_db_url
from app.domain.errors import UserError
from storage.reference_rows import Row

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    Sessions = sessionmaker[Session]


def run(args: argparse.Namespace) -> int:
    """Serve, or run the `init` / `enrol` action."""
    from server.db import open_database

    url = server_db_url(args.db)
    engine, sessions = open_database(url)
    try:
        if args.action == "init":
            return _init(sessions, demo=args.demo)
        if args.action == "enrol":
            return _enrol(sessions, args.store, args.terminal)
        if args.action == "reviewer":
            return _reviewer(sessions, args.name)
        if args.action == "admin":
            return _admin(sessions, args)
        return _serve(sessions, args)
    finally:
        engine.dispose()


def _serve(sessions: Sessions, args: argparse.Namespace) -> int:
    import uvicorn

    from app.services.sync import LOOPBACK
    from server.app import create_app

    if bool(args.ssl_keyfile) != bool(args.ssl_certfile):
        raise UserError("--ssl-keyfile and --ssl-certfile go together (HTTPS needs both)")
    if not args.ssl_certfile and args.host not in LOOPBACK and not args.insecure:
        raise UserError(
            "--host {host} without TLS would send credentials and customers' records in "
            "clear: give --ssl-keyfile and --ssl-certfile (or --insecure, for a lab)",
            host=args.host,
        )
    uvicorn.run(
        create_app(sessions),
        host=args.host,
        port=args.port,
        ssl_keyfile=args.ssl_keyfile,
        ssl_certfile=args.ssl_certfile,
        log_level="warning",
    )
    return 0


def _init(sessions: Sessions, *, demo: bool) -> int:
    from server.enrolment import chain_lookup_key, chain_root
    from server.reference import load_reference

    with sessions.begin() as session:
        chain_root(session)
        key = chain_lookup_key(session)
        changed = load_reference(session, demo_chain_rows(key)) if demo else 0
    print(
        "central server database ready"
        + (f"; demo chain data: {changed} rows changed" if demo else "")
    )
    return 0


def demo_chain_rows(lookup_key: bytes) -> list[Row]:
    """The demo store's reference data (staff, catalog, stock, rates, rules, blocklist) as
    the chain's rows, the blocklist's ID numbers hashed with the chain's key."""
    from app.demo.seed import load_demo
    from app.services.bootstrap import open_services
    from storage.reference_rows import export_rows

    with tempfile.TemporaryDirectory() as folder:
        previous = os.environ.get("FENQI_KEY_FILE")
        os.environ["FENQI_KEY_FILE"] = str(Path(folder) / "key" / "fenqi.key")
        try:
            services = open_services(f"sqlite:///{Path(folder) / 'chain.sqlite3'}", create=True)
            services.cipher = services.cipher.with_lookup_key(lookup_key)
            load_demo(services)
            with services.sessions.begin() as session:
                rows = export_rows(session)
            services.close()
        finally:
            if previous is None:
                os.environ.pop("FENQI_KEY_FILE")
            else:
                os.environ["FENQI_KEY_FILE"] = previous
    return rows


def _enrol(sessions: Sessions, store: str, terminal: str) -> int:
    from server.enrolment import Refused, create_code
    from storage.types import utcnow

    try:
        with sessions.begin() as session:
            code = create_code(session, store, terminal, utcnow())
    except Refused as exc:
        raise UserError(str(exc)) from None
    print(f"enrolment code for {store} {terminal} (one use, valid 24 hours): {code}")
    print(f"on that terminal: fenqi enrol URL {code}")
    return 0


def _reviewer(sessions: Sessions, name: str) -> int:
    from server.reviews import add_reviewer

    if not name.strip():
        raise UserError("--name is empty: give the reviewer's name")
    with sessions.begin() as session:
        token = add_reviewer(session, name.strip())
    print(f"reviewer token for {name.strip()} (shown once; send as Authorization: Bearer):")
    print(token)
    return 0


def _admin(sessions: Sessions, args: argparse.Namespace) -> int:
    import getpass
    import json

    from server import admin

    by = (getattr(args, "by", None) or getpass.getuser()).strip()[:60]
    with sessions.begin() as session:
        if args.admin_action == "list":
            for row in admin.rows(session, args.table, args.store):
                values = json.dumps(admin.shown(row.values), ensure_ascii=False, sort_keys=True)
                print(f"{row.row_id}  {row.store_code or '-'}  cursor {row.cursor}  {values}")
            return 0
        if args.admin_action == "remove":
            admin.remove(session, args.table, args.id, by=by)
            print(f"removed {args.table} {args.id}: terminals drop it with their next sync")
            return 0
        row_id, changed = admin.put(session, args.table, _json_object(args.values), by=by,
                                    row_id=args.id)  # fmt: skip
    print(f"{args.table} {row_id}: " + ("stored" if changed else "unchanged (already so)"))
    return 0


def _json_object(text: str) -> dict:
    """The values given on the command line: a JSON object, or @FILE holding one."""
    import json

    from app.cli.text import read_json

    try:
        value = read_json(text[1:]) if text.startswith("@") else json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError("the values are not JSON: {exc}", exc=exc.msg) from None
    except RecursionError:
        raise UserError("the values are nested too deeply") from None
    if not isinstance(value, dict):
        raise UserError('the values are a JSON object: {"column": value, ...}')
    return value
