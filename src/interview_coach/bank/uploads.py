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
    chosen, skipped = _expand(files, max_bytes)
    token = secrets.token_hex(8)
    folder = root / token
    folder.mkdir(parents=True)
    for relative, data in chosen:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    previews, problems = preview_paths([str(folder)], max_bytes)
    return Staged(token, previews, [*skipped, *problems])


def _expand(files: list[tuple[str, bytes]], max_bytes: int) -> tuple[list[tuple[str, bytes]], list[str]]:
    """Every file to stage with its relative path: a notes file by its own name, a zip's notes files under a
    folder named after the zip (checked before anything is written); and one line per zip naming what it
    skipped."""
    from interview_coach.bank.archives import MAX_TOTAL_BYTES, is_zip, unpack_notes

    chosen: list[tuple[str, bytes]] = []
    skipped: list[str] = []
    for name, data in files:
        if is_zip(name):
            if len(data) > MAX_TOTAL_BYTES:
                raise CoachError(f"{name}: {len(data):,} bytes is over the {MAX_TOTAL_BYTES:,}-byte limit per zip")
            unpacked = unpack_notes(name, data, max_bytes)
            base = _safe_name(name, allow_zip=True)[: -len(".zip")] or "notes"
            chosen += [(f"{base}/{path}", body) for path, body in unpacked.files]
            if unpacked.skipped:
                shown = ", ".join(unpacked.skipped[:5]) + (" …" if len(unpacked.skipped) > 5 else "")
                skipped.append(f"{name}: skipped {len(unpacked.skipped)} files that are not notes ({shown})")
            continue
        safe = _safe_name(name)
        if len(data) > max_bytes:
            raise CoachError(f"{safe}: {len(data):,} bytes is over the {max_bytes:,}-byte limit per notes file")
        chosen.append((safe, data))
    return chosen, skipped


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


def _safe_name(name: str, allow_zip: bool = False) -> str:
    """The file's own name only (no folders, no hidden files), with a notes suffix (or .zip)."""
    base = re.sub(r"[^\w.\- ]", "_", Path(name.replace("\\", "/")).name).strip(" .")
    allowed = (*NOTES_SUFFIXES, ".zip") if allow_zip else NOTES_SUFFIXES
    if not base or Path(base).suffix.lower() not in allowed:
        raise CoachError(f"{name or '(no name)'}: not a notes file; upload {SUFFIXES_SHOWN} files or a .zip of them")
    return base
