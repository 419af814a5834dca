"""Turn what the user typed (files, folders, globs) into the notes files to import."""

from __future__ import annotations

import glob
import itertools
from dataclasses import dataclass, field
from pathlib import Path

NOTES_SUFFIXES = (".md", ".markdown", ".txt", ".csv", ".tsv")
SUFFIXES_SHOWN = ", ".join(NOTES_SUFFIXES[:-1]) + " or " + NOTES_SUFFIXES[-1]


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each, naming the path and what to do
    skipped: list[str] = field(default_factory=list)  # symlinks leading out of the folders given, one line each
    links_out: dict[Path, str] = field(default_factory=dict)  # where each skipped link leads → its message


def discover(specs: list[str]) -> Discovery:
    found = Discovery()
    seen: set[Path] = set()
    for spec in specs:
        for path in _expand(spec, found):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.files.append(path)
    # One line per place a link leads to (a glob may reach it by many paths), unless the user named it as well.
    chosen = {path.resolve() for path in found.files}
    found.skipped = [message for target, message in found.links_out.items() if target not in chosen]
    return found


def _expand(spec: str, found: Discovery) -> list[Path]:
    if glob.has_magic(spec):
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))]
        base = _glob_base(spec)
        files = [p for p in matches if p.is_file() and _is_notes(p) and _stays_inside(p, [base], found)]
        files += [f for p in matches if p.is_dir() and _stays_inside(p, [base], found) for f in _folder(p, found)]
        if not files:
            found.problems.append(f"{spec}: the pattern matches no {SUFFIXES_SHOWN} files")
        return files
    path = Path(spec).expanduser()
    if path.is_dir():
        files = _folder(path, found)
        if not files:
            found.problems.append(f"{spec}: the folder holds no {SUFFIXES_SHOWN} notes")
        return files
    if path.is_file():
        if not _is_notes(path):
            found.problems.append(f"{spec}: not a notes file; interview-coach reads {SUFFIXES_SHOWN} files")
            return []
        return [path]
    found.problems.append(f"{spec}: no such file or folder")
    return []


def _folder(folder: Path, found: Discovery) -> list[Path]:
    """Notes files under `folder`, hidden ones left out. A symlink (file or folder) is followed only when it
    leads to a place inside `folder`: notes never pull in /etc/passwd through a link (name a file to import it)."""
    root = folder.resolve()
    files: list[Path] = []
    walked: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        if current.resolve() in walked:
            continue  # a link back to a folder already read
        walked.add(current.resolve())
        for entry in _entries(current, found):
            if entry.name.startswith(".") or not (entry.is_dir() or _is_notes(entry)):
                continue
            if not _stays_inside(entry, [root], found):
                continue
            if entry.is_dir():
                pending.append(entry)
            elif entry.is_file():
                files.append(entry)
    return sorted(files)


def _entries(folder: Path, found: Discovery) -> list[Path]:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        found.problems.append(f"{folder}: cannot read the folder ({exc.strerror}); check its permissions")
        return []


def _stays_inside(path: Path, roots: list[Path], found: Discovery) -> bool:
    """True when `path` resolves inside one of `roots`; a symlink leading elsewhere is noted as skipped."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # dangling or looping link
        found.links_out.setdefault(path.absolute(), f"{path}: skipped, a symlink to nothing (or to itself)")
        return False
    if any(target.is_relative_to(root.resolve()) for root in roots):
        return True
    message = f"{path}: skipped, a symlink to {target} outside the folder given; name it as an argument to import it"
    found.links_out.setdefault(target, message)
    return False


def _glob_base(spec: str) -> Path:
    """The folder a glob searches in: its leading part without wildcards."""
    fixed = list(itertools.takewhile(lambda part: not glob.has_magic(part), Path(spec).expanduser().parts))
    return Path(*fixed) if fixed else Path(".")


def _is_notes(path: Path) -> bool:
    return path.suffix.lower() in NOTES_SUFFIXES
