"""Programs forked from a process that has already imported them: a server comes up in a
fraction of a second instead of ~2.5 s (1.5 s of it importing), a counter window to crash
without its ~2 s of imports, four counters' sales without ~1.5 s each. Each is still a
process of its own, killed with SIGKILL as a power cut would. POSIX only; elsewhere a new
interpreter is started instead."""

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

def fork(job):
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
    return pid

for line in sys.stdin:
    pids = [fork(job) for job in json.loads(line)]  # started together
    print(json.dumps(pids), flush=True)
    if not reap:
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
        print(json.dumps(codes), flush=True)
"""

SERVER = (  # what every `fenqi server` imports on its way up
    *("app.cli", "app.cli.server", "app.services.sync", "server.app", "server.db"),
    *("server.keys", "uvicorn", "alembic.command", "alembic.config", "alembic.script"),
    *("alembic.runtime.migration", "alembic.runtime.environment", "psycopg"),
)
WINDOW = ("tests.factories.counter", "ui.main_window", "app.services.bootstrap")
SALE = (  # what `tests.factories.sales:main` imports
    *("tests.factories.sales", "app.services.sale", "app.services.signing"),
    *("app.services.bootstrap", "printing.documents", "storage.certificates"),
)


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


Job = tuple[str, list[str], Path]  # "module:function", its argv, the log its output goes to


def _send(zygote: subprocess.Popen[str], jobs: list[Job]) -> list[int]:
    assert zygote.stdin is not None and zygote.stdout is not None
    env = dict(os.environ)
    lines = [{"call": c, "argv": argv, "log": str(log), "env": env} for c, argv, log in jobs]
    zygote.stdin.write(json.dumps(lines) + "\n")
    zygote.stdin.flush()
    return list(json.loads(zygote.stdout.readline()))


def start(argv: list[str], log: Path) -> Forked | subprocess.Popen[bytes]:
    """`fenqi ARGV` in a process of its own, its output appended to `log`, with this
    process's environment as it is now."""
    if not hasattr(os, "fork"):
        with log.open("ab") as out:
            return subprocess.Popen(
                [sys.executable, "-m", "app.cli", *argv], stdout=out, stderr=out, cwd=ROOT
            )
    (pid,) = _send(_zygote(True, SERVER), [("app.cli:main", argv, log)])
    return Forked(pid)


def run(jobs: list[Job], *, preload: tuple[str, ...], timeout: float) -> list[int]:
    """Each job's `call(argv)` (returning an exit code) in a process of its own, all started
    together, forked from one that has imported `preload`, their output appended to their
    logs; their exit codes once all have ended (negative: the signal that killed one).

    Raises:
        TimeoutError: not all ended within `timeout` seconds (those left are killed).
    """
    deadline = time.monotonic() + timeout
    if not hasattr(os, "fork"):
        processes = []
        for call, argv, log in jobs:
            module, function = call.split(":")
            script = f"import sys, {module} as m; sys.exit(m.{function}(sys.argv[1:]))"
            with log.open("ab") as out:
                processes.append(
                    subprocess.Popen(
                        [sys.executable, "-c", script, *argv], stdout=out, stderr=out, cwd=ROOT
                    )
                )
        try:
            return [p.wait(max(0.0, deadline - time.monotonic())) for p in processes]
        except subprocess.TimeoutExpired:
            for p in processes:
                p.kill()
            raise TimeoutError(f"{jobs} did not end in {timeout} s") from None
    zygote = _zygote(False, preload)
    children = [Forked(pid) for pid in _send(zygote, jobs)]
    while any(c.poll() is None for c in children) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert zygote.stdout is not None
    left = [c for c in children if c.poll() is None]
    if left:
        for child in left:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
        zygote.stdout.readline()
        logs = "".join(log.read_text()[-2000:] for _, _, log in jobs if log.exists())
        raise TimeoutError(f"{jobs} did not end in {timeout} s: {logs}")
    return list(json.loads(zygote.stdout.readline()))  # the zygote reaped them: their statuses
