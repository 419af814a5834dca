"""Notes files sent through a form (the web app's import): kept in a staging folder in the user dir, previewed
like `import --dry-run`, then imported from there by name, so the preview and the import read the same bytes."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from interview_coach.bank import Bank
from interview_coach.bank.importer import DEFAULT_MAX_BYTES, FilePreview, ImportReport, import_paths, preview_paths
from interview_coach.errors import CoachError
from interview_coach.notes.discover import NOTES_SUFFIXES, SUFFIXES_SHOWN

_TOKEN = re.compile(r"^[0-9a-f]{16}$")


@dataclass(frozen=True)
class Staged:
    token: str
    previews: list[FilePreview]
    problems: list[str]


def stage(root: Path, files: list[tuple[str, bytes]], max_bytes: int = DEFAULT_MAX_BYTES) -> Staged:
    """Save the uploaded (name, bytes) under a fresh token and preview them; nothing enters the bank yet."""
    if not files:
        raise CoachError(f"no files were sent; choose one or more {SUFFIXES_SHOWN} notes files")
    token = secrets.token_hex(8)
    folder = root / token
    folder.mkdir(parents=True)
    for name, data in files:
        safe = _safe_name(name)
        if len(data) > max_bytes:
            raise CoachError(f"{safe}: {len(data):,} bytes is over the {max_bytes:,}-byte limit per notes file")
        (folder / safe).write_bytes(data)
    return Staged(token, *preview_paths([str(folder)], max_bytes))


def commit(bank: Bank, root: Path, token: str) -> ImportReport:
    """Import what `stage` saved under `token`."""
    return import_paths(bank, [str(_folder(root, token))])


def preview(root: Path, token: str) -> Staged:
    return Staged(token, *preview_paths([str(_folder(root, token))]))


def _folder(root: Path, token: str) -> Path:
    folder = root / token
    if not _TOKEN.match(token) or not folder.is_dir():
        raise CoachError(f"no staged upload {token!r}; upload the files again")
    return folder


def _safe_name(name: str) -> str:
    """The file's own name only (no folders, no hidden files), with a notes suffix."""
    base = re.sub(r"[^\w.\- ]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    if not base or Path(base).suffix.lower() not in NOTES_SUFFIXES:
        raise CoachError(f"{name or '(no name)'}: not a notes file; upload {SUFFIXES_SHOWN} files")
    return base
