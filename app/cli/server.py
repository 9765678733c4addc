"""`fenqi server`: the chain's central server; `fenqi server init` and `fenqi server enrol`
prepare it and its terminals."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import server_db_url, server_key_file
from app.domain.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker

    from server.keys import ChainKeys

    Sessions = sessionmaker[Session]


def run(args: argparse.Namespace) -> int:
    """Serve, or run the `init` / `enrol` action."""
    from server.db import open_database

    url = server_db_url(args.db)
    engine, sessions = open_database(url)
    try:
        if args.action == "init":
            return _init(sessions, server_key_file(args.key_file), demo=args.demo)
        if args.action == "enrol":
            return _enrol(sessions, args.store, args.terminal)
        if args.action == "reviewer":
            return _reviewer(sessions, args.name, args.days)
        if args.action == "rotate":
            return _rotate(args)
        if args.action in ("terminals", "reviewers", "revoke"):
            return _credentials(sessions, args)
        if args.action == "admin":
            return _admin(sessions, args)
        return _serve(sessions, args)
    finally:
        engine.dispose()


def _keys(args: argparse.Namespace) -> ChainKeys:
    """The chain's keys, from its key file."""
    from server.keys import load_keys, passphrase

    return load_keys(server_key_file(args.key_file), passphrase())


def _serve(sessions: Sessions, args: argparse.Namespace) -> int:
    import uvicorn

    from app.services.sync import LOOPBACK
    from server.app import create_app
    from server.keys import keys_in_database
    from server.models import DEMO, ChainSetting

    with sessions.begin() as session:
        if keys_in_database(session) is not None:
            raise UserError(
                "the server database still holds the chain's keys: run `fenqi server init` "
                "to move them into the key file"
            )
        demo = session.get(ChainSetting, DEMO) is not None
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
    _log_access(args.access_log)
    uvicorn.run(
        create_app(sessions, _keys(args), failures_allowed=args.refusals_allowed),
        host=args.host,
        port=args.port,
        ssl_keyfile=args.ssl_keyfile,
        ssl_certfile=args.ssl_certfile,
        log_level="warning",
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


def _init(sessions: Sessions, key_file: Path, *, demo: bool) -> int:
    """Migrate the database; make the chain's key file (moving the keys out of a database
    that an older server kept them in); load the demo chain if asked."""
    from sqlalchemy import select

    from app.demo.seed import demo_chain_rows
    from server.keys import (
        forget_keys_in_database,
        keys_in_database,
        load_keys,
        new_keys,
        passphrase,
        save_keys,
    )
    from server.models import DEMO, ChainSetting, EnrolledTerminal
    from server.reference import load_reference

    with sessions.begin() as session:
        if (
            demo
            and session.get(ChainSetting, DEMO) is None
            and session.scalar(select(EnrolledTerminal.id).limit(1))
        ):
            raise UserError(
                "this chain has enrolled terminals: the demo's data (and its published "
                "passwords) go only on a database of their own"
            )
        held = keys_in_database(session)
        if key_file.exists():
            keys = load_keys(key_file, passphrase())
            if held is not None and held != keys:
                raise UserError(
                    "the server database holds other keys than {path}: give the key file "
                    "made from this database (--key-file)",
                    path=key_file,
                )
        else:
            keys = held or new_keys()
            save_keys(key_file, keys, passphrase(confirm=True))
        forget_keys_in_database(session)
        changed = 0
        if demo:
            session.merge(ChainSetting(key=DEMO, value="demo store data, published passwords"))
            changed = load_reference(session, demo_chain_rows(keys.lookup_key))
    print(f"central server database ready; the chain's keys are in {key_file}")
    if held is not None:
        print("the keys were moved out of the database: backups made before still hold them")
    if demo:
        print(f"demo chain data: {changed} rows changed")
    return 0


def _enrol(sessions: Sessions, store: str, terminal: str) -> int:
    from datetime import UTC, datetime

    from server.enrolment import Refused, create_code

    try:
        with sessions.begin() as session:
            code = create_code(session, store, terminal, datetime.now(UTC))
    except Refused as exc:
        raise UserError(str(exc)) from None
    print(f"enrolment code for {store} {terminal} (one use, valid 24 hours): {code}")
    print(f"on that terminal: fenqi enrol URL {code}")
    return 0


def _reviewer(sessions: Sessions, name: str, days: int) -> int:
    from datetime import timedelta

    from server.reviews import add_reviewer

    if not name.strip():
        raise UserError("--name is empty: give the reviewer's name")
    if not 1 <= days <= 365:
        raise UserError("--days {days}: a reviewer's token is valid 1 to 365 days", days=days)
    with sessions.begin() as session:
        token = add_reviewer(session, name.strip(), valid_for=timedelta(days=days))
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


def _credentials(sessions: Sessions, args: argparse.Namespace) -> int:
    """List the enrolled terminals or the reviewers, or revoke one."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from server.enrolment import revoke_terminal
    from server.models import EnrolledTerminal, Reviewer
    from server.reviews import revoke_reviewer

    def when(at: object) -> str:
        return at.strftime("%Y-%m-%d %H:%M") if at else "-"  # type: ignore[attr-defined]

    with sessions.begin() as session:
        if args.action == "terminals":
            query = select(EnrolledTerminal).order_by(
                EnrolledTerminal.store_code, EnrolledTerminal.terminal_code
            )
            for t in session.scalars(query):
                state = f"revoked {when(t.revoked_at)}" if t.revoked_at else "active"
                dates = f"enrolled {when(t.enrolled_at)}  until {when(t.expires_at)}"
                print(
                    f"{t.store_code} {t.terminal_code}  {dates}  last seen "
                    f"{when(t.last_seen_at)}  {state}"
                )
            return 0
        if args.action == "reviewers":
            for r in session.scalars(select(Reviewer).order_by(Reviewer.name)):
                state = f"revoked {when(r.revoked_at)}" if r.revoked_at else "active"
                print(f"{r.name}  since {when(r.created_at)}  until {when(r.expires_at)}  {state}")
            return 0
        if args.revoke_kind == "terminal":
            if not revoke_terminal(session, args.store, args.terminal, datetime.now(UTC)):
                raise UserError(
                    "no terminal {terminal} of store {store} has enrolled",
                    terminal=args.terminal,
                    store=args.store,
                )
            print(f"revoked {args.store} {args.terminal}: it must enrol again to sync")
            return 0
        if not revoke_reviewer(session, args.name):
            raise UserError("the chain has no reviewer {name}", name=args.name)
        print(f"revoked reviewer {args.name}'s token")
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
        row_id, changed = admin.put(
            session,
            args.table,
            _json_object(args.values),
            by=by,
            lookup_key=lambda: _keys(args).lookup_key,
            row_id=args.id,
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
