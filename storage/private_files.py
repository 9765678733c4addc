"""Files that hold personal data: owner-only, written whole or not at all.

On POSIX, folders are made 0700 and files 0600 whatever the umask; on Windows the user's
profile folders (where platformdirs puts ours) are already private to the user.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def private_folder(path: Path) -> Path:
    """`path` as a folder only its owner can enter (made with its parents when missing)."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if os.name == "posix":
        path.chmod(0o700)
    return path


def write_private(path: Path, data: bytes) -> Path:
    """Write `data` to `path` atomically (a temporary file in the same folder, flushed, then
    renamed over it), readable by the owner only. A crash leaves the old file or none."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:  # mkstemp makes it 0600
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path


def create_private(path: Path, data: bytes) -> Path:
    """Create `path` (which must not exist yet) owner-only with `data`.

    Raises:
        FileExistsError: a file of that name is already there.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    return path


def write_once(path: Path, data: bytes) -> Path:
    """Write `data` to `path`, which must not exist yet, whole or not at all (a temporary
    file linked into place), owner-read-only: an original that is never rewritten.

    Raises:
        FileExistsError: `path` is there already (it is left as it is).
    """
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, 0o400)
        os.link(temp, path)  # fails when the name is taken: never over an original
    finally:
        Path(temp).unlink(missing_ok=True)
    return path
