"""How long a salesperson waits for a command to start and answer; print JSON.

    python -m bench.startup_bench [--runs 5]

Each command runs as its own process, as typed at the counter, after one warm-up run with
bytecode caching on (an installed program has its .pyc files; PYTHONDONTWRITEBYTECODE is
removed from the environment for that reason). Targets (issue 11), p50 of the runs:
`fenqi --help` ≤ 0.3 s, `fenqi quote` on the demo store ≤ 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS_S = {"help": 0.3, "quote": 1.5}


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    fenqi = [sys.executable, "-m", "app.cli"]
    with tempfile.TemporaryDirectory() as folder:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["FENQI_KEY_FILE"] = str(Path(folder) / "keys" / "fenqi.key")
        db = f"sqlite:///{Path(folder) / 'fenqi.sqlite3'}"
        subprocess.run([*fenqi, "init-demo", "--db", db], env=env, check=True, capture_output=True)
        commands = {
            "help": [*fenqi, "--help"],
            "quote": [*fenqi, "quote", "--db", db, "--sku", "APL-IP17-256-BLK", "--down", "1000"],
        }
        results = {}
        for name, command in commands.items():
            _time(command, env)  # warm-up: bytecode cached, files in the page cache
            times = sorted(_time(command, env) for _ in range(runs))
            p50 = statistics.median(times)
            results[name] = {
                "p50_s": round(p50, 3),
                "max_s": round(times[-1], 3),
                "target_s": TARGETS_S[name],
                "met": p50 <= TARGETS_S[name],
            }
    print(
        json.dumps(
            {
                "bench": "startup",
                "runs": runs,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "commands": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
