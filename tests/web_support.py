"""A real SQLite bank with notes imported, the starting point of the web tests (test client and browser)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from interview_coach.bank import open_bank
from interview_coach.bank.importer import import_paths


def imported_bank(root: Path, notes: str | None = None, files: Sequence[Path] = ()) -> str:
    """Writes `notes` (if any) to root/notes.md, imports it and `files` into root/bank.db; returns the bank's URL."""
    paths = [str(f) for f in files]
    if notes is not None:
        (root / "notes.md").write_text(notes, encoding="utf-8")
        paths.insert(0, str(root / "notes.md"))
    url = f"sqlite:///{root / 'bank.db'}"
    bank = open_bank(url)
    try:
        assert import_paths(bank, paths).ok
    finally:
        bank.close()
    return url
