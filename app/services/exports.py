"""What a front end saves for its user (a document, the day's figures, a crash report):
owner-only files, written whole or not at all."""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

from platformdirs import user_log_dir

from storage.private_files import create_private, private_folder, write_private

__all__ = ["private_folder", "save_file", "save_files", "write_crash_report"]


def save_file(path: Path, data: bytes) -> Path:
    """Write `data` at the path the user chose, owner-only, replacing any file there whole.

    Raises:
        OSError: the file cannot be written (nothing is left half-written).
    """
    return write_private(path, data)


def save_files(target: Path, files: dict[str, bytes]) -> list[Path]:
    """Save `files` (name → bytes) where the user chose `target`: one file at that name,
    several beside it under their own names; returns the files written.

    Raises:
        OSError: a file cannot be written.
    """
    folder = private_folder(target.parent)
    if len(files) == 1:
        return [write_private(target, next(iter(files.values())))]
    return [write_private(folder / name, data) for name, data in files.items()]


def write_crash_report(exc: BaseException) -> Path:
    """Save a bug's traceback in the user log folder (one owner-only file per crash, never
    overwritten) and return the file: the CLI and the window show one line and this path."""
    folder = private_folder(Path(user_log_dir("fenqi", appauthor=False)))
    name = f"crash-{datetime.now():%Y%m%d-%H%M%S-%f}-{os.getpid()}.txt"
    text = "".join(traceback.format_exception(exc))
    return create_private(folder / name, text.encode("utf-8"))
