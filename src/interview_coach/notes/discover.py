"""Turn what the user typed (files, folders, globs) into the notes files to import."""

from __future__ import annotations

import glob
from dataclasses import dataclass, field
from pathlib import Path

NOTES_SUFFIXES = (".md", ".markdown", ".txt", ".csv", ".tsv")


@dataclass
class Discovery:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each, naming the path and what to do


def discover(specs: list[str]) -> Discovery:
    found = Discovery()
    seen: set[Path] = set()
    for spec in specs:
        for path in _expand(spec, found):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                found.files.append(path)
    return found


def _expand(spec: str, found: Discovery) -> list[Path]:
    if glob.has_magic(spec):
        matches = [Path(p) for p in sorted(glob.glob(spec, recursive=True))]
        files = [p for p in matches if p.is_file() and _is_notes(p)]
        files += [f for p in matches if p.is_dir() for f in _folder(p)]
        if not files:
            found.problems.append(f"{spec}: the pattern matches no .md, .markdown or .txt files")
        return files
    path = Path(spec).expanduser()
    if path.is_dir():
        files = _folder(path)
        if not files:
            found.problems.append(f"{spec}: the folder holds no .md, .markdown or .txt notes")
        return files
    if path.is_file():
        if not _is_notes(path):
            found.problems.append(f"{spec}: not a notes file; interview-coach reads .md, .markdown and .txt")
            return []
        return [path]
    found.problems.append(f"{spec}: no such file or folder")
    return []


def _folder(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and _is_notes(p) and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _is_notes(path: Path) -> bool:
    return path.suffix.lower() in NOTES_SUFFIXES
