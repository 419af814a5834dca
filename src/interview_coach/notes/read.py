"""Read one notes file from disk: size and type checks, encoding detection, mojibake repair."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from interview_coach.errors import NotesFileError
from interview_coach.notes.repair import repair_text

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class NotesText:
    path: Path
    text: str
    content_hash: str
    encoding: str
    repairs: int


def read_notes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> NotesText:
    """Read and repair one file; raise NotesFileError with a message that says what to do."""
    data = _read_bytes(path, max_bytes)
    return decode_notes(path, data)


def decode_notes(path: Path, data: bytes) -> NotesText:
    if _looks_binary(data):
        raise NotesFileError(path, "is a binary file, not notes; pass .md, .markdown or .txt files")
    text, encoding = _decode(data)
    repaired = repair_text(text)
    digest = hashlib.sha256(data).hexdigest()
    return NotesText(path, repaired.text, digest, encoding, repaired.fixes)


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise NotesFileError(
                path,
                f"is {size / 1_048_576:.0f} MB, over the {max_bytes / 1_048_576:.0f} MB limit for one notes "
                "file; split it, or raise the limit with --max-file-mb",
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise NotesFileError(path, "disappeared before it could be read; check the path and import again") from exc
    except IsADirectoryError as exc:
        raise NotesFileError(path, "is a folder; pass the folder itself to import it recursively") from exc
    except PermissionError as exc:
        raise NotesFileError(path, "cannot be read (permission denied); fix its permissions") from exc
    except OSError as exc:
        raise NotesFileError(path, f"cannot be read ({exc.strerror or exc}); check the file") from exc


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return not (sample.startswith((b"\xff\xfe", b"\xfe\xff")))  # UTF-16 text carries NULs
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(sample) and control / len(sample) > 0.05


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return data.decode("cp1252", errors="replace"), "cp1252"
