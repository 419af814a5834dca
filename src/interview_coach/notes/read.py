"""Read one notes file from disk: size and type checks, encoding detection, mojibake repair."""

from __future__ import annotations

import hashlib
import re
import unicodedata
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
    warnings: tuple[str, ...] = ()  # one line each, e.g. invalid bytes replaced, with their lines


def read_notes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> NotesText:
    """Read and repair one file; raise NotesFileError with a message that says what to do."""
    data = _read_bytes(path, max_bytes)
    return decode_notes(path, data)


def decode_notes(path: Path, data: bytes) -> NotesText:
    if _looks_binary(data):
        raise NotesFileError(path, "is a binary file, not notes; pass markdown (.md .markdown .txt), CSV or TSV")
    text, encoding, bad = _decode(data)
    repaired = repair_text(text)
    digest = hashlib.sha256(data).hexdigest()
    warnings = (bad.warning(encoding),) if bad.count else ()
    return NotesText(path, repaired.text, digest, encoding, repaired.fixes, warnings)


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


@dataclass
class BadBytes:
    """Bytes the file's encoding cannot decode: how many, on which lines, and what became of them."""

    count: int = 0
    repaired: int = 0  # read as the Windows-1252 character they most likely were (’ é …)
    lines: tuple[int, ...] = ()

    def warning(self, encoding: str) -> str:
        more = len(self.lines) - 10
        shown = ", ".join(map(str, self.lines[:10])) + (f" and {more} more" if more > 0 else "")
        where = f"line{'s' if len(self.lines) > 1 else ''} {shown}"
        replaced = self.count - self.repaired
        fates = [f"{self.repaired} read as Windows-1252"] if self.repaired else []
        fates += [f"{replaced} replaced with \N{REPLACEMENT CHARACTER}"] if replaced else []
        plural = "s" if self.count > 1 else ""
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        return f"{where}: {self.count} invalid {name} byte{plural} ({', '.join(fates)}); check the text there"


def _decode(data: bytes) -> tuple[str, str, BadBytes]:
    if data.startswith(b"\xef\xbb\xbf"):
        text, bad = decode_utf8_lenient(data[3:])
        return text, "utf-8-sig", bad
    try:
        return data.decode("utf-8"), "utf-8", BadBytes()
    except UnicodeDecodeError:
        pass
    if b"\x00" not in data and _mostly_utf8(data):  # UTF-8 with a few stray bytes, not another encoding
        text, bad = decode_utf8_lenient(data)
        return text, "utf-8", bad
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), best.encoding, BadBytes()
    text, bad = decode_utf8_lenient(data, codec="cp1252")
    return text, "cp1252", bad


_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes surrogateescape kept aside


def _mostly_utf8(data: bytes) -> bool:
    """More bytes in well-formed multi-byte UTF-8 sequences than bytes outside them: legacy 8-bit text (cp1252,
    cp1251 …) forms such sequences only by chance, UTF-8 with a few stray bytes is mostly made of them."""
    valid = sum(map(len, _MULTIBYTE.findall(data)))
    invalid = sum(map(len, _ESCAPED.findall(data.decode("utf-8", errors="surrogateescape"))))
    return valid >= max(invalid, 1)


def decode_utf8_lenient(data: bytes, codec: str = "utf-8") -> tuple[str, BadBytes]:
    """Decode, repairing each byte the codec rejects: a lone byte becomes its Windows-1252 character when that is
    a letter or punctuation (text pasted from Windows), a cut-off UTF-8 sequence becomes one U+FFFD."""
    text = data.decode(codec, errors="surrogateescape")
    if not _ESCAPED.search(text):
        return text, BadBytes()
    count = repaired = 0
    lines: list[int] = []

    def fix(match: re.Match[str]) -> str:
        nonlocal count, repaired
        raw = bytes(ord(ch) - 0xDC00 for ch in match.group(0))
        lines.append(text.count("\n", 0, match.start()) + 1)
        count += len(raw)
        if codec == "utf-8" and _cut_sequence(raw):
            return "\ufffd"
        chars = [_cp1252_char(b) for b in raw]
        repaired += sum(ch is not None for ch in chars)
        return "".join(ch or "\ufffd" for ch in chars)

    fixed = _ESCAPED.sub(fix, text)
    return fixed, BadBytes(count, repaired, tuple(dict.fromkeys(lines)))


def _cut_sequence(raw: bytes) -> bool:
    """A UTF-8 lead byte followed only by continuation bytes, too few of them: a character cut off."""
    return 0xC2 <= raw[0] <= 0xF4 and len(raw) > 1 and all(0x80 <= b <= 0xBF for b in raw[1:])


def _cp1252_char(byte: int) -> str | None:
    try:
        char = bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return None
    return char if unicodedata.category(char)[0] in "LPS" else None
