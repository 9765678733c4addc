"""`fenqi server`, `fenqi enrol` and `fenqi sync` given what a person might mistype: one
line, no traceback, and no password printed."""

from __future__ import annotations

import pytest

from tests.factories.cli import run


@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["server", "--db", "nonsense", "init"], 2, "is not a database URL"),
        (["server", "--db", "postgresql+psycopg://u:secret@127.0.0.1:1/x", "init"], 1,
         "cannot open the server database"),
        (["enrol", "notaurl", "ABC-DEF-123"], 2, "is not a server address"),
        (["enrol", "http://127.0.0.1:1", "ABC-DEF-123"], 1, "does not answer"),
    ],
)  # fmt: skip
def test_bad_server_and_sync_input_is_one_line(capsys, sqlite_url, argv, code, says):
    if argv[0] == "enrol":
        argv = [*argv, "--db", sqlite_url]
    got, out, err = run(capsys, *argv)
    assert got == code and out == "" and err.count("\n") == 1 and says in err
    assert "secret" not in err and "Traceback" not in err


def test_sync_before_enrolling_says_how_to_enrol(capsys, demo_sqlite_url):
    got, _, err = run(capsys, "sync", "--db", demo_sqlite_url)
    assert got == 2 and "fenqi enrol URL CODE" in err


def test_the_chain_key_file_says_in_one_line_what_is_missing(capsys, tmp_path, monkeypatch):
    import io

    db = ["server", "--db", f"sqlite:///{tmp_path / 'server.sqlite3'}"]
    keys = ["--key-file", str(tmp_path / "chain-keys.json")]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # no terminal to ask on
    monkeypatch.setenv("FENQI_SERVER_PASSPHRASE", "short")
    cases = [(["init"], "at least 12 characters"), (["--port", "1"], "run `fenqi server init`")]
    for argv, says in cases:
        got, out, err = run(capsys, *db, *keys, *argv)
        assert (got, out) == (2 if argv == ["init"] else 1, "") and err.count("\n") == 1
        assert says in err
    monkeypatch.delenv("FENQI_SERVER_PASSPHRASE")
    got, _, err = run(capsys, *db, *keys, "init")
    assert got == 2 and "set FENQI_SERVER_PASSPHRASE" in err
    (tmp_path / "chain-keys.json").write_text('{"format": "something else"}')
    monkeypatch.setenv("FENQI_SERVER_PASSPHRASE", "long enough passphrase")
    got, _, err = run(capsys, *db, *keys, "--port", "1")
    assert got == 1 and "is damaged" in err and "Traceback" not in err
