"""Running `fenqi` in-process as a salesperson would type it, and dumping a database."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess

from sqlalchemy import create_engine, inspect, text

from app import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def fenqi(*argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`fenqi ARGV` as typed, run in this process with `env` set meanwhile: its exit code
    and what it printed (a process of its own would spend ~1.5 s importing the program)."""
    out, err = io.StringIO(), io.StringIO()
    before = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(list(argv))
            except SystemExit as exc:  # argparse refused the options
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())


def snapshot(url: str) -> dict[str, list]:
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
        dump = {
            t: sorted(map(repr, connection.execute(text(f"SELECT * FROM {t}")))) for t in tables
        }
    engine.dispose()
    return dump
