"""Notes sent as a zip archive (the web app's import): the notes files inside, read safely. A member that would
land outside the upload (an absolute path, `..`, a drive letter), a link, an encrypted member, too many members,
or more bytes than the limits — per file and in all, counted as they are read, not as the archive claims — refuse
the archive with one line; members that are not notes (images, PDFs, hidden files, macOS resource forks) are
skipped and named."""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from interview_coach.errors import CoachError
from interview_coach.notes.discover import NOTES_SUFFIXES, SUFFIXES_SHOWN

MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 100 * 1024 * 1024  # everything unpacked from one archive
_CHUNK = 64 * 1024


@dataclass
class Unpacked:
    files: list[tuple[str, bytes]] = field(default_factory=list)  # (relative posix path, bytes)
    skipped: list[str] = field(default_factory=list)  # members that are not notes files


def is_zip(name: str) -> bool:
    return name.lower().endswith(".zip")


def unpack_notes(name: str, data: bytes, max_bytes: int, max_total: int = MAX_TOTAL_BYTES) -> Unpacked:
    """The notes files in the zip `data` (called `name`), with their folders, checked as described above."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CoachError(f"{name}: not a readable zip archive ({exc}); zip the notes folder again") from exc
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise CoachError(f"{name}: {len(members):,} members is over the {MAX_MEMBERS:,} an archive may hold")
        out = Unpacked()
        total = 0
        for member in members:
            path = _member_path(name, member)
            if path is None:
                continue  # a folder entry
            if not _is_notes(path):
                out.skipped.append(member.filename)
                continue
            body = _read(archive, member, name, max_bytes)
            total += len(body)
            if total > max_total:
                raise CoachError(f"{name}: unpacks to over {max_total:,} bytes; split the notes into smaller zips")
            out.files.append((str(path), body))
    if not out.files:
        raise CoachError(f"{name}: the archive holds no {SUFFIXES_SHOWN} notes files")
    return out


def _member_path(name: str, member: zipfile.ZipInfo) -> PurePosixPath | None:
    raw = member.filename.replace("\\", "/")
    if member.is_dir():
        return None
    parts = PurePosixPath(raw).parts
    if raw.startswith("/") or ".." in parts or (parts and ":" in parts[0]):
        raise CoachError(f"{name}: member {member.filename!r} would be written outside the upload; refused")
    if stat.S_ISLNK(member.external_attr >> 16):
        raise CoachError(f"{name}: member {member.filename!r} is a link; zip the files themselves")
    if member.flag_bits & 0x1:
        raise CoachError(f"{name}: member {member.filename!r} is encrypted; zip the notes without a password")
    clean = [p for p in parts if p not in ("", ".")]
    if any(len(p.encode()) > 200 for p in clean) or len(clean) > 32:
        raise CoachError(f"{name}: member {member.filename[:80]!r}… has too long a path; shorten its names")
    return PurePosixPath(*clean) if clean else None


def _is_notes(path: PurePosixPath) -> bool:
    hidden = any(part.startswith((".", "__MACOSX")) for part in path.parts)
    return not hidden and path.suffix.lower() in NOTES_SUFFIXES


def _read(archive: zipfile.ZipFile, member: zipfile.ZipInfo, name: str, max_bytes: int) -> bytes:
    """The member's bytes, stopping as soon as they pass the limit (the header's size is not trusted)."""
    too_big = f"{name}: {member.filename} is over the {max_bytes:,}-byte limit per notes file"
    if member.file_size > max_bytes:
        raise CoachError(too_big)
    chunks, size = [], 0
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise CoachError(too_big)
                chunks.append(chunk)
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
        raise CoachError(f"{name}: cannot read {member.filename} ({exc}); zip the notes again") from exc
    return b"".join(chunks)
