"""Running `fenqi` in-process as a salesperson would type it, and dumping a database."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from app import cli


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(url: str) -> dict[str, list]:
    engine = create_engine(url)
    with engine.connect() as connection:
        tables = sorted(inspect(connection).get_table_names())
        dump = {
            t: sorted(map(repr, connection.execute(text(f"SELECT * FROM {t}")))) for t in tables
        }
    engine.dispose()
    return dump
