"""`fenqi server`: the chain's central server; `fenqi server init` and `fenqi server enrol`
prepare it and its terminals."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import server_db_url, server_key_file
from app.domain.errors import UserError

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session, sessionmaker

    from server.back_office import BackOffice
    from server.keys import ChainKeys


def run(args: argparse.Namespace) -> int:
    """Serve, or run the `init` / `enrol` action."""
    from server.back_office import BackOffice
    from server.db import open_database

    url = server_db_url(args.db)
    engine, sessions = open_database(url)
    office = BackOffice(sessions)
    try:
        if args.action == "init":
            return _init(office, server_key_file(args.key_file), demo=args.demo)
        if args.action == "enrol":
            return _enrol(office, args.store, args.terminal)
        if args.action == "reviewer":
            return _reviewer(office, args.name, args.days)
        if args.action == "rotate":
            return _rotate(args)
        if args.action in ("terminals", "reviewers", "revoke"):
            return _credentials(office, args)
        if args.action == "admin":
            return _admin(office, args)
        return _serve(sessions, office, args)
    finally:
        engine.dispose()


def _keys(args: argparse.Namespace) -> ChainKeys:
    """The chain's keys, from its key file."""
    from server.keys import load_keys, passphrase

    return load_keys(server_key_file(args.key_file), passphrase())


def _serve(sessions: sessionmaker[Session], office: BackOffice, args: argparse.Namespace) -> int:
    import uvicorn

    from app.services.sync import LOOPBACK
    from server.app import create_app
    from server.connections import BoundedH11

    demo = office.is_demo()
    if bool(args.ssl_keyfile) != bool(args.ssl_certfile):
        raise UserError("--ssl-keyfile and --ssl-certfile go together (HTTPS needs both)")
    if not args.ssl_certfile and args.host not in LOOPBACK and not args.insecure:
        raise UserError(
            "--host {host} without TLS would send credentials and customers' records in "
            "clear: give --ssl-keyfile and --ssl-certfile (or --insecure, for a lab)",
            host=args.host,
        )
    if demo and args.host not in LOOPBACK:
        raise UserError(
            "this is the demo chain, its staff passwords printed for anyone: serve it on this "
            "machine only (--host 127.0.0.1)"
        )
    if args.refusals_allowed < 1:
        raise UserError("--refusals-allowed is at least 1")
    if not 0 < args.header_timeout <= 300 or not 0 < args.body_timeout <= 600:
        raise UserError("--header-timeout is 0–300 seconds and --body-timeout 0–600, above 0")
    _log_access(args.access_log)
    BoundedH11.header_seconds = args.header_timeout
    uvicorn.run(
        create_app(
            sessions,
            _keys(args),
            failures_allowed=args.refusals_allowed,
            body_seconds=args.body_timeout,
        ),
        http=BoundedH11,
        host=args.host,
        port=args.port,
        ssl_keyfile=args.ssl_keyfile,
        ssl_certfile=args.ssl_certfile,
        log_level="warning",
        proxy_headers=args.forwarded_allow_ips is not None,  # X-Forwarded-For: named proxies only
        forwarded_allow_ips=args.forwarded_allow_ips,
    )
    return 0


def _log_access(path: Path | None) -> None:
    """Send the access log (one line a request) to `path`, or to standard error."""
    import logging

    from server.guard import ACCESS

    handler = logging.FileHandler(path, encoding="utf-8") if path else logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    ACCESS.addHandler(handler)
    ACCESS.setLevel(logging.INFO)
    ACCESS.propagate = False


def _init(office: BackOffice, key_file: Path, *, demo: bool) -> int:
    """Migrate the database; make the chain's key file (moving the keys out of a database
    that an older server kept them in); load the demo chain if asked."""
    from app.demo.seed import demo_chain_rows
    from server.keys import passphrase

    done = office.init(key_file, passphrase, demo_chain_rows if demo else None)
    print(f"central server database ready; the chain's keys are in {done.key_file}")
    if done.moved_out:
        print("the keys were moved out of the database: backups made before still hold them")
    if done.demo_rows is not None:
        print(f"demo chain data: {done.demo_rows} rows changed")
    return 0


def _enrol(office: BackOffice, store: str, terminal: str) -> int:
    code = office.enrolment_code(store, terminal)
    print(f"enrolment code for {store} {terminal} (one use, valid 24 hours): {code}")
    print(f"on that terminal: fenqi enrol URL {code}")
    return 0


def _reviewer(office: BackOffice, name: str, days: int) -> int:
    token = office.add_reviewer(name, days)
    print(
        f"reviewer token for {name.strip()}, valid {days} days "
        "(shown once; send as Authorization: Bearer):"
    )
    print(token)
    return 0


def _rotate(args: argparse.Namespace) -> int:
    """A new key file beside the old: a new lookup key and/or a new root, the rest kept."""
    from server.keys import new_keys, passphrase, save_keys

    if not (args.lookup or args.root):
        raise UserError("say what to renew: --lookup, --root or both")
    old = _keys(args)
    keys = new_keys(
        root=None if args.root else old.root,
        lookup_key=None if args.lookup else old.lookup_key,
    )
    save_keys(args.to, keys, passphrase())
    then = "; put the blocklist's ID numbers again" if args.lookup else ""
    print(f"new key file {args.to}: serve with it (--key-file), enrol each terminal again{then}")
    return 0


def _credentials(office: BackOffice, args: argparse.Namespace) -> int:
    """List the enrolled terminals or the reviewers, or revoke one."""
    if args.action == "terminals":
        for t in office.terminals():
            dates = f"enrolled {_when(t.since)}  until {_when(t.until)}"
            print(f"{t.holder}  {dates}  last seen {_when(t.last_seen)}  {t.state}")
        return 0
    if args.action == "reviewers":
        for r in office.reviewers():
            print(f"{r.holder}  since {_when(r.since)}  until {_when(r.until)}  {r.state}")
        return 0
    if args.revoke_kind == "terminal":
        office.revoke_terminal(args.store, args.terminal)
        print(f"revoked {args.store} {args.terminal}: it must enrol again to sync")
        return 0
    office.revoke_reviewer(args.name)
    print(f"revoked reviewer {args.name}'s token")
    return 0


def _when(at: datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M") if at else "-"


def _admin(office: BackOffice, args: argparse.Namespace) -> int:
    import getpass
    import json

    by = (getattr(args, "by", None) or getpass.getuser()).strip()[:60]
    if args.admin_action == "list":
        for row in office.rows(args.table, args.store):
            values = json.dumps(row.values, ensure_ascii=False, sort_keys=True)
            print(f"{row.row_id}  {row.store_code or '-'}  cursor {row.cursor}  {values}")
        return 0
    if args.admin_action == "remove":
        office.remove(args.table, args.id, by=by)
        print(f"removed {args.table} {args.id}: terminals drop it with their next sync")
        return 0
    row_id, changed = office.put(
        args.table, _json_object(args.values), by=by, keys=lambda: _keys(args), row_id=args.id
    )
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
