"""Programs forked from a process that has already imported them: a server comes up in a
fraction of a second instead of ~2.5 s (1.5 s of it importing), a counter window to crash
without its ~2 s of imports. Each is still a process of its own, killed with SIGKILL as a
power cut would. POSIX only; elsewhere a new interpreter is started instead."""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_LOOP = r"""
import importlib, json, os, signal, sys
reap = sys.argv[1] == "reap"
for name in sys.argv[2:]:
    importlib.import_module(name)  # what every child imports, once
if reap:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
for line in sys.stdin:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setpgrp()
        log = os.open(job["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0), os.dup2(log, 1), os.dup2(log, 2)
        os.environ.clear()
        os.environ.update(job["env"])
        code = 1
        try:
            module, function = job["call"].split(":")
            code = getattr(importlib.import_module(module), function)(job["argv"])
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os._exit(code)
    print(pid, flush=True)
    if not reap:
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""

SERVER = (  # what every `fenqi server` imports on its way up
    *("app.cli", "app.cli.server", "app.services.sync", "server.app", "server.db"),
    *("server.keys", "uvicorn", "alembic.command", "alembic.config", "alembic.script"),
    *("alembic.runtime.migration", "alembic.runtime.environment", "psycopg"),
)
WINDOW = ("tests.factories.counter", "ui.main_window", "app.services.bootstrap")


class Forked:
    """A forked program, as much of subprocess.Popen as the tests use."""

    def __init__(self, pid: int) -> None:
        self.pid = pid

    def poll(self) -> int | None:
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return -signal.SIGKILL
        return None

    def send_signal(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, sig)

    def wait(self) -> int:
        while self.poll() is None:
            time.sleep(0.01)
        return -signal.SIGKILL


_zygotes: dict[tuple[bool, tuple[str, ...]], subprocess.Popen[str]] = {}


def _zygote(reap: bool, preload: tuple[str, ...]) -> subprocess.Popen[str]:
    zygote = _zygotes.get((reap, preload))
    if zygote is None or zygote.poll() is not None:
        zygote = subprocess.Popen(
            [sys.executable, "-c", _LOOP, "reap" if reap else "wait", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        atexit.register(zygote.kill)
        _zygotes[(reap, preload)] = zygote
    return zygote


def _send(zygote: subprocess.Popen[str], call: str, argv: list[str], log: Path) -> int:
    assert zygote.stdin is not None and zygote.stdout is not None
    job = {"call": call, "argv": argv, "log": str(log), "env": dict(os.environ)}
    zygote.stdin.write(json.dumps(job) + "\n")
    zygote.stdin.flush()
    return int(zygote.stdout.readline())


def start(argv: list[str], log: Path) -> Forked | subprocess.Popen[bytes]:
    """`fenqi ARGV` in a process of its own, its output appended to `log`, with this
    process's environment as it is now."""
    if not hasattr(os, "fork"):
        with log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "app.cli", *argv], stdout=out, stderr=out, cwd=ROOT
            )
    return Forked(_send(_zygote(True, SERVER), "app.cli:main", argv, log))


def run(call: str, argv: list[str], log: Path, *, preload: tuple[str, ...], timeout: float) -> int:
    """`call(argv)` ("module:function", returning an exit code) in a process of its own,
    forked from one that has imported `preload`, its output appended to `log`; its exit
    code once it ends (negative: the signal that killed it).

    Raises:
        TimeoutError: it did not end within `timeout` seconds (it is killed).
    """
    if not hasattr(os, "fork"):
        module, function = call.split(":")
        script = f"import sys, {module} as m; sys.exit(m.{function}(sys.argv[1:]))"
        with log.open("ab") as out:
            done = subprocess.run(
                [sys.executable, "-c", script, *argv], stdout=out, stderr=out, cwd=ROOT,
                timeout=timeout,
            )  # fmt: skip
        return done.returncode
    zygote = _zygote(False, preload)
    child = Forked(_send(zygote, call, argv, log))
    deadline = time.monotonic() + timeout
    while child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert zygote.stdout is not None
    if child.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        zygote.stdout.readline()
        raise TimeoutError(f"{call} {argv} did not end in {timeout} s: {log.read_text()[-2000:]}")
    return int(zygote.stdout.readline())  # the zygote reaped it: its exit status
